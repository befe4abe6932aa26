import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@guestlist/core';
import { query } from '@guestlist/core/testing';

export { query };

export async function inviteCount(databaseUrl: string): Promise<number> {
  const [row] = await query<{ n: number }>(databaseUrl, 'select count(*)::int as n from invites');
  return row!.n;
}

export interface SpawnedServer {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output: () => string;
}

const SERVER_MAIN = path.resolve(import.meta.dirname, '../src/main.ts');

/**
 * A real `apps/server` process (`main.ts`, the server alone) on a free port, on the given
 * database, with its secret key and admin key; `env` adds or overrides settings. With both
 * keys given it writes nothing into its DATA_DIR.
 */
export async function serverProcess(
  database: { databaseUrl: string; secretKey: string },
  adminKey: string,
  env: Record<string, string> = {},
): Promise<SpawnedServer & { url: string; port: number }> {
  const port = await freePort();
  const spawned = await spawnServer(SERVER_MAIN, {
    DATABASE_URL: database.databaseUrl,
    SECRET_KEY: database.secretKey,
    ADMIN_API_KEY: adminKey,
    PORT: String(port),
    DATA_DIR: path.join(tmpdir(), 'guestlist-server-process'),
    LOG_LEVEL: 'warn',
    ...env,
  });
  return { ...spawned, url: `http://127.0.0.1:${port}`, port };
}

/** Runs a Guestlist entry point as a real process and waits for its "listening" banner. */
export function spawnServer(entry: string, env: Record<string, string>): Promise<SpawnedServer> {
  return spawnProcess(entry, env, 'Guestlist is listening');
}

/**
 * Runs a Node entry point as a real process and waits until its output contains `ready`;
 * `nodeArgs` go before the entry (`--max-old-space-size=…`).
 */
export async function spawnProcess(
  entry: string,
  env: Record<string, string>,
  ready: string,
  timeoutMs = 30_000,
  nodeArgs: readonly string[] = [],
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + timeoutMs;
  while (!output.includes(ready)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, output: () => output };
}

/** SIGTERM, and the exit code once the process is gone. */
export function stopServer(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

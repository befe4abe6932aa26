import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@guestlist/core/database';
import { query } from '@guestlist/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';

export { query };

/**
 * What a request wrote, as the fuzzing suite and the ceiling matrix check it: every table a
 * request could write, each as its row count and a sum over row versions (xmin changes on
 * every insert and update). Rate-limit counters are the request's own bookkeeping, and an API
 * key's `last_used_at` is its use, not its input: both left out.
 */
export async function writeOracle(
  database: pg.Client,
): Promise<{ tables: string[]; fingerprint: () => Promise<string> }> {
  const { rows } = await database.query<{ name: string }>(
    `select format('%I.%I', table_schema, table_name) as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema in ('public', 'pgboss')
        and table_name not in ('mikro_orm_migrations', 'rate_limits', 'api_keys', 'version')
      order by 1`,
  );
  const text = [
    ...rows.map(
      ({ name }) =>
        `select '${name}' as t, count(*)::text || ':' || coalesce(sum(xmin::text::bigint), 0) as f from ${name}`,
    ),
    `select 'api_keys', count(*)::text || ':' || coalesce(sum(hashtext((to_jsonb(k) - 'last_used_at')::text)), 0) from api_keys k`,
  ].join(' union all ');
  return {
    tables: rows.map((row) => row.name),
    async fingerprint() {
      const result = await database.query<{ t: string; f: string }>(text);
      return result.rows.map((row) => `${row.t}=${row.f}`).join(' ');
    },
  };
}

/**
 * A REST test file's server and what checks its writes: set by {@link useRestServer}'s
 * `beforeAll`. The bindings are live: read them inside tests and hooks.
 */
export let server: TestServer;
/** The operator's client on `/api/v1`. */
export let api: ReturnType<typeof httpClient>;
/** A connection of the file's own on the server's database. */
export let database: pg.Client;
/** {@link writeOracle}'s fingerprint of what requests wrote. */
export let fingerprint: () => Promise<string>;

/**
 * Starts the file's own server (and database) before its tests, and stops it after. `options`
 * is read when the server starts, so a file's own `beforeAll` registered earlier can prepare
 * what it names; vitest runs `beforeAll` hooks in order and `afterAll` hooks in reverse, so
 * that file's `afterAll` runs once the server is closed.
 */
export function useRestServer(
  options: () => Parameters<typeof startTestServer>[1] = () => ({}),
): void {
  beforeAll(async () => {
    server = await startTestServer(inject('databaseServerUrl'), options());
    api = httpClient(`${server.url}/api/v1`, server.adminKey);
    database = new pg.Client({ connectionString: server.databaseUrl });
    await database.connect();
    fingerprint = (await writeOracle(database)).fingerprint;
  });
  afterAll(async () => {
    await database?.end();
    await server?.close();
  });
}

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

import { type ChildProcess, spawn } from 'node:child_process';
import pg from 'pg';

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

export async function inviteCount(databaseUrl: string): Promise<number> {
  const [row] = await query<{ n: number }>(databaseUrl, 'select count(*)::int as n from invites');
  return row!.n;
}

export interface SpawnedServer {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output: () => string;
}

/** Runs a Guestlist entry point as a real process and waits for its "listening" banner. */
export async function spawnServer(
  entry: string,
  env: Record<string, string>,
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [entry], {
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
  const deadline = Date.now() + 30_000;
  while (!output.includes('Guestlist is listening')) {
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

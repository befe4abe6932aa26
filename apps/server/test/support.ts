import { type ChildProcess, spawn } from 'node:child_process';
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

/** Runs a Guestlist entry point as a real process and waits for its "listening" banner. */
export function spawnServer(entry: string, env: Record<string, string>): Promise<SpawnedServer> {
  return spawnProcess(entry, env, 'Guestlist is listening');
}

/** Runs a Node entry point as a real process and waits until its output contains `ready`. */
export async function spawnProcess(
  entry: string,
  env: Record<string, string>,
  ready: string,
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

import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '@guestlist/core/database';
import { type TestGuestlist, testGuestlist } from '@guestlist/core/testing';
import { waitFor } from '@guestlist/worker/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * Logs read by a person on a terminal are lines of text; anywhere else one JSON object per
 * line. Either way, codes in paths are redacted. `script` gives the server a terminal.
 */

const SERVER = path.resolve(import.meta.dirname, '../src/main.ts');
const ADMIN_KEY = `gl_${'Terminal00'.repeat(4)}`;
const CODE = 'TerminalCode7x';
let database: TestGuestlist;
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await testGuestlist(inject('databaseServerUrl'));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await database?.close();
});

async function serve(onTerminal: boolean): Promise<string> {
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: database.databaseUrl,
    SECRET_KEY: database.secretKey,
    ADMIN_API_KEY: ADMIN_KEY,
    PORT: String(port),
    LOG_LEVEL: 'info',
  };
  const command = `exec '${process.execPath}' '${SERVER}'`;
  const child = onTerminal
    ? spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn(process.execPath, [SERVER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await waitFor(() => output.includes('Guestlist is listening'), {
    what: 'the server to start',
    timeoutMs: 30_000,
  });
  expect((await fetch(`http://127.0.0.1:${port}/i/${CODE}`)).status).toBeLessThan(500);
  await waitFor(() => output.includes('request completed'), { what: 'the request to be logged' });
  child.kill('SIGTERM');
  await waitFor(() => child.exitCode !== null, { what: 'the server to stop' });
  return output;
}

describe('logs on a terminal and elsewhere', () => {
  it('are readable lines on a terminal, with codes redacted', async () => {
    const output = await serve(true);
    expect(output).toMatch(/INFO.*request completed/);
    expect(output).toContain('/i/[redacted]');
    expect(output).not.toContain(CODE);
    expect(output).not.toContain('{"level":');
  }, 60_000);

  it('are JSON lines anywhere else, with codes redacted', async () => {
    const output = await serve(false);
    const lines = output.split('\n').filter((line) => line.startsWith('{'));
    const completed = lines.map((line) => JSON.parse(line)).find((entry) => entry.res);
    expect(completed.msg).toBe('request completed');
    expect(output).toContain('/i/[redacted]');
    expect(output).not.toContain(CODE);
  }, 60_000);
});

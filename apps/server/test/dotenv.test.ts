import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, loadDotEnv } from '@guestlist/core/database';
import { type TestGuestlist, testGuestlist } from '@guestlist/core/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stopServer } from './support.ts';

/** Spec §10: a `.env` in the working directory is read at start; the real environment wins. */

const SERVER = path.resolve(import.meta.dirname, '../src/main.ts');
const WORKER = path.resolve(import.meta.dirname, '../../worker/src/main.ts');
const DOTENV_KEY = `gl_${'DotEnvKey0'.repeat(4)}`;
const SETTINGS = ['PORT', 'DATABASE_URL', 'SECRET_KEY', 'ADMIN_API_KEY', 'PUBLIC_URL'];

let database: TestGuestlist;
let cwd: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await testGuestlist(inject('databaseServerUrl'));
  cwd = await mkdtemp(path.join(tmpdir(), 'guestlist-dotenv-'));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) await stopServer(child);
  await database?.close();
  await rm(cwd, { recursive: true, force: true });
});

/** A Node entry point run in `cwd` with `env` as its only settings, until its output has `ready`. */
async function run(entry: string, env: Record<string, string>, ready: string) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !SETTINGS.includes(name)),
  );
  const child = spawn(process.execPath, [entry], {
    cwd,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  while (!output.includes(ready)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`no "${ready}":\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return child;
}

describe('.env', () => {
  it('sets what the environment lacks, and nothing it has, even empty', async () => {
    const file = path.join(cwd, 'probe.env');
    await writeFile(
      file,
      '# a comment\nFROM_FILE="quoted # not a comment"\nSET_EMPTY=file\nSET=file\nexport EXPORTED=yes\n',
    );
    const target: NodeJS.ProcessEnv = { SET: 'environment', SET_EMPTY: '' };
    expect(loadDotEnv(file, target).sort()).toEqual(['EXPORTED', 'FROM_FILE']);
    expect(target).toEqual({
      SET: 'environment',
      SET_EMPTY: '',
      FROM_FILE: 'quoted # not a comment',
      EXPORTED: 'yes',
    });
    expect(loadDotEnv(path.join(cwd, 'absent.env'), target)).toEqual([]);
  });

  it('configures the server and the worker started in its directory', async () => {
    const port = await freePort();
    const metricsPort = await freePort();
    await writeFile(
      path.join(cwd, '.env'),
      [
        `PORT=${port}`,
        `DATABASE_URL=${database.databaseUrl}`,
        `SECRET_KEY=${database.secretKey}`,
        `ADMIN_API_KEY=${DOTENV_KEY}`,
        'PUBLIC_URL=https://from-dotenv.example',
        `METRICS_PORT=${metricsPort}`,
        '',
      ].join('\n'),
    );
    // The real environment wins over the file.
    const env = { PUBLIC_URL: 'https://from-environment.example', LOG_LEVEL: 'info' };
    await run(SERVER, env, `Guestlist is listening on http://127.0.0.1:${port}`);
    const created = await fetch(`http://127.0.0.1:${port}/api/v1/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DOTENV_KEY}`, 'content-type': 'application/json' },
      body: '{"count":1}',
    });
    expect(created.status).toBe(201);
    const [invite] = ((await created.json()) as { data: { url: string }[] }).data;
    expect(invite!.url).toMatch(/^https:\/\/from-environment\.example\/i\//);

    // The worker needs DATABASE_URL, which only the file gives it; it serves metrics where the
    // file says.
    await run(WORKER, env, 'serving GET /metrics');
    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(401);
  }, 60_000);
});

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@guestlist/core/database';
import { createTestDatabase } from '@guestlist/core/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { httpClient } from './http.ts';
import { stopServer } from './support.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const SECRET_KEY = 'production-build-secret-key-0123456789abcdef';
const ADMIN_KEY = `gl_${'Pr0dBu1ld'.repeat(4)}abcd`;

let work: string;
let app: string;
let database: { url: string; drop: () => Promise<void> };
const children: ChildProcess[] = [];

/**
 * Runs one of the build's start scripts as the container does: `sh`, the given environment and
 * nothing else (no pnpm, no repository on the way), Node 24 first on PATH.
 */
function startScript(script: string, env: Record<string, string>, cwd: string) {
  const child = spawn('/bin/sh', [path.join(app, script)], {
    cwd,
    env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'guestlist-build-'));
  const built = path.join(work, 'built');
  try {
    await run(path.join(ROOT, 'scripts/container/build.sh'), [built], {
      cwd: ROOT,
      maxBuffer: 16 << 20,
    });
  } catch (error) {
    // execFile's message names the command only: what the build said is the diagnosis.
    const { stdout, stderr, signal, code } = error as {
      stdout?: string;
      stderr?: string;
      signal?: string;
      code?: number;
    };
    throw new Error(
      `the build failed (exit ${code}, signal ${signal}):\n${stdout?.slice(-4000)}\n${stderr?.slice(-4000)}`,
    );
  }
  // Moved, not used in place: the build must carry no path of where it was made.
  app = path.join(work, 'app');
  await run('mv', [built, app]);
  database = await createTestDatabase(inject('databaseServerUrl'));
}, 180_000);

afterAll(async () => {
  await Promise.all(children.filter((c) => c.exitCode === null).map((c) => stopServer(c)));
  await database?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the production build (scripts/container/build.sh)', () => {
  it('is plain JavaScript with production dependencies only', async () => {
    const dist = await readdir(path.join(app, 'dist'));
    expect(dist).toEqual(
      expect.arrayContaining(['server.js', 'worker.js', 'start.js', 'guestlist-server.js']),
    );
    expect(dist.filter((file) => file.endsWith('.ts'))).toEqual([]);
    const modules = await readdir(path.join(app, 'node_modules'));
    expect(modules).toEqual(expect.arrayContaining(['fastify', 'pg', 'pg-boss']));
    for (const dev of ['vitest', 'vite', 'tsdown', 'fast-check', '@biomejs', '@guestlist'])
      expect(modules).not.toContain(dev);
    expect(existsSync(path.join(app, 'web/index.html'))).toBe(true);
  });

  it('serves /healthz and an invite round trip from its own folder, and its worker sends the mail', async () => {
    const cwd = await mkdtemp(path.join(work, 'run-'));
    const port = await freePort();
    const env = {
      DATABASE_URL: database.url,
      SECRET_KEY,
      ADMIN_API_KEY: ADMIN_KEY,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    };
    const server = startScript('start-server.sh', { ...env, DATA_DIR: 'server-data' }, cwd);
    await until(
      async () => (server.output().includes('Guestlist is listening') ? true : undefined),
      `the server's banner: ${server.output()}`,
    );
    const url = `http://127.0.0.1:${port}`;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    // The browser app comes from the build's web/ folder.
    const page = await fetch(`${url}/`);
    expect(await page.text()).toContain('<div id="root">');

    // The server alone sends nothing: the worker of the same build delivers the email.
    const worker = startScript('start-worker.sh', { ...env, DATA_DIR: 'worker-data' }, cwd);
    const api = httpClient(`${url}/api/v1`, ADMIN_KEY);
    const sent = await api.post('/invites/send', { email: 'ada@example.com' });
    expect(sent.status).toBe(202);
    const invite = sent.body.data[0];
    const mailDir = path.join(cwd, 'worker-data/mail');
    const eml = await until(async () => {
      const files = existsSync(mailDir) ? await readdir(mailDir) : [];
      return files.find((file) => file.endsWith('.eml'));
    }, `the worker's email: ${worker.output()}`);
    const mail = await readFile(path.join(mailDir, eml), 'utf8');
    expect(mail).toContain('ada@example.com');
    expect(mail).toContain(`${url}/i/${invite.code}`);
    expect(existsSync(path.join(cwd, 'server-data/mail'))).toBe(false);

    const validate = await api.get(`/invites/${invite.code}/validate`, { token: null });
    expect(validate.status).toBe(200);
    expect(validate.body.data.valid).toBe(true);
    const registered = await api.post(
      '/auth/register',
      {
        email: 'ada@example.com',
        username: 'ada',
        password: 'correct horse battery staple',
        inviteCode: invite.code,
      },
      { token: null },
    );
    expect(registered.status).toBe(201);
    expect((await api.get(`/invites/${invite.id}`)).body.data.status).toBe('accepted');

    expect(await stopServer(worker.child)).toBe(0);
    expect(await stopServer(server.child)).toBe(0);
    expect(server.output()).not.toContain(SECRET_KEY);

    // The server's tools ship too: a backup of what the round trip wrote (spec §10).
    const backup = path.join(cwd, 'guestlist.export');
    const exported = await run(path.join(app, 'guestlist-server.sh'), ['export', '--out', backup], {
      cwd,
      env: { PATH: process.env.PATH, DATABASE_URL: database.url, SECRET_KEY },
    });
    expect(exported.stdout).toMatch(/^ {2}(public\.)?invites +1$/m);
    expect(exported.stdout).toContain(`to ${backup}`);
    expect((await stat(backup)).mode & 0o777).toBe(0o600);
  }, 90_000);
});

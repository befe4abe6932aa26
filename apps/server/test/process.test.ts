import { statSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { freePort, makeTempDataDir } from '@guestlist/core/database';
import { afterAll, describe, expect, it } from 'vitest';
import { type SpawnedServer, spawnServer, stopServer } from './support.ts';

const START = path.resolve(import.meta.dirname, '../src/start.ts');
const dataDir = path.dirname(await makeTempDataDir('guestlist-start'));

interface Started extends SpawnedServer {
  url: string;
}

/** Runs `pnpm start`'s entry point as a real process and waits for its banner. */
async function start(env: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const server = await spawnServer(START, {
    DATABASE_URL: '',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...env,
  });
  return { ...server, url: `http://127.0.0.1:${port}` };
}

const stop = (started: Started) => stopServer(started.child);

afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('pnpm start (embedded PostgreSQL)', () => {
  it('prints where it listens and a new admin key, which creates and lists invites; data survives a restart', async () => {
    const first = await start();
    const key = /\n {2}(gl_[0-9A-Za-z]{40})\n/.exec(first.output())?.[1];
    expect(key).toBeDefined();
    expect(first.output()).toContain(`Guestlist is listening on ${first.url}`);
    const file = path.join(dataDir, 'admin-api-key');
    expect((await readFile(file, 'utf8')).trim()).toBe(key);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const created = await fetch(`${first.url}/api/v1/invites`, {
      method: 'POST',
      headers,
      body: '{"count":2}',
    });
    expect(created.status).toBe(201);
    const invites = ((await created.json()) as { data: { id: string }[] }).data;
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    expect(await stop(first)).toBe(0);

    const second = await start();
    // The key exists already: it is not generated (nor printed) again.
    expect(second.output()).not.toMatch(/gl_[0-9A-Za-z]{40}/);
    const listed = await fetch(`${second.url}/api/v1/invites`, { headers });
    const body = (await listed.json()) as { total: number; data: { id: string }[] };
    expect(body.total).toBe(2);
    expect(body.data.map((i) => i.id).sort()).toEqual(invites.map((i) => i.id).sort());
    expect(await stop(second)).toBe(0);
  }, 90_000);

  it("makes ADMIN_API_KEY a working key with every permission, and serves the worker's metrics", async () => {
    const adminKey = `gl_${'A1b2C3d4'.repeat(5)}`;
    const started = await start({ ADMIN_API_KEY: adminKey });
    const res = await fetch(`${started.url}/api/v1/settings`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(res.status).toBe(200);
    // The worker runs in this process: its counters are in the server's /metrics.
    const metrics = await fetch(`${started.url}/metrics`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    const text = await metrics.text();
    expect(text).toContain('# TYPE guestlist_emails_total counter');
    expect(text).toMatch(/^guestlist_invites_expired_total 0$/m);
    expect(text).toMatch(
      /^guestlist_http_requests_total\{method="GET",route="\/api\/v1\/settings",status="200"\} 1$/m,
    );
    expect(started.output()).not.toContain(adminKey);
    expect(await stop(started)).toBe(0);
  }, 60_000);
});

import http from 'node:http';
import { HEAVY_CALLS_AT_ONCE, TRPC_BATCH_MAX } from '@guestlist/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';

/**
 * Spec R22 through the server's own tRPC adapter (the SDK's batch shape): batches of heavy
 * calls whose clients hang up while they run or wait still run HEAVY_CALLS_AT_ONCE at a time,
 * and give every turn back once they end.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
});
afterAll(() => server?.close());

const calls = Array(TRPC_BATCH_MAX).fill('audit.list');
const inputs = Object.fromEntries(calls.map((_, index) => [index, {}]));
const BATCH = `/trpc/${calls.join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`;

function sendAndHangUp(afterMs: number): Promise<void> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve) => {
    const request = http.request({
      host: hostname,
      port,
      path: BATCH,
      headers: { authorization: `Bearer ${server.adminKey}` },
    });
    request.on('error', () => resolve());
    request.end();
    setTimeout(() => {
      request.destroy();
      resolve();
    }, afterMs);
  });
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('tRPC batches of heavy calls whose clients hang up (R22)', () => {
  it(`still run at most ${HEAVY_CALLS_AT_ONCE} calls at once`, async () => {
    const audit = server.guestlist.audit;
    const list = audit.list.bind(audit);
    const inside = { now: 0, most: 0 };
    audit.list = async (...args) => {
      inside.most = Math.max(inside.most, ++inside.now);
      try {
        return await list(...args);
      } finally {
        inside.now--;
      }
    };
    const locker = new pg.Client({ connectionString: server.databaseUrl });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table audit_events in access exclusive mode');
      await Promise.all(Array.from({ length: 4 }, () => sendAndHangUp(500)));
      await until(() => inside.now > HEAVY_CALLS_AT_ONCE, 1500);
      expect(inside.now).toBe(HEAVY_CALLS_AT_ONCE);
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${server.url}${BATCH}`, { headers: { authorization: `Bearer ${server.adminKey}` } }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    expect(inside.most).toBe(HEAVY_CALLS_AT_ONCE);
  });
});

import http from 'node:http';
import { HEAVY_CALLS_AT_ONCE } from '@guestlist/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';

/**
 * Spec R22: heavy calls take their turn, HEAVY_CALLS_AT_ONCE at a time. A client that hangs up
 * while its call runs must not hand the turn on before the call ends, or a loop of requests
 * dropped at once would run every one of them together.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
});
afterAll(() => server?.close());

/** Sends a request and hangs up `afterMs` later, without waiting for the answer. */
function sendAndHangUp(path: string, token: string, afterMs: number): Promise<void> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve) => {
    const request = http.request({
      host: hostname,
      port,
      path,
      headers: { authorization: `Bearer ${token}` },
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
  while (!check()) {
    if (Date.now() > end) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('heavy calls whose clients hang up (R22)', () => {
  it(`still run at most ${HEAVY_CALLS_AT_ONCE} at once`, async () => {
    const admin = httpClient(`${server.url}/api/v1`, server.adminKey);
    expect((await admin.get('/audit')).status).toBe(200);
    // Audit lists wait on this lock while it is held; the calls inside the domain's list are
    // those that got their turn (the domain's own method, counted, not replaced).
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
      const requests = HEAVY_CALLS_AT_ONCE * 2;
      // Every request reaches its turn or the queue, then its client leaves.
      await Promise.all(
        Array.from({ length: requests }, () =>
          sendAndHangUp('/api/v1/audit', server.adminKey, 500),
        ),
      );
      await until(() => inside.now > HEAVY_CALLS_AT_ONCE, 1500);
      expect(inside.now).toBe(HEAVY_CALLS_AT_ONCE);
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    // Once the lock is gone every call ends and gives its turn back: the gate is whole again.
    const answers = await Promise.all(
      Array.from({ length: HEAVY_CALLS_AT_ONCE * 2 }, () => admin.get('/audit')),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    expect(inside.most).toBe(HEAVY_CALLS_AT_ONCE);
  });
});

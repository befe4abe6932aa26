import { HEAVY_CALLS_AT_ONCE } from '@guestlist/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { countAuditLists, sendAndHangUp, until, withAuditLocked } from './audit-gate.ts';
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

describe('heavy calls whose clients hang up (R22)', () => {
  it(`still run at most ${HEAVY_CALLS_AT_ONCE} at once`, async () => {
    const admin = httpClient(`${server.url}/api/v1`, server.adminKey);
    expect((await admin.get('/audit')).status).toBe(200);
    const inside = countAuditLists(server);
    await withAuditLocked(server, async () => {
      // Every request reaches its turn or the queue, then its client leaves.
      await Promise.all(
        Array.from({ length: HEAVY_CALLS_AT_ONCE * 2 }, () =>
          sendAndHangUp(server, '/api/v1/audit', 500),
        ),
      );
      await until(() => inside.now > HEAVY_CALLS_AT_ONCE, 1500);
      expect(inside.now).toBe(HEAVY_CALLS_AT_ONCE);
    });
    // Once the lock is gone every call ends and gives its turn back: the gate is whole again.
    const answers = await Promise.all(
      Array.from({ length: HEAVY_CALLS_AT_ONCE * 2 }, () => admin.get('/audit')),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    expect(inside.most).toBe(HEAVY_CALLS_AT_ONCE);
  });
});

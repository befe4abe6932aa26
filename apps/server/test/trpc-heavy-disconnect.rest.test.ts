import { HEAVY_CALLS_AT_ONCE, TRPC_BATCH_MAX } from '@guestlist/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { countAuditLists, sendAndHangUp, until, withAuditLocked } from './audit-gate.ts';

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

describe('tRPC batches of heavy calls whose clients hang up (R22)', () => {
  it(`still run at most ${HEAVY_CALLS_AT_ONCE} calls at once`, async () => {
    const inside = countAuditLists(server);
    await withAuditLocked(server, async () => {
      await Promise.all(Array.from({ length: 4 }, () => sendAndHangUp(server, BATCH, 500)));
      await until(() => inside.now > HEAVY_CALLS_AT_ONCE, 1500);
      expect(inside.now).toBe(HEAVY_CALLS_AT_ONCE);
    });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${server.url}${BATCH}`, { headers: { authorization: `Bearer ${server.adminKey}` } }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    expect(inside.most).toBe(HEAVY_CALLS_AT_ONCE);
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';

let server: TestServer;
let admin: ReturnType<typeof httpClient>;
let anonymous: ReturnType<typeof httpClient>;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  admin = httpClient(`${server.url}/api/v1`, server.adminKey);
  anonymous = httpClient(`${server.url}/api/v1`);
});
afterAll(() => server?.close());

function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

async function users(prefix: string, n: number) {
  await admin.patch('/settings', { registration: 'open' });
  try {
    return await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const res = await anonymous.post('/auth/register', {
          email: `${prefix}${i}@race.test`,
          username: `${prefix}${i}`,
          password: 'correct horse battery',
        });
        expect(res.status).toBe(201);
        return httpClient(`${server.url}/api/v1`, res.body.data.token);
      }),
    );
  } finally {
    await admin.patch('/settings', { registration: 'invite-only' });
  }
}

describe('atomic redemption (R6)', () => {
  it('50 concurrent registrations with one single-use code: exactly one succeeds', async () => {
    const [inv] = (await admin.post('/invites', {})).body.data;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        anonymous.post('/auth/register', {
          email: `racer${i}@race.test`,
          username: `racer${i}`,
          password: 'correct horse battery',
          inviteCode: inv.code,
        }),
      ),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 201: 1, 410: 49 });
    expect(
      results.filter((r) => r.status === 410).every((r) => r.body.code === 'INVITE_USED'),
    ).toBe(true);
    const after = (await admin.get(`/invites/${inv.id}`)).body.data;
    expect(after).toMatchObject({ status: 'accepted', uses: 1 });
    const winner = results.find((r) => r.status === 201)!.body.data.user;
    expect(after.inviteeId).toBe(winner.id);
    // The losers' accounts were rolled back with their failed redemption.
    const all = (await admin.get('/users?page[size]=100')).body.data.map(
      (u: { username: string }) => u.username,
    );
    expect(all.filter((name: string) => name.startsWith('racer'))).toEqual([winner.username]);
  }, 60_000);

  it('20 concurrent accepts of a maxUses 3 invite: exactly three succeed', async () => {
    const [inv] = (await admin.post('/invites', { maxUses: 3 })).body.data;
    const accepters = await users('accepter', 20);
    const results = await Promise.all(
      accepters.map((api) => api.post(`/invites/${inv.code}/accept`)),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 200: 3, 410: 17 });
    expect((await admin.get(`/invites/${inv.id}`)).body.data).toMatchObject({
      status: 'accepted',
      uses: 3,
    });
    expect((await admin.get(`/invites/${inv.id}/redemptions`)).body.data).toHaveLength(3);
  }, 60_000);

  it('one user racing themselves on a multi-use invite redeems once', async () => {
    const [inv] = (await admin.post('/invites', { maxUses: null })).body.data;
    const [api] = await users('twin', 1);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => api!.post(`/invites/${inv.code}/accept`)),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 200: 1, 409: 4 });
    expect((await admin.get(`/invites/${inv.id}`)).body.data.uses).toBe(1);
  }, 60_000);
});

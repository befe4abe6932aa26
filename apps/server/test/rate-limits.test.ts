import type { ChildProcess } from 'node:child_process';
import { type TestGuestlist, testGuestlist } from '@guestlist/core/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer } from '../src/testing.ts';
import { serverProcess, stopServer } from './support.ts';

const ADMIN_KEY = `gl_${'RateLimit0'.repeat(4)}`;
let database: TestGuestlist;
const servers: { child: ChildProcess; url: string }[] = [];

/** A server trusting one proxy hop, with small limits to reach quickly. */
const limitedServer = () =>
  serverProcess(database, ADMIN_KEY, {
    TRUST_PROXY: 'true',
    RATE_LIMIT_CODES: '6',
    RATE_LIMIT_AUTH: '4',
  });

beforeAll(async () => {
  database = await testGuestlist(inject('databaseServerUrl'));
  servers.push(await limitedServer(), await limitedServer());
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map(({ child }) => stopServer(child)));
  await database?.close();
});

async function get(i: number, pathname: string, ip: string) {
  return fetch(`${servers[i % 2]!.url}/api/v1${pathname}`, { headers: { 'x-forwarded-for': ip } });
}

describe('rate limits across two server processes (R18)', () => {
  it('share one budget per client IP for validate and redeem', async () => {
    const created = await fetch(`${servers[0]!.url}/api/v1/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    const code = ((await created.json()) as { data: { code: string }[] }).data[0]!.code;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await get(i, `/invites/${code}/validate`, '203.0.113.7')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    for (const i of [0, 1]) {
      const limited = await get(i, `/invites/${code}/validate`, '203.0.113.7');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(((await limited.json()) as { code: string }).code).toBe('RATE_LIMITED');
    }
    // Another client (TRUST_PROXY: X-Forwarded-For names it) has its own budget.
    expect((await get(0, `/invites/${code}/validate`, '203.0.113.8')).status).toBe(200);
  });

  it('take the client IP from the proxy hop only, not from what the client wrote before it', async () => {
    const statuses: number[] = [];
    // Each request claims another origin in front; the proxy's entry (the last) is what counts.
    for (let i = 0; i < 8; i++)
      statuses.push(
        (await get(i, '/invites/unknown-code/validate', `10.9.9.${i}, 203.0.113.77`)).status,
      );
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 429, 429]);
  });

  it('count an IPv6 client by its /64 and an IPv4-mapped address as the IPv4 address (R23)', async () => {
    const statuses: number[] = [];
    // 70 addresses of one /64, each asked once: one budget of 6 between them.
    for (let i = 0; i < 70; i++)
      statuses.push(
        (await get(i, '/invites/unknown-code/validate', `2001:db8:7:7::${(i + 1).toString(16)}`))
          .status,
      );
    expect(statuses.filter((status) => status === 404)).toHaveLength(6);
    expect(statuses.slice(6).every((status) => status === 429)).toBe(true);
    // The next /64 is another client.
    expect((await get(0, '/invites/unknown-code/validate', '2001:db8:7:8::1')).status).toBe(404);

    const mixed: number[] = [];
    for (let i = 0; i < 8; i++)
      mixed.push(
        (await get(i, '/invites/unknown-code/validate', i % 2 ? '::ffff:10.9.9.9' : '10.9.9.9'))
          .status,
      );
    expect(mixed).toEqual([404, 404, 404, 404, 404, 404, 429, 429]);
  });

  it('share one budget for login, answered 429 before the password is checked', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${servers[i % 2]!.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.4' },
        body: JSON.stringify({ handle: 'nobody', password: `guess-number-${i}` }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });
});

describe('TRUST_PROXY off', () => {
  it('ignores X-Forwarded-For: every forged address shares the socket’s budget', async () => {
    const server = await startTestServer(inject('databaseServerUrl'), {
      rateLimits: { codes: 3, auth: 3 },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${server.url}/api/v1/invites/nothing/validate`, {
          headers: { 'x-forwarded-for': `192.0.2.${i}` },
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
      // The invite page draws on the same budget: it, too, tells whether a code exists.
      const page = await fetch(`${server.url}/i/whatever`);
      expect(page.status).toBe(429);
      expect(page.headers.get('retry-after')).toMatch(/^[0-9]+$/);
    } finally {
      await server.close();
    }
  });
});

describe('declining by code', () => {
  it('draws on the codes budget: its 403 or 404 tells whether a code exists (R3, R18)', async () => {
    const server = await startTestServer(inject('databaseServerUrl'), {
      rateLimits: { codes: 3, auth: 100 },
    });
    const api = (path: string, body: unknown, token = server.adminKey) =>
      fetch(`${server.url}/api/v1${path}`, {
        method: path === '/settings' ? 'PATCH' : 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    try {
      // Signed up without a code, so that nothing else spends the budget.
      await api('/settings', { registration: 'open' });
      const signup = await api('/auth/register', {
        email: 'guesser@limits.test',
        username: 'guesser',
        password: 'correct horse battery',
      });
      const { token } = ((await signup.json()) as { data: { token: string } }).data;
      const created = await api('/invites', { notify: false });
      const { code } = ((await created.json()) as { data: { code: string }[] }).data[0]!;
      const statuses: number[] = [];
      for (const guess of [code, 'no-such-code-1', 'no-such-code-2', code, 'no-such-code-3'])
        statuses.push((await api(`/invites/${guess}/decline`, {}, token)).status);
      expect(statuses).toEqual([403, 404, 404, 429, 429]);
    } finally {
      await server.close();
    }
  });
});

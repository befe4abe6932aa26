import { query } from '@guestlist/core/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import {
  api,
  env,
  linkToken,
  PASSWORD,
  settle,
  signUp,
  useLifecycleServer,
} from './account-lifecycle-setup.ts';
import { httpClient } from './http.ts';

useLifecycleServer();

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  query<T>(env.server.databaseUrl, text, params);
const login = (handle: string, password: string) =>
  env.anonymous.post('/auth/login', { handle, password });

describe('no squatting survives the owner’s proof (spec §8)', () => {
  it('a reset link to the squatter’s old address cannot take the account back', async () => {
    // The squatter holds a reset link for an address they own, then moves onto the victim's.
    const squatter = await signUp('backdoor', 'backdoor@example.com');
    await settle();
    await env.anonymous.post('/auth/password-reset', { email: 'backdoor@example.com' });
    const kept = await linkToken('backdoor@example.com', '/reset-password');
    const moved = await api(squatter.token).patch('/me', { email: 'victim.four@example.com' });
    expect(moved.status).toBe(200);
    // The owner proves the address: the account is theirs, the squatter's session is dead.
    const proof = await linkToken('victim.four@example.com', '/verify-email');
    expect((await env.anonymous.post('/auth/verify-email', { token: proof })).status).toBe(200);
    expect((await api(squatter.token).get('/me')).status).toBe(401);

    // The link went to an address the account has left: it proves nothing, it resets nothing.
    const back = await env.anonymous.post('/auth/password-reset/confirm', {
      token: kept,
      password: 'the squatter again',
    });
    expect(back.status).toBe(400);
    expect(back.body.code).toBe('INVALID_TOKEN');
    expect((await login('victim.four@example.com', 'the squatter again')).status).toBe(401);
  });

  it('a change of address retires the reset links sent to the old one', async () => {
    const { user, token, email } = await signUp('relocated');
    await env.anonymous.post('/auth/password-reset', { email });
    await linkToken(email, '/reset-password');
    expect((await api(token).patch('/me', { email: 'relocated.new@example.com' })).status).toBe(
      200,
    );
    const [row] = await sql<{ n: number }>(
      `select count(*)::int as n from account_tokens
        where user_id = $1 and purpose = 'reset-password' and used_at is null`,
      [user.id],
    );
    expect(row!.n).toBe(0);
  });

  it('a sign-in racing the owner’s proof does not keep a session', async () => {
    const squatter = await signUp('racing', 'victim.five@example.com');
    const proof = await linkToken('victim.five@example.com', '/verify-email');
    // Sign-ins that read the squatter's password before the proof commits, and finish after.
    const logins = Array.from({ length: 4 }, () => login('racing', PASSWORD));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const verified = await env.anonymous.post('/auth/verify-email', { token: proof });
    expect(verified.status).toBe(200);
    const sessions = (await Promise.all(logins))
      .filter((res) => res.status === 200)
      .map((res) => res.body.data.token as string);
    const alive = [];
    for (const session of [squatter.token, ...sessions]) {
      if ((await api(session).get('/me')).status === 200) alive.push(session);
    }
    expect(alive).toEqual([]);
  });
});

describe('PATCH /me is rate limited like registration (R18)', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer(inject('databaseServerUrl'), {
      rateLimits: { codes: 1000, auth: 6 },
    });
    const admin = httpClient(`${limited.url}/api/v1`, limited.adminKey);
    expect((await admin.patch('/settings', { registration: 'open' })).status).toBe(200);
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('a change of address counts against the auth budget: no unbounded probe nor mail', async () => {
    const anonymous = httpClient(`${limited.url}/api/v1`);
    const register = (username: string) =>
      anonymous.post('/auth/register', {
        email: `${username}@example.com`,
        username,
        password: PASSWORD,
      });
    expect((await register('taken')).status).toBe(201);
    const prober = await register('prober');
    expect(prober.status).toBe(201);
    const me = httpClient(`${limited.url}/api/v1`, prober.body.data.token);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const email = i % 2 ? 'taken@example.com' : `elsewhere${i}@example.com`;
      statuses.push((await me.patch('/me', { email })).status);
    }
    expect(statuses).toContain(429);
    // A name alone guesses nothing and sends nothing: it stays free.
    expect((await me.patch('/me', { name: 'Prober' })).status).toBe(200);
  });
});

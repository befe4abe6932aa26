/**
 * What the account tests share: one server per test file, an admin client, an anonymous one,
 * and people made through registration with an invite. The bindings are live: read them
 * inside tests and hooks, after {@link useServer}'s `beforeAll` has run.
 */
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';
import { query } from './support.ts';

export let server: TestServer;
export let admin: ReturnType<typeof httpClient>;
export let anonymous: ReturnType<typeof httpClient>;
export let serial = 0;

/** Starts the file's own server (and database) before its tests, and stops it after. */
export function useServer(): void {
  beforeAll(async () => {
    server = await startTestServer(inject('databaseServerUrl'));
    admin = httpClient(`${server.url}/api/v1`, server.adminKey);
    anonymous = httpClient(`${server.url}/api/v1`);
  });
  afterAll(() => server?.close());
}

export const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  query<T>(server.databaseUrl, text, params);

export function person(overrides: Record<string, unknown> = {}) {
  serial += 1;
  return {
    email: `person${serial}@accounts.test`,
    username: `person${serial}`,
    password: 'correct horse battery',
    ...overrides,
  };
}

export async function invite(body: Record<string, unknown> = {}) {
  const res = await admin.post('/invites', body);
  expect(res.status).toBe(201);
  return res.body.data[0];
}

export async function register(body: Record<string, unknown>) {
  return anonymous.post('/auth/register', body);
}

/** A registered user and a client that acts as them. */
export async function signedUp(overrides: Record<string, unknown> = {}) {
  const code = (await invite()).code;
  const res = await register(person({ inviteCode: code, ...overrides }));
  expect(res.status).toBe(201);
  return {
    user: res.body.data.user,
    token: res.body.data.token as string,
    api: httpClient(`${server.url}/api/v1`, res.body.data.token),
  };
}

export async function setRegistration(mode: string) {
  expect((await admin.patch('/settings', { registration: mode })).status).toBe(200);
}

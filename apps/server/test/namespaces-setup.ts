/**
 * What the namespace tests share: one server per test file, an admin client, an anonymous one,
 * people registered with an invite, and owners with a fresh namespace. The bindings are live:
 * read them inside tests and hooks, after {@link useServer}'s `beforeAll` has run.
 */
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';

export let server: TestServer;
export let admin: ReturnType<typeof httpClient>;
export let anonymous: ReturnType<typeof httpClient>;

export interface Person {
  api: ReturnType<typeof httpClient>;
  user: { id: string; username: string; email: string };
}

export let serial = 0;
export async function person(name = 'user'): Promise<Person> {
  serial += 1;
  const [inv] = (await admin.post('/invites', {})).body.data;
  const res = await anonymous.post('/auth/register', {
    email: `${name}${serial}@ns.test`,
    username: `${name}${serial}`,
    password: 'correct horse battery',
    inviteCode: inv.code,
  });
  expect(res.status).toBe(201);
  return { user: res.body.data.user, api: httpClient(`${server.url}/api/v1`, res.body.data.token) };
}

/** An owner with a fresh namespace. */
export async function namespace(): Promise<{ owner: Person; path: string; id: string }> {
  const owner = await person('owner');
  const res = await owner.api.post('/namespaces', { name: 'Acme', description: 'Rockets' });
  expect(res.status).toBe(201);
  return { owner, path: res.body.data.path, id: res.body.data.id };
}

/** Starts the file's own server (and database) before its tests, and stops it after. */
export function useServer(): void {
  beforeAll(async () => {
    server = await startTestServer(inject('databaseServerUrl'));
    admin = httpClient(`${server.url}/api/v1`, server.adminKey);
    anonymous = httpClient(`${server.url}/api/v1`);
  });
  afterAll(() => server?.close());
}

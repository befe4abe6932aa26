/**
 * The instance around the invites, over REST: authentication and API keys, settings, secrets
 * at rest and the service endpoints (health, readiness, the OpenAPI document, the docs page).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';
import { query } from './support.ts';

let server: TestServer;
let api: ReturnType<typeof httpClient>;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  api = httpClient(`${server.url}/api/v1`, server.adminKey);
});
afterAll(() => server?.close());

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  query<T>(server.databaseUrl, text, params);

async function createOne(body: Record<string, unknown> = {}) {
  const res = await api.post('/invites', body);
  expect(res.status).toBe(201);
  return res.body.data[0];
}

describe('authentication and API keys', () => {
  it('answers 401 without credentials and with a wrong key', async () => {
    for (const token of [null, 'gl_WrongWrongWrongWrongWrongWrongWrongWrong', 'not-a-key']) {
      const res = await api.get('/invites', { token });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it('creates keys that carry their own permissions, shows the secret once, and revokes them', async () => {
    const created = await api.post('/api-keys', { name: 'reader', permissions: ['invite:read'] });
    expect(created.status).toBe(201);
    const { secret, id } = created.body.data;
    expect(secret).toMatch(/^gl_[0-9A-Za-z]{40}$/);
    const listed = await api.get('/api-keys');
    const entry = listed.body.data.find((k: { id: string }) => k.id === id);
    expect(entry).toMatchObject({
      name: 'reader',
      permissions: ['invite:read'],
      prefix: secret.slice(0, 8),
    });
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const reader = httpClient(`${server.url}/api/v1`, secret);
    expect((await reader.get('/invites')).status).toBe(200);
    const denied = await reader.post('/invites', {});
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('FORBIDDEN');

    expect((await api.delete(`/api-keys/${id}`)).body.data.revokedAt).toEqual(expect.any(String));
    expect((await reader.get('/invites')).status).toBe(401);
  });

  it('refuses to mint a key wider than its creator', async () => {
    const { secret } = (
      await api.post('/api-keys', { name: 'keys', permissions: ['apikey:write', 'invite:read'] })
    ).body.data;
    const limited = httpClient(`${server.url}/api/v1`, secret);
    const wider = await limited.post('/api-keys', { name: 'root', permissions: ['*'] });
    expect(wider.status).toBe(403);
    expect(
      (await limited.post('/api-keys', { name: 'ok', permissions: ['invite:read'] })).status,
    ).toBe(201);
  });

  it('refuses to revoke a key wider than the caller, the admin key first', async () => {
    const { secret } = (
      await api.post('/api-keys', { name: 'keys', permissions: ['apikey:write', 'invite:read'] })
    ).body.data;
    const limited = httpClient(`${server.url}/api/v1`, secret);
    const keys = (await api.get('/api-keys')).body.data as { id: string; permissions: string[] }[];
    const root = keys.find((key) => key.permissions.includes('*'))!;
    const writer = (await api.post('/api-keys', { name: 'w', permissions: ['invite:write'] })).body
      .data;
    const reader = (await api.post('/api-keys', { name: 'r', permissions: ['invite:read'] })).body
      .data;
    for (const wider of [root.id, writer.id]) {
      const res = await limited.delete(`/api-keys/${wider}`);
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect((await limited.delete(`/api-keys/${reader.id}`)).status).toBe(200);
    // The admin key still works.
    expect((await api.get('/api-keys')).status).toBe(200);
  });

  it('shows a key without invite:read only the invites it created, with their codes', async () => {
    const { secret, id } = (
      await api.post('/api-keys', { name: 'writer', permissions: ['invite:write'] })
    ).body.data;
    const writer = httpClient(`${server.url}/api/v1`, secret);
    const mine = (await writer.post('/invites', { count: 2 })).body.data;
    const listed = await writer.get('/invites');
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(2);
    expect(listed.body.data.map((i: { id: string }) => i.id).sort()).toEqual(
      mine.map((i: { id: string }) => i.id).sort(),
    );
    expect(listed.body.data[0].code).toEqual(expect.any(String));
    const other = await createOne();
    // Not theirs: as if it did not exist (a 403 would confirm a guessed code).
    expect((await writer.get(`/invites/${other.id}`)).status).toBe(404);
    expect((await writer.get(`/invites/${mine[0].id}`)).status).toBe(200);
    await api.delete(`/api-keys/${id}`);
  });
});

describe('settings', () => {
  it('reads and validates settings', async () => {
    const res = await api.get('/settings');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      invitesEnabled: true,
      registration: 'invite-only',
      codeFormat: 'token',
    });
    for (const body of [
      { defaultInviteTtl: 'soon' },
      { codePrefix: 'has space' },
      { codeFormat: 'emoji' },
      { nope: 1 },
    ]) {
      const bad = await api.patch('/settings', body);
      expect(bad.status).toBe(400);
    }
    expect((await api.get('/settings')).body.data).toEqual(res.body.data);
  });
});

describe('secrets at rest (§7)', () => {
  it('keeps no invite code, key secret or ciphertext key in any table', async () => {
    const invites = (await api.post('/invites', { count: 3 })).body.data as { code: string }[];
    const { secret } = (
      await api.post('/api-keys', { name: 'probe', permissions: ['invite:read'] })
    ).body.data;
    const dump = JSON.stringify(
      await Promise.all(
        ['invites', 'api_keys', 'audit_events', 'settings', 'redemptions'].map((table) =>
          sql(`select to_jsonb(t)::text as row from ${table} t`),
        ),
      ),
    );
    const rawDump =
      dump + JSON.stringify(await sql(`select encode(code_digest, 'escape') as d from invites`));
    for (const { code } of invites) expect(rawDump).not.toContain(code);
    expect(rawDump).not.toContain(secret);
    expect(rawDump).not.toContain(secret.slice(3));
    expect(rawDump).not.toContain(server.secretKey);
  });
});

describe('service endpoints', () => {
  it('answers health, readiness, the OpenAPI document and the docs page', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const doc = await api.get('/openapi.json', { token: null });
    expect(doc.body.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/invites',
        '/invites/{invite}',
        '/invites/{invite}/validate',
        '/audit',
      ]),
    );
    expect(Object.keys(doc.body.paths['/invites'].post.responses)).toContain('201');
    const docs = await fetch(`${server.url}/docs`);
    const html = await docs.text();
    expect(docs.status).toBe(200);
    expect(html).not.toMatch(/https?:\/\//);
    expect((await fetch(`${server.url}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('answers unknown REST paths with 404 NOT_FOUND', async () => {
    const res = await api.get('/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});

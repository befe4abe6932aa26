import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';
import { inviteCount as countInvites, query } from './support.ts';

let server: TestServer;
let api: ReturnType<typeof httpClient>;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  api = httpClient(`${server.url}/api/v1`, server.adminKey);
});
afterAll(() => server?.close());

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  query<T>(server.databaseUrl, text, params);

const inviteCount = () => countInvites(server.databaseUrl);

async function createOne(body: Record<string, unknown> = {}) {
  const res = await api.post('/invites', body);
  expect(res.status).toBe(201);
  return res.body.data[0];
}

describe('POST /invites (R1–R4)', () => {
  it('creates one invite from an empty body, with no Content-Type at all', async () => {
    const res = await api.call('POST', '/invites');
    expect(res.status).toBe(201);
    expect(res.body.data).toHaveLength(1);
    const [invite] = res.body.data;
    expect(invite).toMatchObject({
      type: 'account',
      status: 'pending',
      maxUses: 1,
      uses: 0,
      email: null,
    });
    expect(invite.code).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(invite.url).toBe(`http://guestlist.test/i/${invite.code}`);
    // Default TTL: 7 days.
    const ttl = new Date(invite.expiresAt).getTime() - new Date(invite.createdAt).getTime();
    expect(ttl).toBe(7 * 86_400_000);
  });

  it('creates `count` invites, each with its own code', async () => {
    const res = await api.post('/invites', {
      count: 25,
      permissions: ['doc:read'],
      metadata: { campaign: 'spring' },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toHaveLength(25);
    expect(new Set(res.body.data.map((i: { code: string }) => i.code)).size).toBe(25);
    expect(res.body.data[0]).toMatchObject({
      permissions: ['doc:read'],
      metadata: { campaign: 'spring' },
    });
  });

  it('creates exactly one invite when an email is given, whatever count says (R2)', async () => {
    const res = await api.post('/invites', { email: 'Ada@Example.com', count: 10 });
    expect(res.status).toBe(201);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0].email).toBe('ada@example.com');
  });

  it('takes expiresIn, expiresAt and never (R4)', async () => {
    const inOneHour = await createOne({ expiresIn: '1h' });
    expect(new Date(inOneHour.expiresAt).getTime() - new Date(inOneHour.createdAt).getTime()).toBe(
      3_600_000,
    );
    const at = await createOne({ expiresAt: '2099-01-01T00:00:00Z' });
    expect(at.expiresAt).toBe('2099-01-01T00:00:00.000Z');
    expect((await createOne({ expiresIn: 'never' })).expiresAt).toBeNull();
    expect((await createOne({ expiresAt: null })).expiresAt).toBeNull();
  });

  it('takes maxUses, null meaning unlimited', async () => {
    expect((await createOne({ maxUses: 5 })).maxUses).toBe(5);
    expect((await createOne({ maxUses: null })).maxUses).toBeNull();
  });

  it.each([
    ['count 0', { count: 0 }, 'VALIDATION_FAILED'],
    ['count 1001', { count: 1001 }, 'VALIDATION_FAILED'],
    ['count as text', { count: 'many' }, 'VALIDATION_FAILED'],
    ['count as a numeric string', { count: '5' }, 'VALIDATION_FAILED'],
    ['notify as a string', { notify: 'false' }, 'VALIDATION_FAILED'],
    ['maxUses as a string', { maxUses: '2' }, 'VALIDATION_FAILED'],
    ['an unknown field', { colour: 'red' }, 'VALIDATION_FAILED'],
    ['an invalid email', { email: 'not-an-email' }, 'VALIDATION_FAILED'],
    ['a past expiresAt', { expiresAt: '2001-01-01T00:00:00Z' }, 'INVALID_EXPIRY'],
    ['an unparseable expiresAt', { expiresAt: 'next tuesday' }, 'INVALID_EXPIRY'],
    ['an unparseable expiresIn', { expiresIn: 'a while' }, 'INVALID_EXPIRY'],
    [
      'both expiresAt and expiresIn',
      { expiresAt: '2099-01-01T00:00:00Z', expiresIn: '1d' },
      'INVALID_EXPIRY',
    ],
    ['an invalid permission', { permissions: ['invite::read'] }, 'VALIDATION_FAILED'],
    ['metadata over 16 KiB', { metadata: { blob: 'x'.repeat(17_000) } }, 'VALIDATION_FAILED'],
    ['metadata that is not an object', { metadata: [1, 2] }, 'VALIDATION_FAILED'],
    ['maxUses 0', { maxUses: 0 }, 'VALIDATION_FAILED'],
    [
      'an unknown group',
      { groups: [{ id: '00000000-0000-4000-8000-000000000000' }] },
      'VALIDATION_FAILED',
    ],
    ['type namespace', { type: 'namespace' }, 'VALIDATION_FAILED'],
  ])('answers 400 to %s and writes nothing (R19)', async (_label, body, code) => {
    const before = await inviteCount();
    const res = await api.post('/invites', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(res.body.message).toEqual(expect.any(String));
    expect(await inviteCount()).toBe(before);
  });

  it('lists the offending fields of a validation error', async () => {
    const res = await api.post('/invites', { count: -1, email: 'x', extra: true });
    expect(res.status).toBe(400);
    const paths = res.body.fields.map((f: { path: string }) => f.path).sort();
    expect(paths).toEqual(['count', 'email', 'extra']);
  });

  it('answers malformed JSON with 400 INVALID_JSON', async () => {
    const res = await api.call('POST', '/invites', {
      raw: '{"count": 2',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'INVALID_JSON', message: expect.any(String) });
  });

  it('answers a non-JSON body with 415', async () => {
    const res = await api.call('POST', '/invites', {
      raw: 'count=2',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('follows the code format and prefix settings (R3)', async () => {
    expect(
      (await api.patch('/settings', { codeFormat: 'short', codePrefix: 'ACME-' })).status,
    ).toBe(200);
    expect((await createOne()).code).toMatch(/^ACME-[0-9A-HJKMNP-TV-Z]{10}$/);
    await api.patch('/settings', { codeFormat: 'uuid', codePrefix: '' });
    const uuidInvite = await createOne();
    expect(uuidInvite.code).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    // A uuid-shaped reference finds the invite by code as well as by id.
    expect((await api.get(`/invites/${uuidInvite.code}`)).body.data.id).toBe(uuidInvite.id);
    expect((await api.get(`/invites/${uuidInvite.id}`)).body.data.id).toBe(uuidInvite.id);
    await api.patch('/settings', { codeFormat: 'token' });
  });

  it('applies the default TTL setting', async () => {
    await api.patch('/settings', { defaultInviteTtl: '2h' });
    const invite = await createOne();
    expect(new Date(invite.expiresAt).getTime() - new Date(invite.createdAt).getTime()).toBe(
      7_200_000,
    );
    await api.patch('/settings', { defaultInviteTtl: 'never' });
    expect((await createOne()).expiresAt).toBeNull();
    await api.patch('/settings', { defaultInviteTtl: '7d' });
  });
});

describe('reading invites', () => {
  it('gets an invite by id and by code', async () => {
    const invite = await createOne();
    expect((await api.get(`/invites/${invite.id}`)).body.data).toEqual(invite);
    expect((await api.get(`/invites/${invite.code}`)).body.data).toEqual(invite);
  });

  it('answers 404 INVITE_NOT_FOUND for an unknown reference', async () => {
    const res = await api.get('/invites/NoSuchCode0000000000000');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('INVITE_NOT_FOUND');
  });

  it('validates without changing the invite (R5)', async () => {
    const invite = await createOne({ email: 'grace@example.com' });
    const res = await api.get(`/invites/${invite.code}/validate`, { token: null });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      valid: true,
      type: 'account',
      status: 'pending',
      expiresAt: invite.expiresAt,
      inviter: null,
      namespace: null,
      email: 'g***@example.com',
    });
    const page = await fetch(`${server.url}/i/${invite.code}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain('You&#39;re invited');
    expect((await api.get(`/invites/${invite.id}`)).body.data).toEqual(invite);
  });

  it('computes expiry when read, without waiting for a sweep (R7)', async () => {
    const invite = await createOne({ expiresIn: '1s' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await api.get(`/invites/${invite.id}`)).body.data.status).toBe('expired');
    const validate = await api.get(`/invites/${invite.code}/validate`, { token: null });
    expect(validate.status).toBe(410);
    expect(validate.body.code).toBe('INVITE_EXPIRED');
    const listed = await api.get(`/invites?filter[status]=expired&filter[code]=${invite.code}`);
    expect(listed.body.data.map((i: { id: string }) => i.id)).toEqual([invite.id]);
    const pending = await api.get(`/invites?filter[status]=pending&filter[code]=${invite.code}`);
    expect(pending.body.total).toBe(0);
    const page = await fetch(`${server.url}/i/${invite.code}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This invite has expired');
  });
});

describe('changing invites (R8)', () => {
  it('edits a pending invite with PATCH and with PUT', async () => {
    const invite = await createOne();
    const patched = await api.patch(`/invites/${invite.id}`, {
      metadata: { note: 'vip' },
      maxUses: 3,
      expiresIn: 'never',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({
      metadata: { note: 'vip' },
      maxUses: 3,
      expiresAt: null,
    });
    const put = await api.put(`/invites/${invite.code}`, {
      permissions: ['a:b'],
      email: 'Put@Example.com',
    });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({
      permissions: ['a:b'],
      email: 'put@example.com',
      metadata: { note: 'vip' },
    });
  });

  it('cancels once; canceled invites cannot be canceled, edited or used', async () => {
    const invite = await createOne();
    const canceled = await api.post(`/invites/${invite.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body.data.status).toBe('canceled');
    expect(canceled.body.data.canceledAt).toEqual(expect.any(String));
    for (const res of [
      await api.post(`/invites/${invite.id}/cancel`),
      await api.patch(`/invites/${invite.id}`, { metadata: {} }),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('INVITE_NOT_PENDING');
    }
    const validate = await api.get(`/invites/${invite.code}/validate`, { token: null });
    expect(validate.status).toBe(410);
    expect(validate.body.code).toBe('INVITE_CANCELED');
  });

  it('deletes: the code stops working at once and the audit trail stays (R14)', async () => {
    const invite = await createOne();
    const deleted = await api.delete(`/invites/${invite.code}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.data.id).toBe(invite.id);
    expect((await api.get(`/invites/${invite.id}`)).status).toBe(404);
    expect((await api.get(`/invites/${invite.code}/validate`, { token: null })).status).toBe(404);
    const audit = await api.get(`/audit?filter[inviteId]=${invite.id}`);
    expect(audit.body.data.map((e: { action: string }) => e.action).sort()).toEqual([
      'invite.created',
      'invite.deleted',
    ]);
    expect(audit.body.data[0].actor.type).toBe('api_key');
    expect(audit.body.data[0].ip).toBe('127.0.0.1');
    // Each event keeps what it recorded, as a JSON object.
    const created = audit.body.data.find((e: { action: string }) => e.action === 'invite.created');
    expect(created.data).toEqual({ email: null, maxUses: 1, expiresAt: invite.expiresAt });
  });
});

describe('invitesEnabled: false (R12)', () => {
  it('refuses create and validate, but reading, canceling and deleting still work', async () => {
    const [a, b] = (await api.post('/invites', { count: 2 })).body.data;
    expect((await api.patch('/settings', { invitesEnabled: false })).body.data.invitesEnabled).toBe(
      false,
    );
    try {
      const create = await api.post('/invites', {});
      expect(create.status).toBe(403);
      expect(create.body.code).toBe('INVITES_DISABLED');
      const validate = await api.get(`/invites/${a.code}/validate`, { token: null });
      expect(validate.status).toBe(403);
      expect(validate.body.code).toBe('INVITES_DISABLED');
      expect((await api.get(`/invites/${a.id}`)).status).toBe(200);
      expect((await api.post(`/invites/${a.id}/cancel`)).status).toBe(200);
      expect((await api.delete(`/invites/${b.id}`)).status).toBe(200);
    } finally {
      await api.patch('/settings', { invitesEnabled: true });
    }
  });
});

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

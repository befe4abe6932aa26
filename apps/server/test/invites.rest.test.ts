import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';
import { inviteCount as countInvites } from './support.ts';

let server: TestServer;
let api: ReturnType<typeof httpClient>;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  api = httpClient(`${server.url}/api/v1`, server.adminKey);
});
afterAll(() => server?.close());

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
      locale: null,
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

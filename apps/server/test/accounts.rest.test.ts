import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';
import { query } from './support.ts';

let server: TestServer;
let admin: ReturnType<typeof httpClient>;
let anonymous: ReturnType<typeof httpClient>;
let serial = 0;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  admin = httpClient(`${server.url}/api/v1`, server.adminKey);
  anonymous = httpClient(`${server.url}/api/v1`);
});
afterAll(() => server?.close());

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  query<T>(server.databaseUrl, text, params);

function person(overrides: Record<string, unknown> = {}) {
  serial += 1;
  return {
    email: `person${serial}@accounts.test`,
    username: `person${serial}`,
    password: 'correct horse battery',
    ...overrides,
  };
}

async function invite(body: Record<string, unknown> = {}) {
  const res = await admin.post('/invites', body);
  expect(res.status).toBe(201);
  return res.body.data[0];
}

async function register(body: Record<string, unknown>) {
  return anonymous.post('/auth/register', body);
}

/** A registered user and a client that acts as them. */
async function signedUp(overrides: Record<string, unknown> = {}) {
  const code = (await invite()).code;
  const res = await register(person({ inviteCode: code, ...overrides }));
  expect(res.status).toBe(201);
  return {
    user: res.body.data.user,
    token: res.body.data.token as string,
    api: httpClient(`${server.url}/api/v1`, res.body.data.token),
  };
}

async function setRegistration(mode: string) {
  expect((await admin.patch('/settings', { registration: mode })).status).toBe(200);
}

describe('registration modes (R13)', () => {
  it('invite-only (the default) needs a valid code', async () => {
    const refused = await register(person());
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('INVITE_REQUIRED');
    const unknown = await register(person({ inviteCode: 'NoSuchCode000000000000' }));
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('INVITE_NOT_FOUND');
  });

  it('registers with a code: the user, a session, and the invite used up', async () => {
    const inv = await invite({ permissions: ['doc:read'] });
    const body = person({ inviteCode: inv.code, name: 'Ada Lovelace' });
    const res = await register(body);
    expect(res.status).toBe(201);
    const { user, token } = res.body.data;
    expect(user).toMatchObject({
      email: body.email,
      username: body.username,
      name: 'Ada Lovelace',
      emailVerified: false,
      permissions: ['doc:read'],
    });
    expect(token).toMatch(/^gls_[0-9A-Za-z]{40}$/);
    const after = (await admin.get(`/invites/${inv.id}`)).body.data;
    expect(after).toMatchObject({ status: 'accepted', uses: 1, inviteeId: user.id });
    expect(after.acceptedAt).toEqual(expect.any(String));
    const redemptions = (await admin.get(`/invites/${inv.id}/redemptions`)).body.data;
    expect(redemptions).toEqual([
      {
        user: { id: user.id, username: body.username, name: 'Ada Lovelace' },
        at: expect.any(String),
      },
    ]);
    const again = await register(person({ inviteCode: inv.code }));
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('INVITE_USED');
  });

  it('closed refuses everyone, even with a code', async () => {
    const inv = await invite();
    await setRegistration('closed');
    try {
      const res = await register(person({ inviteCode: inv.code }));
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('REGISTRATION_CLOSED');
      expect((await admin.get(`/invites/${inv.id}`)).body.data.uses).toBe(0);
    } finally {
      await setRegistration('invite-only');
    }
  });

  it('open accepts no code, and still honours one', async () => {
    await setRegistration('open');
    try {
      const plain = await register(person());
      expect(plain.status).toBe(201);
      expect(plain.body.data.user.permissions).toEqual([]);
      const inv = await invite({ permissions: ['beta:join'] });
      const coded = await register(person({ inviteCode: inv.code }));
      expect(coded.status).toBe(201);
      expect(coded.body.data.user.permissions).toEqual(['beta:join']);
    } finally {
      await setRegistration('invite-only');
    }
  });

  it('gives new users the default permissions', async () => {
    await admin.patch('/settings', { defaultPermissions: ['profile:edit'] });
    try {
      const { user } = await signedUp();
      expect(user.permissions).toEqual(['profile:edit']);
    } finally {
      await admin.patch('/settings', { defaultPermissions: [] });
    }
  });
});

describe('a failed registration consumes nothing (R6)', () => {
  it.each([
    ['a short password', { password: 'short' }, 400, 'VALIDATION_FAILED'],
    ['a bad username', { username: '-bad' }, 400, 'VALIDATION_FAILED'],
    ['an invalid email', { email: 'nope' }, 400, 'VALIDATION_FAILED'],
  ])('%s', async (_label, override, status, code) => {
    const inv = await invite();
    const res = await register(person({ inviteCode: inv.code, ...override }));
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect((await admin.get(`/invites/${inv.id}`)).body.data).toMatchObject({
      status: 'pending',
      uses: 0,
    });
  });

  it('a taken email or username answers 409 and leaves the code usable', async () => {
    const { user } = await signedUp();
    const inv = await invite();
    const email = await register(person({ inviteCode: inv.code, email: user.email.toUpperCase() }));
    expect(email.status).toBe(409);
    expect(email.body.code).toBe('EMAIL_TAKEN');
    const username = await register(person({ inviteCode: inv.code, username: user.username }));
    expect(username.status).toBe(409);
    expect(username.body.code).toBe('USERNAME_TAKEN');
    expect((await admin.get(`/invites/${inv.id}`)).body.data).toMatchObject({
      status: 'pending',
      uses: 0,
    });
    expect((await admin.get(`/invites/${inv.id}/redemptions`)).body.data).toEqual([]);
    expect((await register(person({ inviteCode: inv.code }))).status).toBe(201);
  });
});

describe('email-bound invites (R9)', () => {
  it('registers only with the bound address, which is then verified', async () => {
    const inv = await invite({ email: 'bound@accounts.test' });
    const other = await register(person({ inviteCode: inv.code }));
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('INVITE_EMAIL_MISMATCH');
    expect((await admin.get(`/invites/${inv.id}`)).body.data.uses).toBe(0);
    const res = await register(person({ inviteCode: inv.code, email: 'Bound@Accounts.test' }));
    expect(res.status).toBe(201);
    expect(res.body.data.user).toMatchObject({ email: 'bound@accounts.test', emailVerified: true });
  });

  it('is accepted only by a user who proved that address', async () => {
    const stranger = await signedUp();
    // The owner proved their address by signing up with an invite sent to it.
    const ownerEmail = `owner${serial}@accounts.test`;
    const owner = await signedUp({
      inviteCode: (await invite({ email: ownerEmail })).code,
      email: ownerEmail,
    });
    expect(owner.user.emailVerified).toBe(true);
    const inv = await invite({ email: ownerEmail, permissions: ['vip:lounge'] });
    const refused = await stranger.api.post(`/invites/${inv.code}/accept`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('INVITE_EMAIL_MISMATCH');
    // An id is no bearer secret: only the addressee may accept by id.
    expect((await stranger.api.post(`/invites/${inv.id}/accept`)).status).toBe(404);
    expect((await owner.api.post(`/invites/${inv.id}/accept`)).status).toBe(200);
  });

  it('cannot be claimed by signing up with someone else’s address', async () => {
    await setRegistration('open');
    try {
      const inv = await invite({ email: 'victim@accounts.test', permissions: ['user:read'] });
      const res = await register(person({ email: 'victim@accounts.test', username: 'mallory' }));
      expect(res.status).toBe(201);
      expect(res.body.data.user.emailVerified).toBe(false);
      const mallory = httpClient(`${server.url}/api/v1`, res.body.data.token);
      expect((await mallory.get('/me/invites')).body.total).toBe(0);
      expect((await mallory.post(`/invites/${inv.id}/accept`)).status).toBe(404);
      const byCode = await mallory.post(`/invites/${inv.code}/accept`);
      expect([byCode.status, byCode.body.code]).toEqual([403, 'EMAIL_NOT_VERIFIED']);
      expect((await admin.get(`/invites/${inv.id}`)).body.data.uses).toBe(0);
    } finally {
      await setRegistration('invite-only');
    }
  });
});

describe('grants (R10)', () => {
  it('gives the invite permissions and groups; me shows effective permissions', async () => {
    const group = await admin.post('/groups', {
      name: 'editors',
      permissions: ['doc:write', 'doc:read'],
    });
    expect(group.status).toBe(201);
    const inv = await invite({
      permissions: ['billing:read'],
      groups: [{ id: group.body.data.id }],
    });
    expect(inv.groups).toEqual([{ id: group.body.data.id, name: 'editors' }]);
    const { api } = await signedUp({ inviteCode: inv.code });
    const me = await api.get('/me');
    expect(me.status).toBe(200);
    expect(me.body.data.permissions).toEqual(['billing:read']);
    expect(me.body.data.groups).toEqual([{ id: group.body.data.id, name: 'editors' }]);
    expect(me.body.data.effectivePermissions).toEqual(['billing:read', 'doc:read', 'doc:write']);
  });

  it('grants on accept too, and group permissions authorise at once', async () => {
    const group = (await admin.post('/groups', { name: 'inviters', permissions: ['invite:write'] }))
      .body.data;
    const { api } = await signedUp();
    expect((await api.post('/invites', {})).status).toBe(403);
    const inv = await invite({ groups: [group.id], maxUses: 5 });
    expect((await api.post(`/invites/${inv.code}/accept`)).body.data.uses).toBe(1);
    expect((await api.post('/invites', {})).status).toBe(201);
  });

  it('refuses unknown groups and permissions the creator does not hold', async () => {
    const bad = await admin.post('/invites', { groups: ['00000000-0000-4000-8000-000000000000'] });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([{ path: 'groups.0', message: 'no such group' }]);
    const { secret } = (
      await admin.post('/api-keys', { name: 'narrow', permissions: ['invite:write'] })
    ).body.data;
    const narrow = httpClient(`${server.url}/api/v1`, secret);
    const escalate = await narrow.post('/invites', { permissions: ['*'] });
    expect(escalate.status).toBe(403);
  });
});

describe('accepting (R6)', () => {
  it('counts uses of a multi-use invite, once per user', async () => {
    const inv = await invite({ maxUses: 2 });
    const a = await signedUp();
    const b = await signedUp();
    const first = await a.api.post(`/invites/${inv.code}/accept`);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ status: 'pending', uses: 1, inviteeId: null });
    const twice = await a.api.post(`/invites/${inv.code}/accept`);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ALREADY_REDEEMED');
    expect((await b.api.post(`/invites/${inv.code}/accept`)).body.data).toMatchObject({
      status: 'accepted',
      uses: 2,
    });
    const c = await signedUp();
    const full = await c.api.post(`/invites/${inv.code}/accept`);
    expect(full.status).toBe(410);
    expect(full.body.code).toBe('INVITE_USED');
    const names = (await admin.get(`/invites/${inv.id}/redemptions`)).body.data.map(
      (r: { user: { id: string } }) => r.user.id,
    );
    expect(names).toEqual([a.user.id, b.user.id]);
  });

  it('needs a signed-in user, and a usable invite', async () => {
    const inv = await invite();
    expect((await anonymous.post(`/invites/${inv.id}/accept`)).status).toBe(401);
    const byKey = await admin.post(`/invites/${inv.id}/accept`);
    expect(byKey.status).toBe(403);
    await admin.post(`/invites/${inv.id}/cancel`);
    const { api } = await signedUp();
    const canceled = await api.post(`/invites/${inv.code}/accept`);
    expect(canceled.status).toBe(410);
    expect(canceled.body.code).toBe('INVITE_CANCELED');
  });

  it('checks invitesEnabled at redemption (R7, R12)', async () => {
    const inv = await invite();
    const { api } = await signedUp();
    await admin.patch('/settings', { invitesEnabled: false });
    try {
      const res = await api.post(`/invites/${inv.code}/accept`);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('INVITES_DISABLED');
    } finally {
      await admin.patch('/settings', { invitesEnabled: true });
    }
    expect((await api.post(`/invites/${inv.code}/accept`)).status).toBe(200);
  });
});

describe('sessions', () => {
  it('logs in by username or email, alike for unknown users and wrong passwords', async () => {
    const body = person({ name: 'Grace' });
    const code = (await invite()).code;
    expect((await register({ ...body, inviteCode: code })).status).toBe(201);
    for (const handle of [body.username, body.email.toUpperCase()]) {
      const res = await anonymous.post('/auth/login', { handle, password: body.password });
      expect(res.status).toBe(200);
      expect(res.body.data.user.username).toBe(body.username);
      const me = await httpClient(`${server.url}/api/v1`, res.body.data.token).get('/me');
      expect(me.body.data.name).toBe('Grace');
    }
    const wrong = await anonymous.post('/auth/login', {
      handle: body.username,
      password: 'wrong password',
    });
    const unknown = await anonymous.post('/auth/login', {
      handle: 'nobody-here',
      password: 'wrong password',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('logs out: the token stops working, others stay', async () => {
    const { api, user } = await signedUp();
    const other = (
      await anonymous.post('/auth/login', {
        handle: user.username,
        password: 'correct horse battery',
      })
    ).body.data.token;
    const out = await api.post('/auth/logout');
    expect(out.status).toBe(204);
    expect((await api.get('/me')).status).toBe(401);
    expect((await httpClient(`${server.url}/api/v1`, other).get('/me')).status).toBe(200);
  });

  it('me needs a user, not an API key', async () => {
    expect((await admin.get('/me')).status).toBe(403);
    expect((await anonymous.get('/me')).status).toBe(401);
  });
});

describe('invites sent by users', () => {
  it('records the user as inviter, shows their name, and lists only their invites', async () => {
    const writers = (
      await admin.post('/groups', { name: 'writers', permissions: ['invite:write'] })
    ).body.data;
    const { api, user } = await signedUp({ name: 'Katherine' });
    expect((await admin.patch(`/users/${user.id}`, { groups: [{ id: writers.id }] })).status).toBe(
      200,
    );
    const mine = (await api.post('/invites', { count: 2 })).body.data;
    expect(mine[0]).toMatchObject({
      inviterId: user.id,
      inviter: { id: user.id, username: user.username, name: 'Katherine' },
    });
    const listed = await api.get('/invites');
    expect(listed.body.total).toBe(2);
    const validate = await anonymous.get(`/invites/${mine[0].code}/validate`);
    expect(validate.body.data.inviter).toEqual({ name: 'Katherine' });
    const byFilter = await admin.get(`/invites?filter[inviterId]=${user.id}`);
    expect(byFilter.body.total).toBe(2);
    // Deleting one's own invite needs no invite:delete.
    expect((await api.delete(`/invites/${mine[0].id}`)).status).toBe(200);
  });

  it('lets an API key name a user as inviter, but only an existing one', async () => {
    const { user } = await signedUp();
    expect((await admin.post('/invites', { inviterId: user.id })).body.data[0].inviterId).toBe(
      user.id,
    );
    const unknown = await admin.post('/invites', {
      inviterId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(400);
  });
});

describe('users and groups administration', () => {
  it('lists, reads and updates users; refuses grants the caller lacks', async () => {
    const { user } = await signedUp();
    const list = await admin.get('/users?page[size]=100');
    expect(list.status).toBe(200);
    expect(list.body.data.map((u: { id: string }) => u.id)).toContain(user.id);
    expect((await admin.get(`/users/${user.id}`)).body.data.email).toBe(user.email);
    expect((await admin.get('/users/00000000-0000-4000-8000-000000000000')).body.code).toBe(
      'USER_NOT_FOUND',
    );
    const updated = await admin.patch(`/users/${user.id}`, { permissions: ['report:read'] });
    expect(updated.body.data.permissions).toEqual(['report:read']);
    const { secret } = (
      await admin.post('/api-keys', { name: 'users', permissions: ['user:write', 'user:read'] })
    ).body.data;
    const limited = httpClient(`${server.url}/api/v1`, secret);
    expect((await limited.patch(`/users/${user.id}`, { permissions: ['*'] })).status).toBe(403);
    // Nor may it change a user who holds what it lacks (report:read), even to grant less (R21).
    expect((await limited.patch(`/users/${user.id}`, { permissions: ['user:read'] })).status).toBe(
      403,
    );
    await admin.patch(`/users/${user.id}`, { permissions: [] });
    expect((await limited.patch(`/users/${user.id}`, { permissions: ['user:read'] })).status).toBe(
      200,
    );
  });

  it('creates, renames and deletes groups; names are unique', async () => {
    const created = await admin.post('/groups', { name: 'auditors', permissions: ['audit:read'] });
    expect(created.status).toBe(201);
    const dup = await admin.post('/groups', { name: 'auditors', permissions: [] });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('GROUP_NAME_TAKEN');
    const { user } = await signedUp();
    await admin.patch(`/users/${user.id}`, { groups: [created.body.data.id] });
    const renamed = await admin.patch(`/groups/${created.body.data.id}`, { name: 'reviewers' });
    expect(renamed.body.data.name).toBe('reviewers');
    expect((await admin.get(`/users/${user.id}`)).body.data.groups).toEqual([
      { id: created.body.data.id, name: 'reviewers' },
    ]);
    expect((await admin.delete(`/groups/${created.body.data.id}`)).status).toBe(200);
    expect((await admin.get(`/groups/${created.body.data.id}`)).status).toBe(404);
    expect((await admin.get(`/users/${user.id}`)).body.data.groups).toEqual([]);
  });
});

describe('secrets at rest (§7)', () => {
  it('keeps passwords as argon2id hashes and sessions as digests', async () => {
    const { token, user } = await signedUp();
    const [row] = await sql<{ password_hash: string }>(
      'select password_hash from users where id = $1',
      [user.id],
    );
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    const dump =
      JSON.stringify(await sql('select to_jsonb(t)::text from sessions t')) +
      JSON.stringify(await sql('select to_jsonb(t)::text from users t'));
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(token.slice(4));
    expect(dump).not.toContain('correct horse battery');
  });
});

import { describe, expect, it } from 'vitest';
import {
  admin,
  anonymous,
  invite,
  person,
  register,
  serial,
  server,
  setRegistration,
  signedUp,
  useServer,
} from './accounts-setup.ts';
import { httpClient } from './http.ts';

useServer();

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
        subject: null,
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

import { describe, expect, it } from 'vitest';
import { httpClient } from './http.ts';
import {
  admin,
  anonymous,
  namespace,
  person,
  serial,
  server,
  useServer,
} from './namespaces-setup.ts';

useServer();

describe('namespaces', () => {
  it('are created by a user, named owner/name, visible to collaborators only', async () => {
    const { owner, path } = await namespace();
    expect(path).toBe(`${owner.user.username}/acme`);
    const got = await owner.api.get(`/namespaces/${path}`);
    expect(got.body.data).toMatchObject({
      name: 'acme',
      path,
      owner: { id: owner.user.id, username: owner.user.username },
      description: 'Rockets',
    });
    const stranger = await person();
    const hidden = await stranger.api.get(`/namespaces/${path}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('NAMESPACE_NOT_FOUND');
    const again = await owner.api.post('/namespaces', { name: 'acme' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NAMESPACE_EXISTS');
    expect((await owner.api.post('/namespaces', { name: 'bad name!' })).status).toBe(400);
    const collaborators = await owner.api.get(`/namespaces/${path}/collaborators`);
    expect(collaborators.body.data).toEqual([
      {
        user: { id: owner.user.id, username: owner.user.username, name: null },
        role: 'owner',
        since: expect.any(String),
      },
    ]);
  });
});

describe('GET /me/namespaces', () => {
  it('lists the namespaces I own or collaborate in, with my role, by path, in pages', async () => {
    const first = await namespace();
    const owner = first.owner;
    const second = await owner.api.post('/namespaces', { name: 'zeta' });
    const member = await person();
    const invite = await owner.api.post(`/namespaces/${first.path}/invites`, {
      handle: member.user.username,
    });
    expect((await member.api.post(`/invites/${invite.body.data.id}/accept`)).status).toBe(200);

    const mine = await owner.api.get('/me/namespaces');
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(2);
    expect(mine.body.data.map((m: { namespace: { path: string } }) => m.namespace.path)).toEqual([
      first.path,
      second.body.data.path,
    ]);
    expect(mine.body.data[0]).toEqual({
      namespace: (await owner.api.get(`/namespaces/${first.path}`)).body.data,
      role: 'owner',
      since: expect.any(String),
    });
    const page = await owner.api.get('/me/namespaces?page[size]=1&page[number]=2');
    expect(page.body).toEqual({ data: [mine.body.data[1]], total: 2 });

    const theirs = await member.api.get('/me/namespaces');
    expect(theirs.body.total).toBe(1);
    expect(theirs.body.data[0]).toMatchObject({ namespace: { path: first.path }, role: 'member' });
    expect(Date.parse(theirs.body.data[0].since)).toBeGreaterThan(
      Date.parse(mine.body.data[0].since),
    );
    expect((await (await person()).api.get('/me/namespaces')).body).toEqual({ data: [], total: 0 });
  });

  it('answers a key 403, a stranger 401, and a bad page 400 INVALID_QUERY', async () => {
    expect((await admin.get('/me/namespaces')).status).toBe(403);
    expect((await anonymous.get('/me/namespaces')).status).toBe(401);
    const { owner } = await namespace();
    const bad = await owner.api.get('/me/namespaces?page[size]=101');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_QUERY');
    expect((await owner.api.get('/me/namespaces?sort=path')).status).toBe(400);
  });
});

describe('inviting collaborators (R11)', () => {
  it('by username: the invitee sees it, accepts, and becomes a collaborator with its role', async () => {
    const { owner, path, id } = await namespace();
    const invitee = await person();
    const created = await owner.api.post(`/namespaces/${path}/invites`, {
      handle: invitee.user.username,
      role: 'admin',
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      type: 'namespace',
      status: 'pending',
      role: 'admin',
      inviteeId: invitee.user.id,
      email: null,
      namespace: { id, path },
      inviter: { id: owner.user.id, username: owner.user.username, name: null },
    });
    // Pending ones: the account invite they signed up with is theirs too, and used.
    const mine = await invitee.api.get('/me/invites?filter[status]=pending');
    expect(mine.body.total).toBe(1);
    expect(mine.body.data[0]).toMatchObject({
      id: created.body.data.id,
      namespace: { path },
      inviter: { username: owner.user.username },
    });
    // The invitee is not the inviter and holds no invite:read: no code for them.
    expect(mine.body.data[0].code).toBeNull();
    const accepted = await invitee.api.post(`/invites/${created.body.data.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.data.status).toBe('accepted');
    const collaborators = (await invitee.api.get(`/namespaces/${path}/collaborators`)).body.data;
    expect(
      collaborators.map((c: { user: { id: string }; role: string }) => [c.user.id, c.role]),
    ).toEqual([
      [owner.user.id, 'owner'],
      [invitee.user.id, 'admin'],
    ]);
    // As an admin, the invitee may now invite others.
    const third = await person();
    expect(
      (await invitee.api.post(`/namespaces/${path}/invites`, { handle: third.user.username }))
        .status,
    ).toBe(201);
    expect((await invitee.api.get('/me/invites?filter[status]=accepted')).body.total).toBe(2);
    expect((await invitee.api.get('/me/invites?filter[status]=pending')).body.total).toBe(0);
  });

  it('by the proven email of an existing user resolves to that user (R11)', async () => {
    const { owner, path } = await namespace();
    const email = `proven${serial}@ns.test`;
    const [bound] = (await admin.post('/invites', { email })).body.data;
    const res = await anonymous.post('/auth/register', {
      email,
      username: `proven${serial}`,
      password: 'correct horse battery',
      inviteCode: bound.code,
    });
    const invitee = {
      user: res.body.data.user,
      api: httpClient(`${server.url}/api/v1`, res.body.data.token),
    };
    const created = (
      await owner.api.post(`/namespaces/${path}/invites`, { handle: email.toUpperCase() })
    ).body.data;
    // R11: a proven address reaches its owner as a username does; the invite names the user and
    // follows them, not the address.
    expect(created).toMatchObject({ inviteeId: invitee.user.id, email: null, role: 'member' });
    const mine = (await invitee.api.get('/me/invites?filter[status]=pending')).body.data;
    expect(mine.map((i: { id: string }) => i.id)).toEqual([created.id]);
    // One pending invite per person: the username route finds it.
    const again = await owner.api.post(`/namespaces/${path}/invites`, {
      handle: invitee.user.username,
    });
    expect([again.status, again.body.code]).toEqual([409, 'INVITE_ALREADY_PENDING']);
    expect((await invitee.api.post(`/invites/${created.id}/accept`)).status).toBe(200);
  });

  it('by the unproven email of an existing user stays bound to the address', async () => {
    const { owner, path } = await namespace();
    const claimant = await person();
    const created = (
      await owner.api.post(`/namespaces/${path}/invites`, { handle: claimant.user.email })
    ).body.data;
    expect(created).toMatchObject({ inviteeId: null, email: claimant.user.email });
    const res = await claimant.api.post(`/invites/${created.code}/accept`);
    expect([res.status, res.body.code]).toEqual([403, 'EMAIL_NOT_VERIFIED']);
  });

  it('by an unknown email: redeemed at registration, which creates the user and the membership', async () => {
    const { owner, path } = await namespace();
    const created = await owner.api.post(`/namespaces/${path}/invites`, {
      handle: 'newcomer@ns.test',
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ email: 'newcomer@ns.test', inviteeId: null });
    // The owner, as inviter, sees the code to pass on (email delivery comes with the outbox).
    const code = created.body.data.code;
    expect(code).toEqual(expect.any(String));
    const wrongEmail = await anonymous.post('/auth/register', {
      email: 'other@ns.test',
      username: 'other-ns',
      password: 'correct horse battery',
      inviteCode: code,
    });
    expect(wrongEmail.status).toBe(403);
    expect(wrongEmail.body.code).toBe('INVITE_EMAIL_MISMATCH');
    const res = await anonymous.post('/auth/register', {
      email: 'newcomer@ns.test',
      username: 'newcomer',
      password: 'correct horse battery',
      inviteCode: code,
    });
    expect(res.status).toBe(201);
    // A namespace owner sees the code they send, so redeeming it proves nothing about the address.
    expect(res.body.data.user.emailVerified).toBe(false);
    const newcomer = httpClient(`${server.url}/api/v1`, res.body.data.token);
    const collaborators = (await newcomer.get(`/namespaces/${path}/collaborators`)).body.data;
    expect(
      collaborators.map((c: { user: { username: string }; role: string }) => [
        c.user.username,
        c.role,
      ]),
    ).toContainEqual(['newcomer', 'member']);
  });

  it('answers 409 for yourself, an existing collaborator, and a second pending invite', async () => {
    const { owner, path } = await namespace();
    const self = await owner.api.post(`/namespaces/${path}/invites`, {
      handle: owner.user.username,
    });
    expect([self.status, self.body.code]).toEqual([409, 'CANNOT_INVITE_SELF']);
    const selfByEmail = await owner.api.post(`/namespaces/${path}/invites`, {
      handle: owner.user.email,
    });
    expect([selfByEmail.status, selfByEmail.body.code]).toEqual([409, 'CANNOT_INVITE_SELF']);
    const invitee = await person();
    expect(
      (await owner.api.post(`/namespaces/${path}/invites`, { handle: invitee.user.username }))
        .status,
    ).toBe(201);
    const twice = await owner.api.post(`/namespaces/${path}/invites`, {
      handle: invitee.user.username,
    });
    expect([twice.status, twice.body.code]).toEqual([409, 'INVITE_ALREADY_PENDING']);
    const emailTwice = await owner.api.post(`/namespaces/${path}/invites`, {
      handle: 'twice@ns.test',
    });
    expect(emailTwice.status).toBe(201);
    const emailAgain = await owner.api.post(`/namespaces/${path}/invites`, {
      handle: 'TWICE@ns.test',
    });
    expect([emailAgain.status, emailAgain.body.code]).toEqual([409, 'INVITE_ALREADY_PENDING']);
    const [pending] = (await invitee.api.get('/me/invites?filter[status]=pending')).body.data;
    await invitee.api.post(`/invites/${pending.id}/accept`);
    const member = await owner.api.post(`/namespaces/${path}/invites`, {
      handle: invitee.user.username,
    });
    expect([member.status, member.body.code]).toEqual([409, 'ALREADY_COLLABORATOR']);
    const unknown = await owner.api.post(`/namespaces/${path}/invites`, { handle: 'no-such-user' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'USER_NOT_FOUND']);
  });

  it('lets only the owner and admins invite and list invites', async () => {
    const { owner, path } = await namespace();
    const member = await person();
    const [inv] = [
      (await owner.api.post(`/namespaces/${path}/invites`, { handle: member.user.username })).body
        .data,
    ];
    await member.api.post(`/invites/${inv.id}/accept`);
    const outsider = await person();
    const byMember = await member.api.post(`/namespaces/${path}/invites`, {
      handle: outsider.user.username,
    });
    expect([byMember.status, byMember.body.code]).toEqual([403, 'FORBIDDEN']);
    const byOutsider = await outsider.api.post(`/namespaces/${path}/invites`, {
      handle: member.user.username,
    });
    expect(byOutsider.status).toBe(404);
    expect((await member.api.get(`/namespaces/${path}/invites`)).status).toBe(403);
    const listed = await owner.api.get(`/namespaces/${path}/invites`);
    expect(listed.body.total).toBe(1);
    expect((await owner.api.get(`/namespaces/${path}/invites?status=accepted`)).body.total).toBe(1);
    expect((await owner.api.get(`/namespaces/${path}/invites?status=pending`)).body.total).toBe(0);
    expect((await admin.get(`/invites?filter[namespace]=${path}`)).body.total).toBe(1);
    expect(
      (
        await admin.get(`/invites?filter[namespace]=nin:${path}&filter[type]=namespace`)
      ).body.data.every((i: { namespace: { path: string } }) => i.namespace.path !== path),
    ).toBe(true);
  });
});

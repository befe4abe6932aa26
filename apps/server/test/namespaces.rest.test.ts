import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';

let server: TestServer;
let admin: ReturnType<typeof httpClient>;
let anonymous: ReturnType<typeof httpClient>;

interface Person {
  api: ReturnType<typeof httpClient>;
  user: { id: string; username: string; email: string };
}

let serial = 0;
async function person(name = 'user'): Promise<Person> {
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
async function namespace(): Promise<{ owner: Person; path: string; id: string }> {
  const owner = await person('owner');
  const res = await owner.api.post('/namespaces', { name: 'Acme', description: 'Rockets' });
  expect(res.status).toBe(201);
  return { owner, path: res.body.data.path, id: res.body.data.id };
}

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  admin = httpClient(`${server.url}/api/v1`, server.adminKey);
  anonymous = httpClient(`${server.url}/api/v1`);
});
afterAll(() => server?.close());

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

  it('by the proven email of an existing user addresses that user', async () => {
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
    // Bound to the address, with no user id: the answer must not tell which addresses have accounts.
    expect(created).toMatchObject({ inviteeId: null, email, role: 'member' });
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

describe('accept, decline, delete', () => {
  it('a declined invite cannot be accepted afterwards', async () => {
    const { owner, path } = await namespace();
    const invitee = await person();
    const inv = (
      await owner.api.post(`/namespaces/${path}/invites`, { handle: invitee.user.username })
    ).body.data;
    const stranger = await person();
    const notYours = await stranger.api.post(`/invites/${inv.id}/decline`);
    expect(notYours.status).toBe(404);
    const declined = await invitee.api.post(`/invites/${inv.id}/decline`);
    expect(declined.status).toBe(200);
    expect(declined.body.data.status).toBe('declined');
    const accept = await invitee.api.post(`/invites/${inv.id}/accept`);
    expect([accept.status, accept.body.code]).toEqual([410, 'INVITE_DECLINED']);
    const again = await invitee.api.post(`/invites/${inv.id}/decline`);
    expect([again.status, again.body.code]).toEqual([410, 'INVITE_DECLINED']);
    // Declined is no longer pending: a new invite may follow.
    expect(
      (await owner.api.post(`/namespaces/${path}/invites`, { handle: invitee.user.username }))
        .status,
    ).toBe(201);
  });

  it('is accepted only by its addressee', async () => {
    const { owner, path } = await namespace();
    const invitee = await person();
    const stranger = await person();
    const inv = (
      await owner.api.post(`/namespaces/${path}/invites`, { handle: invitee.user.username })
    ).body.data;
    expect((await stranger.api.post(`/invites/${inv.id}/accept`)).status).toBe(404);
    // Even with the code (a forwarded link), someone else cannot take it.
    const owned = (await owner.api.get(`/invites/${inv.id}`)).body.data;
    const withCode = await stranger.api.post(`/invites/${owned.code}/accept`);
    expect([withCode.status, withCode.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await invitee.api.post(`/invites/${inv.id}/accept`)).status).toBe(200);
  });

  it('is deleted by its inviter or its invitee, and by nobody else', async () => {
    const { owner, path } = await namespace();
    const invitee = await person();
    const stranger = await person();
    const first = (
      await owner.api.post(`/namespaces/${path}/invites`, { handle: invitee.user.username })
    ).body.data;
    expect((await stranger.api.delete(`/invites/${first.id}`)).status).toBe(404);
    expect((await invitee.api.delete(`/invites/${first.id}`)).status).toBe(200);
    const second = (
      await owner.api.post(`/namespaces/${path}/invites`, { handle: 'deleteme@ns.test' })
    ).body.data;
    expect((await owner.api.delete(`/invites/${second.id}`)).status).toBe(200);
    expect((await owner.api.get(`/namespaces/${path}/invites`)).body.total).toBe(0);
  });

  it('two accepts of one invite racing: one membership', async () => {
    const { owner, path } = await namespace();
    const invitee = await person();
    const inv = (
      await owner.api.post(`/namespaces/${path}/invites`, { handle: invitee.user.username })
    ).body.data;
    const results = await Promise.all(
      [1, 2, 3].map(() => invitee.api.post(`/invites/${inv.id}/accept`)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 410, 410]);
    const collaborators = (await owner.api.get(`/namespaces/${path}/collaborators`)).body.data;
    expect(
      collaborators.filter((c: { user: { id: string } }) => c.user.id === invitee.user.id),
    ).toHaveLength(1);
  });

  it('one pending invite per person, whichever route reached them (R11)', async () => {
    const { owner, path } = await namespace();
    // Invited by an address before they had an account...
    expect(
      (await owner.api.post(`/namespaces/${path}/invites`, { handle: 'twofold@ns.test' })).status,
    ).toBe(201);
    // ...then they sign up with an operator's invite sent to that address, which proves it...
    const [signup] = (await admin.post('/invites', { email: 'twofold@ns.test' })).body.data;
    const res = await anonymous.post('/auth/register', {
      email: 'twofold@ns.test',
      username: 'twofold',
      password: 'correct horse battery',
      inviteCode: signup.code,
    });
    expect(res.body.data.user.emailVerified).toBe(true);
    // ...and inviting them again by username finds the first invite.
    const again = await owner.api.post(`/namespaces/${path}/invites`, { handle: 'twofold' });
    expect([again.status, again.body.code]).toEqual([409, 'INVITE_ALREADY_PENDING']);
    const invitee = httpClient(`${server.url}/api/v1`, res.body.data.token);
    const [pending] = (await invitee.get('/me/invites?filter[status]=pending')).body.data;
    expect((await invitee.post(`/invites/${pending.id}/accept`)).status).toBe(200);
  });

  it('lets the owner withdraw an admin’s invites, and voids them when the admin leaves', async () => {
    const { owner, path } = await namespace();
    const admin1 = await person('admin');
    const toAdmin = (
      await owner.api.post(`/namespaces/${path}/invites`, {
        handle: admin1.user.username,
        role: 'admin',
      })
    ).body.data;
    await admin1.api.post(`/invites/${toAdmin.id}/accept`);
    const first = (
      await admin1.api.post(`/namespaces/${path}/invites`, {
        handle: 'first@ns.test',
        role: 'admin',
      })
    ).body.data;
    const second = (
      await admin1.api.post(`/namespaces/${path}/invites`, { handle: 'second@ns.test' })
    ).body.data;
    expect((await owner.api.post(`/invites/${first.id}/cancel`)).body.data.status).toBe('canceled');
    expect((await owner.api.delete(`/invites/${first.id}`)).status).toBe(200);
    expect(
      (await owner.api.delete(`/namespaces/${path}/collaborators/${admin1.user.username}`)).status,
    ).toBe(204);
    const after = (await owner.api.get(`/namespaces/${path}/invites?status=canceled`)).body.data;
    expect(after.map((i: { id: string }) => i.id)).toContain(second.id);
    const late = await anonymous.post('/auth/register', {
      email: 'second@ns.test',
      username: 'second-ns',
      password: 'correct horse battery',
      inviteCode: second.code,
    });
    expect([late.status, late.body.code]).toEqual([410, 'INVITE_CANCELED']);
  });

  it('cannot be used to take over invites sent to an address by someone else', async () => {
    const operatorInvite = (
      await admin.post('/invites', { email: 'newhire@corp.test', permissions: ['invite:read'] })
    ).body.data[0];
    const { owner, path } = await namespace();
    const trap = (
      await owner.api.post(`/namespaces/${path}/invites`, { handle: 'newhire@corp.test' })
    ).body.data;
    const res = await anonymous.post('/auth/register', {
      email: 'newhire@corp.test',
      username: 'fakehire',
      password: 'correct horse battery',
      inviteCode: trap.code,
    });
    expect(res.status).toBe(201);
    expect(res.body.data.user.emailVerified).toBe(false);
    const fake = httpClient(`${server.url}/api/v1`, res.body.data.token);
    expect((await fake.get('/me/invites?filter[status]=pending')).body.total).toBe(0);
    expect((await fake.post(`/invites/${operatorInvite.id}/accept`)).status).toBe(404);
    const byCode = await fake.post(`/invites/${operatorInvite.code}/accept`);
    expect([byCode.status, byCode.body.code]).toEqual([403, 'EMAIL_NOT_VERIFIED']);
  });

  it('refuses handles that are neither a username nor an email address', async () => {
    const { owner, path } = await namespace();
    for (const handle of ['@', '@@@', 'x@', 'a b@c.test', '\ud800@x.test', 'bad name']) {
      const res = await owner.api.post(`/namespaces/${path}/invites`, { handle });
      expect([handle, res.status]).toEqual([handle, 400]);
    }
    expect((await owner.api.get(`/namespaces/${path}/invites`)).body.total).toBe(0);
  });

  it('reads paths case-insensitively and percent-decoded', async () => {
    const { owner, path } = await namespace();
    const [who, name] = path.split('/') as [string, string];
    expect(
      (await owner.api.get(`/namespaces/${who.toUpperCase()}/${name.toUpperCase()}`)).status,
    ).toBe(200);
    const encoded = `${encodeURIComponent(who).replace(/^./, (c) => `%${c.charCodeAt(0).toString(16)}`)}/${name}`;
    expect((await owner.api.get(`/namespaces/${encoded}`)).status).toBe(200);
    await owner.api.post(`/namespaces/${path}/invites`, { handle: 'case@ns.test' });
    expect((await admin.get(`/invites?filter[namespace]=${path.toUpperCase()}`)).body.total).toBe(
      1,
    );
  });
});

describe('collaborators', () => {
  it('are removed by owner or admin, leave by themselves, and the owner stays', async () => {
    const { owner, path } = await namespace();
    const a = await person();
    const b = await person();
    for (const who of [a, b]) {
      const inv = (
        await owner.api.post(`/namespaces/${path}/invites`, { handle: who.user.username })
      ).body.data;
      await who.api.post(`/invites/${inv.id}/accept`);
    }
    const byPeer = await a.api.delete(`/namespaces/${path}/collaborators/${b.user.username}`);
    expect(byPeer.status).toBe(403);
    expect(
      (await b.api.delete(`/namespaces/${path}/collaborators/${b.user.username}`)).status,
    ).toBe(204);
    expect(
      (await owner.api.delete(`/namespaces/${path}/collaborators/${a.user.username}`)).status,
    ).toBe(204);
    const ownerGone = await owner.api.delete(
      `/namespaces/${path}/collaborators/${owner.user.username}`,
    );
    expect([ownerGone.status, ownerGone.body.code]).toEqual([409, 'CANNOT_REMOVE_OWNER']);
    const missing = await owner.api.delete(`/namespaces/${path}/collaborators/${a.user.username}`);
    expect(missing.status).toBe(404);
    expect((await owner.api.get(`/namespaces/${path}/collaborators`)).body.data).toHaveLength(1);
    expect((await a.api.get(`/namespaces/${path}`)).status).toBe(404);
  });
});

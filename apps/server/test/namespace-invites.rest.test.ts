/**
 * Answering a namespace invite over REST (accept, decline, delete), and the collaborators it
 * makes.
 */
import { describe, expect, it } from 'vitest';
import { httpClient } from './http.ts';
import { admin, anonymous, namespace, person, server, useServer } from './namespaces-setup.ts';

useServer();

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

import { describe, expect, it } from 'vitest';
import { createGuestlistClient } from '../dist/index.js';
import { client, rejection, server, useServer } from './sdk-setup.ts';

useServer();

describe('accounts', () => {
  it('signs up with a code, reads me, accepts another invite, and signs out', async () => {
    const group = await client.groups.create({ name: 'sdk-readers', permissions: ['doc:read'] });
    const [signup] = await client.invites.create({
      permissions: ['beta:join'],
      groups: [{ id: group.id }],
    });
    const anonymous = createGuestlistClient({ url: server.url });
    const { user, token } = await anonymous.auth.register({
      email: 'sdk-user@example.com',
      username: 'sdk-user',
      password: 'correct horse battery',
      name: 'Sdk User',
      inviteCode: signup!.code!,
    });
    expect(token).toMatch(/^gls_/);
    const me = await createGuestlistClient({ url: server.url, token }).me();
    expect(me).toMatchObject({
      id: user.id,
      username: 'sdk-user',
      name: 'Sdk User',
      permissions: ['beta:join'],
    });
    expect(me.groups).toEqual([{ id: group.id, name: 'sdk-readers' }]);
    expect(me.effectivePermissions).toEqual(['beta:join', 'doc:read']);
    expect(await client.invites.redemptions(signup!.id)).toEqual([
      {
        user: { id: user.id, username: 'sdk-user', name: 'Sdk User' },
        subject: null,
        at: expect.any(String),
      },
    ]);

    const signedIn = createGuestlistClient({
      url: server.url,
      token: (
        await anonymous.auth.login({
          handle: 'SDK-USER@example.com',
          password: 'correct horse battery',
        })
      ).token,
    });
    const [multi] = await client.invites.create({ maxUses: 2, permissions: ['extra:perk'] });
    expect((await signedIn.invites.accept(multi!.code!)).uses).toBe(1);
    const twice = await rejection(signedIn.invites.accept(multi!.code!));
    expect([twice.code, twice.status]).toEqual(['ALREADY_REDEEMED', 409]);
    expect((await signedIn.me()).permissions).toEqual(['beta:join', 'extra:perk']);

    await signedIn.auth.logout();
    const after = await rejection(signedIn.me());
    expect([after.code, after.status]).toEqual(['UNAUTHENTICATED', 401]);
  });

  it('throws typed errors for refused sign-ups and sign-ins', async () => {
    const anonymous = createGuestlistClient({ url: server.url });
    const noCode = await rejection(
      anonymous.auth.register({
        email: 'x@example.com',
        username: 'xuser',
        password: 'correct horse battery',
      }),
    );
    expect([noCode.code, noCode.status]).toEqual(['INVITE_REQUIRED', 403]);
    const wrong = await rejection(
      anonymous.auth.login({ handle: 'nobody', password: 'nothing-here' }),
    );
    expect([wrong.code, wrong.status]).toEqual(['INVALID_CREDENTIALS', 401]);
  });

  it('administers users and groups', async () => {
    const group = await client.groups.create({ name: 'sdk-admins', permissions: ['user:read'] });
    expect((await client.groups.list()).map((g) => g.name)).toContain('sdk-admins');
    const renamed = await client.groups.update(group.id, { name: 'sdk-admins-2' });
    expect(renamed.name).toBe('sdk-admins-2');
    const page = await client.users.list({ size: 100 });
    const someone = page.data.find((u) => u.username === 'sdk-user');
    expect(someone).toBeDefined();
    const found = await client.users.list({ filter: { search: 'SDK-US' }, page: { size: 5 } });
    expect(found.data.map((u) => u.id)).toEqual([someone!.id]);
    const tooLong = await rejection(client.users.list({ filter: { search: 'x'.repeat(201) } }));
    expect([tooLong.code, tooLong.status]).toEqual(['INVALID_QUERY', 400]);
    const updated = await client.users.update(someone!.id, { groups: [group.id] });
    expect(updated.groups).toEqual([{ id: group.id, name: 'sdk-admins-2' }]);
    expect((await client.users.get(someone!.id)).effectivePermissions).toContain('user:read');
    expect((await client.groups.delete(group.id)).id).toBe(group.id);
    const gone = await rejection(client.groups.get(group.id));
    expect([gone.code, gone.status]).toEqual(['GROUP_NOT_FOUND', 404]);
  });
});

describe('namespaces', () => {
  it('invites a collaborator by username, who sees it, accepts it and collaborates', async () => {
    const signUp = async (username: string) => {
      const [inv] = await client.invites.create({});
      const { token } = await createGuestlistClient({ url: server.url }).auth.register({
        email: `${username}@example.com`,
        username,
        password: 'correct horse battery',
        inviteCode: inv!.code!,
      });
      return createGuestlistClient({ url: server.url, token });
    };
    const owner = await signUp('ns-owner');
    const guest = await signUp('ns-guest');
    const ns = await owner.namespaces.create({
      name: 'launchpad',
      description: 'for the SDK test',
    });
    expect(ns.path).toBe('ns-owner/launchpad');
    const invite = await owner.namespaces.invite('ns-owner/launchpad', {
      handle: 'ns-guest',
      role: 'admin',
    });
    expect(invite).toMatchObject({
      type: 'namespace',
      role: 'admin',
      namespace: { path: 'ns-owner/launchpad' },
    });
    const pending = await guest.invites.mine('pending');
    expect(pending.data.map((i) => i.id)).toEqual([invite.id]);
    await guest.invites.accept(invite.id);
    expect(
      (await guest.namespaces.collaborators('ns-owner/launchpad')).map((c) => [
        c.user.username,
        c.role,
      ]),
    ).toEqual([
      ['ns-owner', 'owner'],
      ['ns-guest', 'admin'],
    ]);
    const [membership, ...others] = await guest.namespaces.mine();
    expect(others).toEqual([]);
    expect(membership).toMatchObject({ namespace: { id: ns.id, path: ns.path }, role: 'admin' });
    const again = await rejection(
      owner.namespaces.invite('ns-owner/launchpad', { handle: 'ns-guest' }),
    );
    expect([again.code, again.status]).toEqual(['ALREADY_COLLABORATOR', 409]);
    const second = await owner.namespaces.invite('ns-owner/launchpad', {
      handle: 'later@example.com',
    });
    expect(
      (await owner.namespaces.invites('ns-owner/launchpad', 'pending')).data.map((i) => i.id),
    ).toEqual([second.id]);
    await guest.namespaces.removeCollaborator('ns-owner/launchpad', 'ns-guest');
    const gone = await rejection(guest.namespaces.get('ns-owner/launchpad'));
    expect([gone.code, gone.status]).toEqual(['NAMESPACE_NOT_FOUND', 404]);
  });

  it('declines: a declined invite cannot be accepted', async () => {
    // Signing up with an invite sent to the address proves it; email-bound invites then reach them.
    const [inv] = await client.invites.create({ email: 'decliner@example.com' });
    const { token } = await createGuestlistClient({ url: server.url }).auth.register({
      email: 'decliner@example.com',
      username: 'decliner',
      password: 'correct horse battery',
      inviteCode: inv!.code!,
    });
    const decliner = createGuestlistClient({ url: server.url, token });
    const [bound] = await client.invites.create({ email: 'decliner@example.com' });
    expect((await decliner.invites.decline(bound!.id)).status).toBe('declined');
    const refused = await rejection(decliner.invites.accept(bound!.id));
    expect([refused.code, refused.status]).toEqual(['INVITE_DECLINED', 410]);
  });
});

describe('the account lifecycle', () => {
  it('edits the account, changes the password, and refuses bad links with typed errors', async () => {
    const [code] = await client.invites.create({});
    const anonymous = createGuestlistClient({ url: server.url });
    const { token } = await anonymous.auth.register({
      email: 'lifecycle@example.com',
      username: 'lifecycle',
      password: 'correct horse battery',
      inviteCode: code!.code!,
    });
    const me = createGuestlistClient({ url: server.url, token });
    expect((await me.account.update({ name: 'Life Cycle' })).name).toBe('Life Cycle');

    const wrong = await rejection(
      me.account.changePassword({ currentPassword: 'nope nope nope', newPassword: 'x'.repeat(12) }),
    );
    expect([wrong.code, wrong.status]).toEqual(['INVALID_CREDENTIALS', 403]);
    await me.account.changePassword({
      currentPassword: 'correct horse battery',
      newPassword: 'a new horse battery',
    });
    const login = await anonymous.auth.login({
      handle: 'lifecycle',
      password: 'a new horse battery',
    });
    expect(login.user.username).toBe('lifecycle');

    await expect(
      anonymous.auth.requestPasswordReset('nobody@example.com'),
    ).resolves.toBeUndefined();
    const bad = await rejection(anonymous.auth.verifyEmail('A'.repeat(40)));
    expect([bad.code, bad.status]).toEqual(['INVALID_TOKEN', 400]);
    const badReset = await rejection(
      anonymous.auth.resetPassword({ token: 'A'.repeat(40), password: 'another horse battery' }),
    );
    expect([badReset.code, badReset.status]).toEqual(['INVALID_TOKEN', 400]);
  });
});

/**
 * A hostile review of the authorization policy (R9, R9a, R20, R21): each test is an attack by
 * a caller holding little, against a real server, that ended with more than it was given.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { actors, type Client, must, PASSWORD } from './actors.ts';
import { query } from './support.ts';

let server: TestServer;
let admin: Client;
let anonymous: Client;
let cast: ReturnType<typeof actors>;

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  query<T>(server.databaseUrl, text, params);

const unique = (label: string) => cast.unique(label);
/** A verified user (registered with the operator's email invite) holding `permissions`. */
const person = (label: string, permissions: string[] = []) =>
  cast.verifiedPerson(label, permissions);
const grant = (userId: string, permissions: string[]) => cast.grant(userId, permissions);
const key = (permissions: string[], by?: Client) => cast.key(permissions, by);

/** Registers with a code; the answer, and a client for the new account when it succeeded. */
async function registerWith(code: string, email = `${unique('taker')}@review.test`) {
  const res = await anonymous.post('/auth/register', {
    email,
    username: email.split('@')[0]!.replace(/[^a-z0-9-_]/g, '-'),
    password: PASSWORD,
    inviteCode: code,
  });
  const api = res.status === 201 ? cast.client(res.body.data.token) : null;
  return { res, api };
}

async function inviteRow(id: string) {
  const [row] = await sql<Record<string, unknown>>(
    'select email, max_uses, uses, status, updated_at from invites where id = $1',
    [id],
  );
  return row;
}

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  cast = actors(server, 'review.test');
  ({ admin, anonymous } = cast);
  must(await admin.patch('/settings', { registration: 'open' }), 200, 'open registration');
});
afterAll(() => server?.close());

describe('review 1: a code is a grant, so it is shown only to who holds what it grants', () => {
  it('a key with invite:read alone cannot read the code of the operator’s * invite', async () => {
    const reader = await key(['invite:read']);
    const [star] = must(
      await admin.post('/invites', { permissions: ['*'] }),
      201,
      'the operator’s * invite',
    ).data;
    // It sees the invite (R20: reading is allowed), but the code would let it register an
    // account holding `*`: seeing the code is redeeming it.
    const seen = must(await reader.get(`/invites/${star.id}`), 200, 'read the invite').data;
    expect(seen.code).toBeNull();
    expect(seen.url).toBeNull();
    const listed = must(await reader.get('/invites?page[size]=100'), 200, 'list').data;
    expect(listed.find((invite: { id: string }) => invite.id === star.id)?.code).toBeNull();
    // The operator, who holds it all, still sees it.
    expect(must(await admin.get(`/invites/${star.id}`), 200, 'admin reads').data.code).toBe(
      star.code,
    );
  });

  it('a reader without user:write cannot take a vouched address and what is sent to it', async () => {
    const reader = await key(['invite:read']);
    // The operator vouches for boss@ with a sign-up invite that grants nothing.
    const [signup] = must(
      await admin.post('/invites', { email: 'boss@review.test', notify: false }),
      201,
      'sign-up invite',
    ).data;
    // The sign-up invite grants nothing, but registering with its code proves the address
    // (R9): its code is a proof of the address, for user:write holders and the address alone.
    const seen = must(await reader.get(`/invites/${signup.id}`), 200, 'read').data;
    expect(seen.code).toBeNull();
    // With it, the reader registered a verified boss@, who then accepts by id whatever the
    // operator sends boss@ (a `*` invite, say) and sees it in /me/invites.
  });

  it('a reader who does not run a namespace cannot read its admin invite’s code', async () => {
    const reader = await key(['invite:read']);
    const owner = await person('owner', ['user:write']);
    const { path } = must(
      await owner.api.post('/namespaces', { name: 'ledger' }),
      201,
      'namespace',
    ).data;
    const invite = must(
      await owner.api.post(`/namespaces/${path}/invites`, {
        handle: 'cto@review.test',
        role: 'admin',
      }),
      201,
      'admin invite by email',
    ).data;
    const seen = must(await reader.get(`/invites/${invite.id}`), 200, 'read').data;
    expect(seen.code).toBeNull();
    // With it, registering as cto@ made a verified cto@ and an admin of the namespace.
    const collaborators = await sql(
      'select c.role from collaborators c join namespaces n on n.id = c.namespace_id where n.path = $1',
      [path],
    );
    expect(collaborators.map((c) => c.role)).toEqual(['owner']);
    // The owner, its inviter, still sees its code.
    expect(
      must(await owner.api.get(`/invites/${invite.id}`), 200, 'owner reads').data.code,
    ).not.toBeNull();
  });

  it('an inviter without user:write no longer sees the code once someone vouched its address', async () => {
    const inviter = await person('inviter', ['invite:write']);
    const [mine] = must(
      await inviter.api.post('/invites', { notify: false }),
      201,
      'the inviter’s invite',
    ).data;
    expect(mine.code).not.toBeNull();
    // The operator binds it to an address, vouching for it.
    must(await admin.patch(`/invites/${mine.id}`, { email: 'cfo@review.test' }), 200, 'bind it');
    const seen = must(await inviter.api.get(`/invites/${mine.id}`), 200, 'read').data;
    expect(seen.code).toBeNull();
  });
});

describe('review 2: an account invite answers to its creator when redeemed (R21)', () => {
  it('a group widened after the invite does not hand its new permissions to the redeemer', async () => {
    const group = must(
      await admin.post('/groups', { name: unique('docs'), permissions: ['doc:read'] }),
      201,
      'group',
    ).data;
    const inviter = await person('grouper', ['invite:write', 'doc:read']);
    const [invite] = must(
      await inviter.api.post('/invites', { groups: [group.id] }),
      201,
      'invite with the group',
    ).data;
    must(await admin.patch(`/groups/${group.id}`, { permissions: ['*'] }), 200, 'widen it');

    const email = `${unique('alt')}@review.test`;
    const { res } = await registerWith(invite.code, email);
    expect(res.status).toBe(410);
    expect(res.body.code).toBe('INVITE_CANCELED');
    expect(await sql('select id from users where email = $1', [email])).toEqual([]);
    expect((await inviteRow(invite.id))?.uses).toBe(0);
  });

  it('a demoted inviter’s outstanding multi-use invite stops granting what they lost', async () => {
    const inviter = await person('demoted', ['invite:write', 'user:write', 'user:read']);
    const [invite] = must(
      await inviter.api.post('/invites', {
        permissions: ['user:write'],
        maxUses: null,
        expiresIn: 'never',
      }),
      201,
      'a standing invite',
    ).data;
    // While the inviter holds user:write, it works.
    const first = await registerWith(invite.code);
    expect(first.res.status).toBe(201);
    expect(first.res.body.data.user.effectivePermissions).toEqual(['user:write']);

    await grant(inviter.id, []);
    const second = await registerWith(invite.code);
    expect(second.res.status).toBe(410);
    expect(second.res.body.code).toBe('INVITE_CANCELED');
    expect((await inviteRow(invite.id))?.uses).toBe(1);
  });

  it('an invite made by a user’s key is bounded by that user too', async () => {
    const minter = await person('minter', ['apikey:write', 'invite:write', 'doc:write']);
    const minted = await key(['invite:write', 'doc:write'], minter.api);
    const [invite] = must(
      await minted.post('/invites', { permissions: ['doc:write'] }),
      201,
      'the key’s invite',
    ).data;
    await grant(minter.id, []);
    const taker = await person('taker');
    const res = await taker.api.post(`/invites/${invite.code}/accept`);
    expect(res.status).toBe(410);
    expect(res.body.code).toBe('INVITE_CANCELED');
    expect(must(await taker.api.get('/me'), 200, 'me').data.effectivePermissions).toEqual([]);
  });
});

describe('review 3: namespace:write does not redirect a namespace’s invites (R21)', () => {
  it('an operator key cannot rebind an owner’s admin invite to itself', async () => {
    const owner = await person('nsowner');
    const mallory = await person('mallory');
    const { path } = must(
      await owner.api.post('/namespaces', { name: 'crown' }),
      201,
      'namespace',
    ).data;
    const invite = must(
      await owner.api.post(`/namespaces/${path}/invites`, {
        handle: 'deputy@review.test',
        role: 'admin',
      }),
      201,
      'admin invite',
    ).data;
    const before = await inviteRow(invite.id);
    const operator = await key(['namespace:write', 'invite:write']);
    const rebind = await operator.patch(`/invites/${invite.id}`, { email: mallory.email });
    expect(rebind.status).toBe(403);
    expect(rebind.body.code).toBe('FORBIDDEN');
    const unbind = await operator.patch(`/invites/${invite.id}`, { email: null, maxUses: null });
    expect(unbind.status).toBe(403);
    expect(await inviteRow(invite.id)).toEqual(before);
    expect((await mallory.api.post(`/invites/${invite.id}/accept`)).status).toBe(404);
    expect((await mallory.api.get(`/namespaces/${path}`)).status).toBe(404);
    // What the override is for still works: notes on the invite.
    expect(
      (await operator.patch(`/invites/${invite.id}`, { metadata: { note: 'seen' } })).status,
    ).toBe(200);
  });

  it('a namespace:write user outside the namespace cannot either', async () => {
    const owner = await person('nsowner');
    const operator = await person('nsop', ['namespace:write', 'invite:write']);
    const { path } = must(
      await owner.api.post('/namespaces', { name: 'keep' }),
      201,
      'namespace',
    ).data;
    const invite = must(
      await owner.api.post(`/namespaces/${path}/invites`, {
        handle: 'knight@review.test',
        role: 'admin',
      }),
      201,
      'admin invite',
    ).data;
    const res = await operator.api.patch(`/invites/${invite.id}`, { email: operator.email });
    expect(res.status).toBe(403);
    expect((await inviteRow(invite.id))?.email).toBe('knight@review.test');
  });
});

describe('review 4: by id, an invite exists only for who may read it (R9a)', () => {
  it('a stranger holding an id gets 404 from validate and from the invite page', async () => {
    const [invite] = must(
      await admin.post('/invites', {
        email: 'private.person@review.test',
        permissions: ['doc:read'],
        notify: false,
      }),
      201,
      'invite',
    ).data;
    const validate = await anonymous.get(`/invites/${invite.id}/validate`);
    expect(validate.status).toBe(404);
    expect(validate.body.code).toBe('INVITE_NOT_FOUND');
    const page = await fetch(`${server.url}/i/${invite.id}`);
    const html = await page.text();
    expect(page.status).toBe(404);
    expect(html).not.toContain('private.person@review.test');
    // By code, the code is the proof: both answer.
    expect((await anonymous.get(`/invites/${invite.code}/validate`)).status).toBe(200);
    expect((await fetch(`${server.url}/i/${invite.code}`)).status).toBe(200);
    // And whoever may read it may validate it by id.
    expect((await admin.get(`/invites/${invite.id}/validate`)).status).toBe(200);
  });
});

describe('review 6: an invite is in its creator’s name (§4 inviterId, R21)', () => {
  it('a user cannot put a wider user’s name on an invite and outlive their own demotion', async () => {
    const boss = await person('boss', ['*']);
    const creator = await person('namer', ['invite:*', 'doc:write']);
    // Signed in, the inviter is whoever created it: naming the boss would make the invite
    // answer to the boss's permissions, so demoting the creator would not withdraw it.
    const named = await creator.api.post('/invites', {
      permissions: ['doc:write'],
      inviterId: boss.id,
    });
    expect(named.status).toBe(403);
    expect(named.body.code).toBe('FORBIDDEN');
    // In their own name it is theirs, and answers to them.
    const [own] = must(
      await creator.api.post('/invites', { permissions: ['doc:write'], inviterId: creator.id }),
      201,
      'own invite',
    ).data;
    expect(own.inviterId).toBe(creator.id);
  });
});

describe('review 5: keys minted before the upgrade answer to their users', () => {
  it('a user’s key from before created_by_user_id existed is narrowed when the user is', async () => {
    const minter = await person('oldminter', ['*']);
    const old = await key(['settings:read', 'apikey:write'], minter.api);
    const child = await key(['settings:read'], old);
    // The installation as it was before the trust migration, then upgraded.
    await sql(`alter table api_keys drop column created_by_user_id`);
    await sql(`alter table invites drop column email_vouched`);
    // Only the two migrations this replays: later ones stay applied.
    await sql(
      `delete from mikro_orm_migrations where name in ('Migration20261130030000_trust', 'Migration20261130040000_key_owners')`,
    );
    await server.guestlist.migrate();

    await grant(minter.id, ['invite:read']);
    expect((await old.get('/settings')).status).toBe(403);
    expect((await child.get('/settings')).status).toBe(403);
    // The operator's key, which no user minted, is untouched.
    expect((await admin.get('/settings')).status).toBe(200);
  });
});

/**
 * The holes a hostile review found in authorization (R9, R9a, R20, R21), each as the attack
 * it was: every test here failed before the policy module, and passes only while the rule
 * that closes the whole class holds.
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

const verifiedPerson = (label: string) => cast.verifiedPerson(label);
const key = (permissions: string[], by?: Client) => cast.key(permissions, by);
const grant = (person: { id: string }, permissions: string[]) => cast.grant(person.id, permissions);

/** The invite row as the database holds it: what an attack must not have changed. */
async function inviteRow(id: string) {
  const [row] = await sql<{ email: string | null; updated_at: Date; status: string }>(
    'select email, updated_at, status from invites where id = $1',
    [id],
  );
  return row;
}

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  cast = actors(server, 'trust.test');
  ({ admin, anonymous } = cast);
  must(await admin.patch('/settings', { registration: 'open' }), 200, 'open registration');
});
afterAll(() => server?.close());

describe('finding 1: take-over by edit', () => {
  it('a key with invite:write alone cannot rebind the operator’s invite and accept its *', async () => {
    const attacker = await verifiedPerson('mallory');
    const writer = await key(['invite:write']);
    const [target] = must(
      await admin.post('/invites', { email: 'boss@trust.test', permissions: ['*'], notify: false }),
      201,
      'the operator’s invite',
    ).data;
    const before = await inviteRow(target.id);

    expect((await writer.get(`/invites/${target.id}`)).status).toBe(404);
    // It may not read the invite, so every action on it is 404 (R20), not a 403 that confirms it.
    const edit = await writer.patch(`/invites/${target.id}`, { email: attacker.email });
    expect(edit.status).toBe(404);
    expect((await writer.put(`/invites/${target.id}`, { email: attacker.email })).status).toBe(404);
    expect(await inviteRow(target.id)).toEqual(before);

    expect((await attacker.api.post(`/invites/${target.id}/accept`)).status).toBe(404);
    const me = must(await attacker.api.get('/me'), 200, '/me').data;
    expect(me.effectivePermissions).toEqual([]);
  });

  it('a reader with invite:write cannot edit an invite granting more than they hold (R21)', async () => {
    const editor = await verifiedPerson('editor');
    await grant(editor, ['invite:read', 'invite:write']);
    const [target] = must(
      await admin.post('/invites', { email: 'cfo@trust.test', permissions: ['*'], notify: false }),
      201,
      'the operator’s invite',
    ).data;
    const before = await inviteRow(target.id);
    expect((await editor.api.get(`/invites/${target.id}`)).status).toBe(200);
    const edit = await editor.api.patch(`/invites/${target.id}`, { email: editor.email });
    expect(edit.status).toBe(403);
    expect(edit.body.code).toBe('FORBIDDEN');
    // Nor may they cancel, resend or delete it: each would change what the operator granted.
    expect((await editor.api.post(`/invites/${target.id}/cancel`)).status).toBe(403);
    expect((await editor.api.post(`/invites/${target.id}/resend`, {})).status).toBe(403);
    expect(await inviteRow(target.id)).toEqual(before);
  });

  it('nobody outside a namespace rebinds its invite and becomes its admin', async () => {
    const owner = await verifiedPerson('owner');
    const invitee = await verifiedPerson('invitee');
    const attacker = await verifiedPerson('intruder');
    await grant(attacker, ['invite:read', 'invite:write', 'invite:delete']);
    const writer = await key(['invite:write']);
    const { path } = must(
      await owner.api.post('/namespaces', { name: 'vault' }),
      201,
      'a namespace',
    ).data;
    const target = must(
      await owner.api.post(`/namespaces/${path}/invites`, { handle: invitee.email, role: 'admin' }),
      201,
      'the namespace invite',
    ).data;
    const before = await inviteRow(target.id);

    expect((await writer.patch(`/invites/${target.id}`, { email: attacker.email })).status).toBe(
      404,
    );
    // invite:read sees it, but a namespace's invites are changed only by its owner, admins and
    // the invite's inviter (R21): invite:write is not enough.
    const edit = await attacker.api.patch(`/invites/${target.id}`, { email: attacker.email });
    expect(edit.status).toBe(403);
    expect((await attacker.api.post(`/invites/${target.id}/cancel`)).status).toBe(403);
    expect((await attacker.api.delete(`/invites/${target.id}`)).status).toBe(403);
    expect(await inviteRow(target.id)).toEqual(before);
    expect((await attacker.api.post(`/invites/${target.id}/accept`)).status).toBe(403);
    expect((await attacker.api.get(`/namespaces/${path}`)).status).toBe(404);
    // The owner still can.
    expect((await owner.api.post(`/invites/${target.id}/cancel`)).status).toBe(200);
  });
});

describe('finding 2: forged verification (R9)', () => {
  it('an invite from a key without user:write does not verify the address it was sent to', async () => {
    const writer = await key(['invite:write']);
    const [forged] = must(
      await writer.post('/invites', { email: 'alice@trust.test', notify: false }),
      201,
      'the forged invite',
    ).data;
    const [real] = must(
      await admin.post('/invites', {
        email: 'alice@trust.test',
        permissions: ['*'],
        notify: false,
      }),
      201,
      'the operator’s invite to alice',
    ).data;
    const registered = must(
      await anonymous.post('/auth/register', {
        email: 'alice@trust.test',
        username: 'fake-alice',
        password: PASSWORD,
        inviteCode: forged.code,
      }),
      201,
      'register as alice',
    ).data;
    expect(registered.user.emailVerified).toBe(false);
    const impostor = cast.client(registered.token);
    // Only the invite they used themselves: the operator's is not addressed to an unproven address.
    const mine = must(await impostor.get('/me/invites'), 200, '/me/invites');
    expect(mine.data.map((invite: { id: string }) => invite.id)).toEqual([forged.id]);
    expect((await impostor.post(`/invites/${real.id}/accept`)).status).toBe(404);
    expect((await inviteRow(real.id))?.status).toBe('pending');
    expect(must(await impostor.get('/me'), 200, '/me').data.effectivePermissions).toEqual([]);
  });

  it('a user with invite:write but not user:write vouches for nobody either', async () => {
    const inviter = await verifiedPerson('inviter');
    await grant(inviter, ['invite:write']);
    const [forged] = must(
      await inviter.api.post('/invites', { email: 'bob@trust.test', notify: false }),
      201,
      'the invite',
    ).data;
    const { user } = must(
      await anonymous.post('/auth/register', {
        email: 'bob@trust.test',
        username: 'fake-bob',
        password: PASSWORD,
        inviteCode: forged.code,
      }),
      201,
      'register as bob',
    ).data;
    expect(user.emailVerified).toBe(false);
  });

  it('a creator holding user:write vouches (R9)', async () => {
    const vouching = await key(['invite:write', 'user:write']);
    const [invite] = must(
      await vouching.post('/invites', { email: 'carol@trust.test', notify: false }),
      201,
      'the invite',
    ).data;
    const { user } = must(
      await anonymous.post('/auth/register', {
        email: 'carol@trust.test',
        username: 'carol',
        password: PASSWORD,
        inviteCode: invite.code,
      }),
      201,
      'register as carol',
    ).data;
    expect(user.emailVerified).toBe(true);
  });
});

describe('finding 6: narrow keys demote wider principals (R21)', () => {
  it('a user:write key cannot take an admin’s permissions away', async () => {
    const boss = await verifiedPerson('boss');
    await grant(boss, ['*']);
    const narrow = await key(['user:write', 'user:read']);
    const res = await narrow.patch(`/users/${boss.id}`, { permissions: [] });
    expect(res.status).toBe(403);
    expect(must(await admin.get(`/users/${boss.id}`), 200, 'read boss').data.permissions).toEqual([
      '*',
    ]);
  });

  it('a group:write key cannot rewrite or delete the * group', async () => {
    const group = must(
      await admin.post('/groups', { name: 'root-group', permissions: ['*'] }),
      201,
      'the * group',
    ).data;
    const narrow = await key(['group:write', 'group:read']);
    expect((await narrow.patch(`/groups/${group.id}`, { permissions: [] })).status).toBe(403);
    expect((await narrow.patch(`/groups/${group.id}`, { name: 'renamed' })).status).toBe(403);
    expect((await narrow.delete(`/groups/${group.id}`)).status).toBe(403);
    const after = must(await admin.get(`/groups/${group.id}`), 200, 'read the group').data;
    expect(after).toMatchObject({ name: 'root-group', permissions: ['*'] });
  });

  it('a key minted by a user loses what the user loses, at once', async () => {
    const minter = await verifiedPerson('minter');
    await grant(minter, ['*']);
    const minted = await key(['*'], minter.api);
    expect((await minted.get('/settings')).status).toBe(200);
    await grant(minter, ['invite:read']);
    expect((await minted.get('/settings')).status).toBe(403);
    expect((await minted.get('/invites')).status).toBe(200);
    expect((await minted.post('/api-keys', { name: 'wider', permissions: ['*'] })).status).toBe(
      403,
    );
  });
});

describe('finding 13: seeing comes before acting (R20)', () => {
  it('a reader who may not delete gets 403; a stranger’s edit gets 404 like its read', async () => {
    const reader = await key(['invite:read']);
    const stranger = await key(['invite:write']);
    const [target] = must(await admin.post('/invites', {}), 201, 'an invite').data;
    const deleted = await reader.delete(`/invites/${target.id}`);
    expect(deleted.status).toBe(403);
    expect(deleted.body.code).toBe('FORBIDDEN');
    expect((await stranger.get(`/invites/${target.id}`)).status).toBe(404);
    expect((await stranger.patch(`/invites/${target.id}`, { metadata: { a: 1 } })).status).toBe(
      404,
    );
    expect((await inviteRow(target.id))?.status).toBe('pending');
  });
});

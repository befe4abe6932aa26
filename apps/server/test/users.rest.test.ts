/**
 * Signed-in users over REST: sessions, the invites users send, the administration of users
 * and groups, and what account data keeps out of the database.
 */
import { describe, expect, it } from 'vitest';
import {
  admin,
  anonymous,
  invite,
  person,
  register,
  server,
  signedUp,
  sql,
  useServer,
} from './accounts-setup.ts';
import { httpClient } from './http.ts';

useServer();

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

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { actors, must, PASSWORD } from './actors.ts';
import { query } from './support.ts';

/**
 * Using an invite that names no group and grants nothing skips the grant (R10). Whether it
 * names groups is read under the invite's row lock: groups given to it by a change that holds
 * the lock first (as PATCH /invites/{id} does) are granted, to an accepting user and to one
 * registering with its code alike.
 */
let server: TestServer;
let people: ReturnType<typeof actors>;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  people = actors(server, 'grants-race.test');
});
afterAll(() => server?.close());

/** Gives the invite a group in a transaction that holds its row lock while `use` starts. */
async function whileGroupIsAdded<T>(inviteId: string, groupId: string, use: () => Promise<T>) {
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query('select id from invites where id = $1 for update', [inviteId]);
    await client.query('insert into invite_groups (invite_id, group_id) values ($1, $2)', [
      inviteId,
      groupId,
    ]);
    const used = use();
    // Long enough for the use to reach the lock and wait on it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await client.query('commit');
    return await used;
  } finally {
    await client.end();
  }
}

async function groupsOf(username: string): Promise<string[]> {
  const rows = await query<{ group_id: string }>(
    server.databaseUrl,
    'select ug.group_id from user_groups ug join users u on u.id = ug.user_id where u.username = $1',
    [username],
  );
  return rows.map((row) => row.group_id);
}

async function emptyInviteAndGroup(name: string) {
  const { admin } = people;
  const group = must(
    await admin.post('/groups', { name, permissions: ['doc:read'] }),
    201,
    'group',
  );
  const [invite] = must(await admin.post('/invites', { notify: false }), 201, 'invite').data;
  return { groupId: group.data.id as string, invite: invite as { id: string; code: string } };
}

describe('an invite given groups while it is used grants them (R10)', () => {
  it('to a user accepting it', async () => {
    const { groupId, invite } = await emptyInviteAndGroup('race-accept');
    const person = await people.verifiedPerson('accepter');
    const accepted = await whileGroupIsAdded(invite.id, groupId, () =>
      person.api.post(`/invites/${invite.code}/accept`),
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.data.groups.map((group: { id: string }) => group.id)).toEqual([groupId]);
    expect(await groupsOf(person.username)).toEqual([groupId]);
  });

  it('to a user registering with its code', async () => {
    const { groupId, invite } = await emptyInviteAndGroup('race-register');
    const registered = await whileGroupIsAdded(invite.id, groupId, () =>
      people.anonymous.post('/auth/register', {
        email: 'registrant@grants-race.test',
        username: 'registrant',
        password: PASSWORD,
        inviteCode: invite.code,
      }),
    );
    expect(registered.status).toBe(201);
    expect(await groupsOf('registrant')).toEqual([groupId]);
  });
});

/**
 * A full invite flow through a client generated from the served OpenAPI document, against a
 * real Guestlist server on PostgreSQL. Two things fail here: an API that does what its
 * document does not say (or the reverse), and a committed `guestlist-api.d.ts` that no longer
 * matches the document (regenerate with `pnpm --filter @guestlist/example-rest-client test -u`,
 * or `pnpm generate URL` against a running server).
 */
import { startTestServer, type TestServer } from '@guestlist/server/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type GuestlistRestClient, guestlistRestClient, type Invite } from '../src/client.ts';
import { generateTypes } from '../src/generate.ts';

let server: TestServer;
let admin: GuestlistRestClient;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  admin = guestlistRestClient(server.url, server.adminKey);
});
afterAll(() => server?.close());

/** The data of a success answer; fails the test with the API's error otherwise. */
function dataOf<T>(result: { data?: { data: T }; error?: unknown; response: Response }): T {
  if (!result.data) {
    throw new Error(`${result.response.status}: ${JSON.stringify(result.error)}`);
  }
  return result.data.data;
}

describe('the generated types', () => {
  it('match the document the server serves', async () => {
    const generated = await generateTypes(server.url);
    expect(generated).toContain('"/invites/{invite}/accept"');
    await expect(generated).toMatchFileSnapshot('../src/guestlist-api.d.ts');
  });
});

describe('an invite flow through openapi-fetch', () => {
  it('creates an invite that grants a group, and a new user registers with it', async () => {
    const group = dataOf(
      await admin.POST('/groups', { body: { name: 'beta-testers', permissions: ['beta:use'] } }),
    );
    const created = await admin.POST('/invites', {
      body: {
        email: 'ada@example.com',
        notify: false,
        permissions: ['doc:read'],
        groups: [{ id: group.id }],
        metadata: { source: 'rest-client' },
      },
    });
    expect(created.response.status).toBe(201);
    const [invite] = dataOf(created) as [Invite];
    expect(invite).toMatchObject({ status: 'pending', email: 'ada@example.com', uses: 0 });

    const anonymous = guestlistRestClient(server.url);
    const validation = dataOf(
      await anonymous.GET('/invites/{invite}/validate', {
        params: { path: { invite: invite.code! } },
      }),
    );
    expect(validation).toMatchObject({ valid: true, type: 'account', status: 'pending' });
    expect(validation.email).not.toBe('ada@example.com'); // masked for anyone holding the link

    const registered = await anonymous.POST('/auth/register', {
      body: {
        email: 'ada@example.com',
        username: 'ada',
        password: 'correct horse battery',
        inviteCode: invite.code!,
      },
    });
    expect(registered.response.status).toBe(201);
    const { user, token } = dataOf(registered);

    const ada = guestlistRestClient(server.url, token);
    const me = dataOf(await ada.GET('/me'));
    expect(me.id).toBe(user.id);
    expect(me.groups).toEqual([{ id: group.id, name: 'beta-testers' }]);
    expect([...me.effectivePermissions].sort()).toEqual(['beta:use', 'doc:read']);

    const after = dataOf(
      await admin.GET('/invites/{invite}', { params: { path: { invite: invite.id } } }),
    );
    expect(after).toMatchObject({ status: 'accepted', uses: 1, inviteeId: user.id });
    const redemptions = dataOf(
      await admin.GET('/invites/{invite}/redemptions', { params: { path: { invite: invite.id } } }),
    );
    expect(redemptions.map((redemption) => redemption.user?.id)).toEqual([user.id]);

    // The code is spent: validating it again says so, with the documented error body.
    const spent = await anonymous.GET('/invites/{invite}/validate', {
      params: { path: { invite: invite.code! } },
    });
    expect(spent.response.status).toBe(410);
    expect(spent.error).toMatchObject({ code: 'INVITE_USED' });
  });

  it('lists with bracketed filters, cancels, and answers 409 on a second cancel', async () => {
    const batch = dataOf(
      await admin.POST('/invites', { body: { count: 3, metadata: { batch: 'rest-list' } } }),
    );
    expect(batch).toHaveLength(3);
    const [first] = batch as [Invite, ...Invite[]];

    const canceled = dataOf(
      await admin.POST('/invites/{invite}/cancel', { params: { path: { invite: first.id } } }),
    );
    expect(canceled.status).toBe('canceled');
    const again = await admin.POST('/invites/{invite}/cancel', {
      params: { path: { invite: first.id } },
    });
    expect(again.response.status).toBe(409);
    expect(again.error).toMatchObject({ code: 'INVITE_NOT_PENDING' });

    const ids = batch.map((invite) => invite.id);
    const listed = await admin.GET('/invites', {
      params: { query: { 'filter[status]': 'canceled', 'filter[code]': `in:${first.code}` } },
    });
    expect(listed.data?.total).toBe(1);
    expect(listed.data?.data.map((invite) => invite.id)).toEqual([first.id]);

    const pending = await admin.GET('/invites', {
      params: { query: { 'filter[status]': 'pending', sort: 'createdAt', 'page[size]': '100' } },
    });
    const pendingIds = new Set(pending.data?.data.map((invite) => invite.id));
    expect(ids.filter((id) => pendingIds.has(id))).toEqual(ids.slice(1));

    const bad = await admin.GET('/invites', { params: { query: { sort: 'color' } } });
    expect(bad.response.status).toBe(400);
    expect(bad.error).toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('what the compiler refuses, the server refuses too', async () => {
    const total = async () => (await admin.GET('/invites')).data?.total;
    const before = await total();
    expect(before).toEqual(expect.any(Number));
    const wrongType = await admin.POST('/invites', {
      // @ts-expect-error count is an integer in the document
      body: { count: 'three' },
    });
    expect(wrongType.response.status).toBe(400);
    expect(wrongType.error).toMatchObject({ code: 'VALIDATION_FAILED' });

    // openapi-fetch's generic body escapes TypeScript's excess property check; the server does not.
    const withColor = { count: 1, color: 'blue' };
    const unknownField = await admin.POST('/invites', { body: withColor });
    expect(unknownField.response.status).toBe(400);
    expect(unknownField.error).toMatchObject({ code: 'VALIDATION_FAILED' });

    expect(await total()).toBe(before);
  });

  it('invites a user to a namespace; they accept and become a collaborator', async () => {
    const owner = await registerUser('grace');
    const invitee = await registerUser('alan');

    const namespace = dataOf(await owner.POST('/namespaces', { body: { name: 'compilers' } }));
    expect(namespace.path).toBe('grace/compilers');
    const namespacePath = { owner: 'grace', name: 'compilers' };

    const invite = dataOf(
      await owner.POST('/namespaces/{owner}/{name}/invites', {
        params: { path: namespacePath },
        body: { handle: 'alan', role: 'admin' },
      }),
    );
    expect(invite).toMatchObject({ type: 'namespace', status: 'pending' });

    const mine = dataOf(
      await invitee.GET('/me/invites', { params: { query: { 'filter[status]': 'pending' } } }),
    );
    expect(mine.map((pending) => pending.id)).toEqual([invite.id]);

    const accepted = dataOf(
      await invitee.POST('/invites/{invite}/accept', { params: { path: { invite: invite.id } } }),
    );
    expect(accepted.status).toBe('accepted');

    const collaborators = dataOf(
      await owner.GET('/namespaces/{owner}/{name}/collaborators', {
        params: { path: namespacePath },
      }),
    );
    expect(collaborators.map(({ user, role }) => [user.username, role])).toContainEqual([
      'alan',
      'admin',
    ]);
  });
});

/** A user registered with an invite of their own; a client signed in as them. */
async function registerUser(username: string): Promise<GuestlistRestClient> {
  const [invite] = dataOf(await admin.POST('/invites', { body: {} })) as [Invite];
  const registered = dataOf(
    await guestlistRestClient(server.url).POST('/auth/register', {
      body: {
        email: `${username}@example.com`,
        username,
        password: 'correct horse battery',
        inviteCode: invite.code!,
      },
    }),
  );
  return guestlistRestClient(server.url, registered.token);
}

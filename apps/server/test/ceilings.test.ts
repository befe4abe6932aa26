/**
 * The ceiling matrix (R21): every operation that grants, changes or removes permissions,
 * against callers who hold everything the operation itself needs but are narrower than its
 * target in one way each. Every such call answers 403 FORBIDDEN and writes nothing (every
 * table's row count and row versions, as the fuzzing suite's oracle reads them). A caller who
 * holds it all succeeds, so a refusal is the ceiling's and not the operation's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { actors, type Client, must, PASSWORD } from './actors.ts';
import { fingerprint, server, useRestServer } from './support.ts';

/** What every operation below needs, and nothing it could grant: the callers all hold these. */
const ACTIONS = [
  'invite:read',
  'invite:write',
  'invite:delete',
  'user:read',
  'user:write',
  'group:read',
  'group:write',
  'apikey:write',
  'settings:read',
  'settings:write',
];
/** What each target grants: two permissions directly, and one through a group. */
const DIRECT = ['doc:read', 'doc:write'];
const THROUGH_GROUP = ['vault:open'];
const ALL = [...DIRECT, ...THROUGH_GROUP];

/** Each caller is narrower than every target in exactly one way. */
const NARROW = ['byOnePermission', 'byGroup', 'byDemotedCreator'] as const;
type Narrow = (typeof NARROW)[number];

interface Call {
  method: string;
  path: string;
  body?: unknown;
}

let admin: Client;
let cast: ReturnType<typeof actors>;
let vault: string;
const callers = {} as Record<Narrow | 'holdsAll', Client>;

const unique = (prefix: string) => cast.unique(prefix);

/** An invite the operator made, granting ALL (DIRECT itself, THROUGH_GROUP by the group). */
async function wideInvite(): Promise<string> {
  const [invite] = must(
    await admin.post('/invites', {
      email: `${unique('target')}@ceilings.test`,
      permissions: DIRECT,
      groups: [{ id: vault }],
      notify: false,
    }),
    201,
    'the target invite',
  ).data;
  return invite.id;
}

async function plainInvite(): Promise<string> {
  return must(await admin.post('/invites', {}), 201, 'a plain invite').data[0].id;
}

/** A user who holds ALL: DIRECT directly, THROUGH_GROUP through the group. */
async function wideUser(): Promise<string> {
  const id = await plainUser();
  must(
    await admin.patch(`/users/${id}`, { permissions: DIRECT, groups: [{ id: vault }] }),
    200,
    'widen the user',
  );
  return id;
}

async function plainUser(): Promise<string> {
  const username = unique('member');
  return must(
    await admin.post(
      '/auth/register',
      { email: `${username}@ceilings.test`, username, password: PASSWORD },
      { token: null },
    ),
    201,
    'register a user',
  ).data.user.id;
}

async function group(permissions: string[]): Promise<string> {
  return must(await admin.post('/groups', { name: unique('group-'), permissions }), 201, 'a group')
    .data.id;
}

async function defaults(permissions: string[]): Promise<void> {
  must(await admin.patch('/settings', { defaultPermissions: permissions }), 200, 'set defaults');
}

/**
 * Every operation that grants, changes or removes permissions, with a fresh target made by the
 * operator for each call. "Before" rows change something that already grants ALL; "after" rows
 * make something grant ALL.
 */
const OPERATIONS: Record<string, () => Promise<Call>> = {
  'POST /invites': async () => ({
    method: 'POST',
    path: '/invites',
    body: { permissions: DIRECT, groups: [{ id: vault }] },
  }),
  'POST /invites/send': async () => ({
    method: 'POST',
    path: '/invites/send',
    body: {
      email: `${unique('sent')}@ceilings.test`,
      permissions: DIRECT,
      groups: [{ id: vault }],
    },
  }),
  'PATCH /invites/{invite} (before)': async () => ({
    method: 'PATCH',
    path: `/invites/${await wideInvite()}`,
    body: { metadata: { note: 'edited' } },
  }),
  'PATCH /invites/{invite} (after)': async () => ({
    method: 'PATCH',
    path: `/invites/${await plainInvite()}`,
    body: { permissions: DIRECT, groups: [{ id: vault }] },
  }),
  'PUT /invites/{invite} (before)': async () => ({
    method: 'PUT',
    path: `/invites/${await wideInvite()}`,
    body: { metadata: { note: 'edited' } },
  }),
  'POST /invites/{invite}/cancel': async () => ({
    method: 'POST',
    path: `/invites/${await wideInvite()}/cancel`,
  }),
  'POST /invites/{invite}/resend': async () => ({
    method: 'POST',
    path: `/invites/${await wideInvite()}/resend`,
    body: {},
  }),
  'DELETE /invites/{invite}': async () => ({
    method: 'DELETE',
    path: `/invites/${await wideInvite()}`,
  }),
  'PATCH /users/{id} permissions (before)': async () => ({
    method: 'PATCH',
    path: `/users/${await wideUser()}`,
    body: { permissions: [] },
  }),
  'PATCH /users/{id} groups (before)': async () => ({
    method: 'PATCH',
    path: `/users/${await wideUser()}`,
    body: { groups: [] },
  }),
  'PATCH /users/{id} (after)': async () => ({
    method: 'PATCH',
    path: `/users/${await plainUser()}`,
    body: { permissions: DIRECT, groups: [{ id: vault }] },
  }),
  'POST /groups': async () => ({
    method: 'POST',
    path: '/groups',
    body: { name: unique('new-group-'), permissions: ALL },
  }),
  'PATCH /groups/{id} (before)': async () => ({
    method: 'PATCH',
    path: `/groups/${await group(ALL)}`,
    body: { name: unique('renamed-') },
  }),
  'PATCH /groups/{id} (after)': async () => ({
    method: 'PATCH',
    path: `/groups/${await group([])}`,
    body: { permissions: ALL },
  }),
  'DELETE /groups/{id}': async () => ({
    method: 'DELETE',
    path: `/groups/${await group(ALL)}`,
  }),
  'POST /api-keys': async () => ({
    method: 'POST',
    path: '/api-keys',
    body: { name: unique('minted-'), permissions: ALL },
  }),
  'DELETE /api-keys/{id}': async () => {
    const key = must(
      await admin.post('/api-keys', { name: unique('doomed-'), permissions: ALL }),
      201,
      'a wide key',
    ).data;
    return { method: 'DELETE', path: `/api-keys/${key.key?.id ?? key.id}` };
  },
  'PATCH /settings defaultPermissions (before)': async () => {
    await defaults(ALL);
    return { method: 'PATCH', path: '/settings', body: { defaultPermissions: [] } };
  },
  'PATCH /settings defaultPermissions (after)': async () => {
    await defaults([]);
    return { method: 'PATCH', path: '/settings', body: { defaultPermissions: ALL } };
  },
};

// As the fuzzing suite checks that a refused request wrote nothing.
useRestServer();
beforeAll(async () => {
  cast = actors(server, 'ceilings.test');
  admin = cast.admin;
  must(await admin.patch('/settings', { registration: 'open' }), 200, 'open registration');
  vault = await group(THROUGH_GROUP);

  callers.holdsAll = await cast.key([...ACTIONS, ...ALL]);
  callers.byOnePermission = await cast.key([...ACTIONS, 'doc:read', ...THROUGH_GROUP]);
  callers.byGroup = await cast.key([...ACTIONS, ...DIRECT]);
  // A user who held everything mints a `*` key, and is then demoted to the actions alone.
  const creatorId = await plainUser();
  must(await admin.patch(`/users/${creatorId}`, { permissions: ['*'] }), 200, 'widen the creator');
  const username = (await admin.get(`/users/${creatorId}`)).body.data.username;
  const session = must(
    await admin.post('/auth/login', { handle: username, password: PASSWORD }, { token: null }),
    200,
    'the creator signs in',
  ).data.token;
  callers.byDemotedCreator = await cast.key(['*'], cast.client(session));
  must(await admin.patch(`/users/${creatorId}`, { permissions: ACTIONS }), 200, 'demote');
});

describe('the ceiling matrix (R21)', () => {
  it('the oracle sees a write', async () => {
    const before = await fingerprint();
    await plainInvite();
    expect(await fingerprint()).not.toBe(before);
  });

  it('refuses every caller narrower than the target, and writes nothing', {
    timeout: 120_000,
  }, async () => {
    const wrong: string[] = [];
    for (const [operation, setup] of Object.entries(OPERATIONS)) {
      for (const narrow of NARROW) {
        const call = await setup();
        const before = await fingerprint();
        const res = await callers[narrow].call(call.method, call.path, {
          ...(call.body === undefined ? {} : { body: call.body }),
        });
        if (res.status !== 403 || res.body?.code !== 'FORBIDDEN') {
          wrong.push(`${operation} by ${narrow}: ${res.status} ${res.body?.code ?? ''}`);
        }
        if ((await fingerprint()) !== before) wrong.push(`${operation} by ${narrow}: wrote`);
      }
      // The control: holding it all, the same call on a fresh target succeeds.
      const call = await setup();
      const res = await callers.holdsAll.call(call.method, call.path, {
        ...(call.body === undefined ? {} : { body: call.body }),
      });
      if (res.status >= 300) wrong.push(`${operation} holding it all: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});

/**
 * The authorization matrix: every REST operation against every kind of caller, each cell a
 * real request to a real server. The operations are the API's own definitions
 * (`restOperations`): one defined without a row fails, as does a row for none. The expected
 * statuses are in one table (EXPECTED, authorization.table.ts); each row has a setup (SETUPS)
 * that builds a fresh target for every cell, so a destructive call in one cell (delete,
 * cancel, accept, logout...) cannot spoil the next one.
 */
import { restOperations } from '@guestlist/api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { plantToken } from './account-tokens.ts';
import { must } from './actors.ts';
import {
  CALLERS,
  type Caller,
  type Endpoint,
  EXPECTED,
  READ_KEY_PERMISSIONS,
  type Statuses,
  type UserCaller,
  WRITE_KEY_PERMISSIONS,
} from './authorization.table.ts';
import { webhookCells } from './authorization.webhooks.ts';
import { httpClient } from './http.ts';

/** One cell's request: the concrete path, the body, and what to undo afterwards. */
interface Cell {
  path: string;
  body?: unknown;
  /** Instead of the caller's standing credentials (logout gets a fresh session). */
  token?: string | null;
  cleanup?: () => Promise<void>;
}

const PASSWORD = 'correct horse battery';

let server: TestServer;
let admin: ReturnType<typeof httpClient>;
let anonymous: ReturnType<typeof httpClient>;
let serial = 0;

interface Person {
  id: string;
  username: string;
  email: string;
  token: string;
  api: ReturnType<typeof httpClient>;
}
const people = {} as Record<UserCaller | 'leaver' | 'subject', Person>;
const tokens = {} as Record<Caller, string | null>;
let nsPath: string;
let sharedGroupId: string;

function unique(prefix: string): string {
  serial += 1;
  return `${prefix}${serial}`;
}

async function register(username: string, inviteCode?: string): Promise<Person> {
  const email = `${username}@authz.test`;
  const body = must(
    await anonymous.post('/auth/register', {
      email,
      username,
      password: PASSWORD,
      ...(inviteCode ? { inviteCode } : {}),
    }),
    201,
    `register ${username}`,
  );
  const { user, token } = body.data;
  return { id: user.id, username, email, token, api: httpClient(`${server.url}/api/v1`, token) };
}

/** `who` becomes a collaborator of the namespace with `role`, invited by the owner. */
async function join(who: Person, role: 'admin' | 'member'): Promise<void> {
  const invite = must(
    await people.owner.api.post(`/namespaces/${nsPath}/invites`, { handle: who.username, role }),
    201,
    `invite ${who.username}`,
  ).data;
  must(await who.api.post(`/invites/${invite.id}/accept`), 200, `${who.username} accepts`);
}

const BASELINE = ['owner', 'inviter', 'nsAdmin', 'member'] as const;

/** Undoes what a cell may have done to the namespace: its target invite, and anyone who joined. */
async function restore(inviteId: string | null): Promise<void> {
  if (inviteId) {
    const res = await admin.delete(`/invites/${inviteId}`);
    if (res.status !== 200 && res.status !== 404) must(res, 200, 'delete the target invite');
  }
  const baseline = new Set(BASELINE.map((who) => people[who].id));
  const collaborators = must(
    await people.owner.api.get(`/namespaces/${nsPath}/collaborators`),
    200,
    'list collaborators',
  ).data as { user: { id: string; username: string } }[];
  for (const { user } of collaborators) {
    if (baseline.has(user.id)) continue;
    must(
      await people.owner.api.delete(`/namespaces/${nsPath}/collaborators/${user.username}`),
      204,
      `remove ${user.username}`,
    );
  }
}

/**
 * The target invite: pending, from `inviter` to `invitee`, by username (or, for resend, which
 * needs an address, by the invitee's verified email). Its cleanup restores the namespace.
 */
async function targetInvite(by: 'username' | 'email' = 'username') {
  const handle = by === 'username' ? people.invitee.username : people.invitee.email;
  const invite = must(
    await people.inviter.api.post(`/namespaces/${nsPath}/invites`, { handle }),
    201,
    'the target invite',
  ).data as { id: string; code: string };
  return { invite, cleanup: () => restore(invite.id) };
}

/** A row whose target is the invite, at `/invites/{id}` + `suffix`. */
function onInvite(suffix = '', body?: unknown, by: 'username' | 'email' = 'username') {
  return async (): Promise<Cell> => {
    const { invite, cleanup } = await targetInvite(by);
    return { path: `/invites/${invite.id}${suffix}`, body, cleanup };
  };
}

/** A row on the namespace, run while the invitee's invite is pending. */
function onNamespace(suffix: string, body?: (() => unknown) | undefined) {
  return async (): Promise<Cell> => {
    const { cleanup } = await targetInvite();
    return { path: `/namespaces/${nsPath}${suffix}`, body: body?.(), cleanup };
  };
}

async function freshGroup(): Promise<string> {
  return must(
    await admin.post('/groups', { name: unique('group-'), permissions: [] }),
    201,
    'create a group',
  ).data.id;
}

const plain = (path: string, body?: () => unknown) => async (): Promise<Cell> => ({
  path,
  body: body?.(),
});

const SETUPS: Record<Endpoint, (caller: Caller) => Promise<Cell>> = {
  'POST /auth/register': plain('/auth/register', () => {
    const username = unique('newcomer');
    return { email: `${username}@authz.test`, username, password: PASSWORD };
  }),
  'POST /auth/login': plain('/auth/login', () => ({
    handle: people.subject.username,
    password: PASSWORD,
  })),
  'POST /auth/logout': async (caller) => {
    if (!(caller in people)) return { path: '/auth/logout' };
    // A session of its own: logging out must not end the caller's standing session.
    const res = await anonymous.post('/auth/login', {
      handle: people[caller as UserCaller].username,
      password: PASSWORD,
    });
    return { path: '/auth/logout', token: must(res, 200, 'log in').data.token };
  },
  'POST /auth/verify-email': async () => {
    const who = await register(unique('verifier'));
    return {
      path: '/auth/verify-email',
      body: { token: await plantToken(server.databaseUrl, who.id, 'verify-email', who.email) },
    };
  },
  'POST /auth/password-reset': plain('/auth/password-reset', () => ({
    email: people.subject.email,
  })),
  'POST /auth/password-reset/confirm': async () => {
    const who = await register(unique('resetter'));
    const token = await plantToken(server.databaseUrl, who.id, 'reset-password', who.email);
    return { path: '/auth/password-reset/confirm', body: { token, password: PASSWORD } };
  },
  // The name only, and the password it already has: nothing the next cell depends on changes.
  'PATCH /me': plain('/me', () => ({ name: 'Someone' })),
  'POST /me/password': plain('/me/password', () => ({
    currentPassword: PASSWORD,
    newPassword: PASSWORD,
  })),
  'POST /me/verify-email': plain('/me/verify-email'),
  'GET /me': plain('/me'),
  'GET /me/invites': plain('/me/invites'),
  'GET /me/namespaces': plain('/me/namespaces'),
  'POST /invites': plain('/invites', () => ({})),
  'GET /invites': plain('/invites'),
  'POST /invites/send': plain('/invites/send', () => ({ email: `${unique('sent')}@authz.test` })),
  'GET /invites/{invite}': onInvite(),
  'PATCH /invites/{invite}': onInvite('', { metadata: { note: 'edited' } }),
  'PUT /invites/{invite}': onInvite('', { metadata: { note: 'edited' } }),
  'DELETE /invites/{invite}': onInvite(),
  'GET /invites/{invite}/validate': async () => {
    const { invite, cleanup } = await targetInvite();
    return { path: `/invites/${invite.code}/validate`, cleanup };
  },
  'POST /invites/{invite}/cancel': onInvite('/cancel'),
  'POST /invites/{invite}/resend': onInvite('/resend', {}, 'email'),
  'POST /invites/{invite}/accept': onInvite('/accept'),
  'POST /invites/{invite}/decline': onInvite('/decline'),
  'POST /invites/{invite}/redeem': onInvite('/redeem', { subject: 'matrix' }),
  'GET /invites/{invite}/redemptions': onInvite('/redemptions'),
  'GET /users': plain('/users'),
  'GET /users/{id}': async () => ({ path: `/users/${people.subject.id}` }),
  // Grants nothing: only `user:write` is in question, not what the caller could grant.
  'PATCH /users/{id}': async () => ({
    path: `/users/${people.subject.id}`,
    body: { permissions: [] },
  }),
  'GET /groups': plain('/groups'),
  'POST /groups': plain('/groups', () => ({ name: unique('group-'), permissions: [] })),
  'GET /groups/{id}': async () => ({ path: `/groups/${sharedGroupId}` }),
  'PATCH /groups/{id}': async () => ({
    path: `/groups/${await freshGroup()}`,
    body: { name: unique('renamed-') },
  }),
  'DELETE /groups/{id}': async () => ({ path: `/groups/${await freshGroup()}` }),
  'POST /namespaces': plain('/namespaces', () => ({ name: unique('space-') })),
  'GET /namespaces/{owner}/{name}': onNamespace(''),
  'GET /namespaces/{owner}/{name}/collaborators': onNamespace('/collaborators'),
  'POST /namespaces/{owner}/{name}/invites': onNamespace('/invites', () => ({
    handle: `${unique('guest')}@authz.test`,
  })),
  'GET /namespaces/{owner}/{name}/invites': onNamespace('/invites'),
  'DELETE /namespaces/{owner}/{name}/collaborators/{username}': async () => {
    const { cleanup } = await targetInvite();
    await join(people.leaver, 'member');
    return { path: `/namespaces/${nsPath}/collaborators/${people.leaver.username}`, cleanup };
  },
  // The value it already has: a cell that wrongly succeeds changes nothing for the next.
  'PATCH /settings': plain('/settings', () => ({ registration: 'open' })),
  'GET /settings': plain('/settings'),
  // The built-in wording, saved as is: a cell that wrongly succeeds changes no email.
  'GET /templates/{kind}/{locale}': plain('/templates/invite/fr'),
  'PUT /templates/{kind}/{locale}': plain('/templates/invite/fr', () => ({
    subject: 'Invitation {{ product.name }}',
    text: '{{ link }}',
    html: '<a href="{{ link }}">{{ product.name }}</a>',
  })),
  'DELETE /templates/{kind}/{locale}': plain('/templates/invite/fr'),
  'POST /templates/{kind}/{locale}/preview': plain('/templates/invite/fr/preview', () => ({})),
  'GET /api-keys': plain('/api-keys'),
  // A permission the write key holds: it can hand out only what it has.
  'POST /api-keys': plain('/api-keys', () => ({
    name: unique('minted-'),
    permissions: ['invite:write'],
  })),
  // A key within the write key's own permissions: a narrower key cannot revoke a wider one.
  'DELETE /api-keys/{id}': async () => {
    const res = await admin.post('/api-keys', {
      name: unique('doomed-'),
      permissions: ['invite:write'],
    });
    return { path: `/api-keys/${must(res, 201, 'create a key').data.id}` };
  },
  'GET /webhooks': plain('/webhooks'),
  // An IP literal: no DNS, and public, so the SSRF guard lets it through.
  'POST /webhooks': plain('/webhooks', () => ({
    url: 'https://8.8.8.8/authz',
    events: ['invite.created'],
  })),
  'DELETE /webhooks/{id}': async () => {
    const res = await admin.post('/webhooks', {
      url: 'https://8.8.8.8/doomed',
      events: ['invite.created'],
    });
    return { path: `/webhooks/${must(res, 201, 'create a webhook').data.id}` };
  },
  ...webhookCells(() => admin),
  'GET /audit': plain('/audit'),
};

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  admin = httpClient(`${server.url}/api/v1`, server.adminKey);
  anonymous = httpClient(`${server.url}/api/v1`);
  must(await admin.patch('/settings', { registration: 'open' }), 200, 'open registration');

  for (const who of ['user', 'inviter', 'member', 'nsAdmin', 'owner', 'leaver', 'subject'] as const)
    people[who] = await register(`authz-${who.toLowerCase()}`);
  // The invitee signs up with an operator's invite sent to their address, which proves it:
  // the resend row's target is bound to that address, and only a proven one claims it (R9).
  const signup = must(
    await admin.post('/invites', { email: 'authz-invitee@authz.test', notify: false }),
    201,
    'invite the invitee',
  ).data[0];
  people.invitee = await register('authz-invitee', signup.code);
  const me = must(await people.invitee.api.get('/me'), 200, 'invitee /me').data;
  if (!me.emailVerified) throw new Error('setup: the invitee’s address is not verified');

  nsPath = must(
    await people.owner.api.post('/namespaces', { name: 'matrix' }),
    201,
    'create the namespace',
  ).data.path;
  await join(people.inviter, 'admin');
  await join(people.nsAdmin, 'admin');
  await join(people.member, 'member');

  sharedGroupId = await freshGroup();
  const key = async (name: string, permissions: string[]) =>
    must(await admin.post('/api-keys', { name, permissions }), 201, `create ${name}`).data
      .secret as string;

  tokens.anonymous = null;
  for (const who of ['user', 'inviter', 'invitee', 'member', 'nsAdmin', 'owner'] as const)
    tokens[who] = people[who].token;
  tokens.readKey = await key('read key', READ_KEY_PERMISSIONS);
  tokens.writeKey = await key('write key', WRITE_KEY_PERMISSIONS);
  tokens.admin = server.adminKey;
});
afterAll(() => server?.close());

/** Every operation the API defines, by `METHOD /path`: the rows the table must have. */
const DEFINED = restOperations.map((operation) => operation.route);

describe('authorization matrix', () => {
  it('has a row for every operation the API defines, and for nothing else', () => {
    // Operations are the contract: one may be added, none may go missing.
    expect(DEFINED.length).toBeGreaterThanOrEqual(42);
    expect(Object.keys(EXPECTED).sort()).toEqual([...DEFINED].sort());
  });

  it('covers every REST operation in the OpenAPI document, and nothing else', async () => {
    const doc = must(await anonymous.get('/openapi.json'), 200, 'the OpenAPI document');
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(operations.length).toBeGreaterThanOrEqual(42);
    expect(Object.keys(EXPECTED).sort()).toEqual(operations);
  });

  it('is consistent with R20: where reading the target is 404, so is every action on it', () => {
    const families: [string, RegExp][] = [
      ['GET /invites/{invite}', /^[A-Z]+ \/invites\/\{invite\}(?!\/validate)/],
      ['GET /namespaces/{owner}/{name}', /^[A-Z]+ \/namespaces\/\{owner\}\/\{name\}/],
    ];
    const broken: string[] = [];
    for (const [read, family] of families) {
      const seen = EXPECTED[read as Endpoint];
      for (const [endpoint, statuses] of Object.entries(EXPECTED) as [Endpoint, Statuses][]) {
        if (!family.test(endpoint)) continue;
        for (const [column, caller] of CALLERS.entries()) {
          if (caller === 'anonymous') continue;
          if ((seen[column] === 404) !== (statuses[column] === 404))
            broken.push(
              `${endpoint} as ${caller}: ${statuses[column]} where ${read} is ${seen[column]}`,
            );
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('answers each caller as the table says', { timeout: 120_000 }, async () => {
    const mismatches: string[] = [];
    // Row by row in the order the API defines its operations; an operation with no row fails.
    for (const route of DEFINED) {
      if (!Object.hasOwn(EXPECTED, route)) {
        mismatches.push(`${route}: no row in the matrix`);
        continue;
      }
      const endpoint = route as Endpoint;
      const statuses: Statuses = EXPECTED[endpoint];
      const method = endpoint.split(' ')[0]!;
      for (const [column, caller] of CALLERS.entries()) {
        const cell = await SETUPS[endpoint](caller);
        const res = await anonymous.call(method, cell.path, {
          token: cell.token === undefined ? tokens[caller] : cell.token,
          ...(cell.body === undefined ? {} : { body: cell.body }),
        });
        await cell.cleanup?.();
        const want = statuses[column]!;
        if (res.status !== want) {
          const code = typeof res.body?.code === 'string' ? ` ${res.body.code}` : '';
          mismatches.push(`${endpoint} as ${caller}: expected ${want}, got ${res.status}${code}`);
        }
        // Whatever the status, an error answers with a stable code (spec §3).
        if (res.status >= 400 && typeof res.body?.code !== 'string') {
          mismatches.push(`${endpoint} as ${caller}: ${res.status} without an error code`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

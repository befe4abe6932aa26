import { statementCounter } from '@guestlist/core/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { actors, type Client, must } from './actors.ts';
import { query } from './support.ts';

/**
 * How many SQL statements the hot requests send. Each one is a round trip, a socket write on
 * both ends and a parse for PostgreSQL: on a busy server they cost more than the rest of the
 * request, so a change that adds one to validate, get, create or accept should be deliberate.
 * The server runs in this process; its statements are counted at the driver.
 */
let server: TestServer;
let admin: Client;
let anonymous: Client;
let person: Awaited<ReturnType<ReturnType<typeof actors>['verifiedPerson']>>;
let counter: ReturnType<typeof statementCounter>;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  const people = actors(server, 'statements.test');
  admin = people.admin;
  anonymous = people.anonymous;
  person = await people.verifiedPerson('counted');
  counter = statementCounter();
});
afterAll(async () => {
  counter?.restore();
  await server?.close();
});

/** The statements `request` sends, after a first, uncounted run of it warmed every cache. */
async function statementsOf(request: () => Promise<unknown>): Promise<string[]> {
  await request();
  return counter.during(request);
}

async function invite(body: Record<string, unknown> = {}) {
  const [created] = must(await admin.post('/invites', body), 201, 'invite').data;
  return created as { id: string; code: string };
}

describe('statements per request', () => {
  it('counts what the server sends (the count is not vacuous)', async () => {
    const statements = await statementsOf(() => admin.get('/invites?page[size]=1'));
    expect(statements.length).toBeGreaterThan(0);
  });

  it('validate reads the settings, the invite, its inviter and namespace in one', async () => {
    const { code } = await invite();
    const statements = await statementsOf(() => anonymous.get(`/invites/${code}/validate`));
    expect(statements).toHaveLength(1);
  });

  it('get by id: the key, the invite with its parties, its groups', async () => {
    const { id } = await invite();
    const statements = await statementsOf(async () => {
      const res = await admin.get(`/invites/${id}`);
      expect(res.status).toBe(200);
    });
    expect(statements).toHaveLength(3);
  });

  it('create one invite without groups: no groups deleted or read back', async () => {
    const statements = await statementsOf(() => invite());
    expect(statements.filter((s) => /invite_groups/.test(s))).toEqual([]);
    expect(statements.length).toBeLessThanOrEqual(7);
  });

  it('accept of an invite granting nothing: no grant, no bounds check, no groups read back', async () => {
    const codes = [(await invite()).code, (await invite()).code];
    const statements = await statementsOf(async () => {
      const res = await person.api.post(`/invites/${codes.shift()}/accept`);
      expect(res.status).toBe(200);
    });
    expect(statements.filter((s) => /insert into user_groups/.test(s))).toEqual([]);
    expect(statements.length).toBeLessThanOrEqual(12);
  });

  it('a prepared lookup keeps answering when a later migration adds a column', async () => {
    // Validate and get run as named prepared statements. Had they said `select i.*`, the
    // column below would change their result type, which PostgreSQL refuses to re-plan: every
    // connection that had prepared them would answer 500 until the process restarted.
    const { id, code } = await invite();
    for (let i = 0; i < 12; i++) {
      expect((await anonymous.get(`/invites/${code}/validate`)).status).toBe(200);
      expect((await admin.get(`/invites/${id}`)).status).toBe(200);
    }
    await query(server.databaseUrl, 'alter table invites add column added_later text');
    try {
      for (let i = 0; i < 12; i++) {
        const validated = await anonymous.get(`/invites/${code}/validate`);
        expect(validated.status, JSON.stringify(validated.body)).toBe(200);
        const got = await admin.get(`/invites/${id}`);
        expect(got.status, JSON.stringify(got.body)).toBe(200);
        expect(got.body.data).not.toHaveProperty('added_later');
      }
    } finally {
      await query(server.databaseUrl, 'alter table invites drop column added_later');
    }
  });

  it('the key, session and groups lookups keep answering when their tables gain a column', async () => {
    // The same hazard for the other prepared lookups: every table they read gains a column
    // while each pooled connection has them prepared (planned generically, after 5 runs).
    const group = must(
      await admin.post('/groups', { name: 'statements', permissions: ['invite:read'] }),
      201,
      'group',
    ).data;
    const { id } = await invite({ groups: [group.id] });
    const calls = () =>
      Promise.all([
        ...Array.from({ length: 6 }, () => admin.get(`/invites/${id}`)),
        ...Array.from({ length: 6 }, () => person.api.get('/me')),
      ]);
    for (let i = 0; i < 6; i++) await calls();
    const tables = ['api_keys', 'sessions', 'users', 'groups', 'invite_groups'];
    for (const table of tables) {
      await query(server.databaseUrl, `alter table ${table} add column added_later text`);
    }
    try {
      for (let i = 0; i < 6; i++) {
        for (const res of await calls()) expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
    } finally {
      for (const table of tables) {
        await query(server.databaseUrl, `alter table ${table} drop column added_later`);
      }
    }
  });
});

import {
  BULK_GRANTS_MAX_BYTES,
  EFFECTIVE_PERMISSIONS_MAX_BYTES,
  MAX_COUNT,
  METADATA_MAX_VALUES,
  PERMISSION_MAX_LENGTH,
  PERMISSIONS_MAX,
  WEBHOOKS_MAX,
} from '@guestlist/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';
import { inviteCount as countInvites, query } from './support.ts';

/** The bounds of R22 as a client meets them: each refusal is a 4xx with its code, and writes nothing. */
let server: TestServer;
let admin: ReturnType<typeof httpClient>;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'), {
    webhookAllowPrivateNetworks: true,
  });
  admin = httpClient(`${server.url}/api/v1`, server.adminKey);
});
afterAll(() => server?.close());

const inviteCount = () => countInvites(server.databaseUrl);
const longPermissions = (tag: string, n = PERMISSIONS_MAX) =>
  Array.from({ length: n }, (_, i) => `${tag}${i}:`.padEnd(PERMISSION_MAX_LENGTH, 'x'));

describe('bulk creates and sends', () => {
  it('take 1,000 plain invites, and refuse grants times count over the budget, naming what fits', async () => {
    expect((await admin.post('/invites', { count: MAX_COUNT })).status).toBe(201);
    const before = await inviteCount();
    const res = await admin.post('/invites', {
      count: MAX_COUNT,
      permissions: longPermissions('p'),
    });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const fit = Math.floor(BULK_GRANTS_MAX_BYTES / JSON.stringify(longPermissions('p')).length);
    expect(res.body.fields).toEqual([
      { path: 'count', message: expect.stringContaining(`at most ${fit} at once`) },
    ]);
    expect(await inviteCount()).toBe(before);
    const fits = await admin.post('/invites', { count: fit, permissions: longPermissions('p') });
    expect(fits.status).toBe(201);
  });

  it('count the addresses of a send against the budget', async () => {
    const before = await inviteCount();
    const email = Array.from({ length: 100 }, (_, i) => `budget${i}@example.com`);
    const res = await admin.post('/invites/send', {
      email,
      permissions: longPermissions('s'),
      metadata: { a: Array.from({ length: 900 }, () => 0) },
    });
    expect([res.status, res.body.fields?.[0]?.path]).toEqual([400, 'email']);
    expect(await inviteCount()).toBe(before);
  });
});

describe('metadata', () => {
  it(`holds at most ${METADATA_MAX_VALUES} JSON values, however small its text`, async () => {
    const before = await inviteCount();
    const many = { a: Array.from({ length: METADATA_MAX_VALUES }, () => 0) };
    const res = await admin.post('/invites', { metadata: many });
    expect([res.status, res.body.code, res.body.fields?.[0]?.path]).toEqual([
      400,
      'VALIDATION_FAILED',
      'metadata',
    ]);
    expect(await inviteCount()).toBe(before);
    // Half a million numbers fit in a body, in one array (one container): refused all the same.
    const huge = `{"metadata":{"a":[${'0,'.repeat(500_000)}0]}}`;
    const crowd = await admin.call('POST', '/invites', {
      raw: huge,
      headers: { 'content-type': 'application/json' },
    });
    expect([crowd.status, crowd.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const fits = { a: Array.from({ length: METADATA_MAX_VALUES - 2 }, () => 0) };
    expect((await admin.post('/invites', { metadata: fits })).status).toBe(201);
  });

  it('is refused past 16 KiB on edit too', async () => {
    const [invite] = (await admin.post('/invites', {})).body.data;
    const res = await admin.patch(`/invites/${invite.id}`, {
      metadata: { blob: 'x'.repeat(16 * 1024) },
    });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('bodies', () => {
  it('with more than 10,000 objects and arrays answer 400 before they are parsed', async () => {
    const raw = `{"metadata":{"a":[${'[],'.repeat(10_000)}[]]}}`;
    const res = await admin.call('POST', '/invites', {
      raw,
      headers: { 'content-type': 'application/json' },
    });
    // Refused by the body parser, before any schema (which would refuse the metadata too).
    expect([res.status, res.body.code, res.body.message]).toEqual([
      400,
      'VALIDATION_FAILED',
      'JSON with more than 10000 objects and arrays',
    ]);
    // Brackets inside strings are text, not containers.
    const text = { metadata: { a: '[{'.repeat(6_000) } };
    expect((await admin.post('/invites', text)).status).toBe(201);
  });
});

describe('lists that had no end', () => {
  it('answer groups and API keys 100 a page with their total', async () => {
    await query(
      server.databaseUrl,
      `insert into groups (name) select concat('paged', n) from generate_series(1, 130) n`,
    );
    const first = await admin.get('/groups');
    expect([first.status, first.body.data.length, first.body.total]).toEqual([200, 100, 130]);
    const last = await admin.get('/groups?page[size]=50&page[number]=3');
    expect(last.body.data.map((g: { name: string }) => g.name)).toHaveLength(30);
    for (const bad of ['page[size]=0', 'page[size]=101', 'page[number]=0']) {
      const res = await admin.get(`/groups?${bad}`);
      expect([res.status, res.body.code], bad).toEqual([400, 'INVALID_QUERY']);
    }
    const keys = await admin.get('/api-keys?page[size]=1');
    expect([keys.status, keys.body.data.length, keys.body.total]).toEqual([200, 1, 1]);
  });

  it('answer redemptions 100 a page with their total', async () => {
    const [invite] = (await admin.post('/invites', { maxUses: null })).body.data;
    await query(
      server.databaseUrl,
      `with made as (
         insert into users (email, username, password_hash)
         select concat('r', n, '@example.com'), concat('redeemer', n), 'x' from generate_series(1, 150) n
         returning id)
       insert into redemptions (invite_id, user_id) select $1, id from made`,
      [invite.id],
    );
    const page = await admin.get(`/invites/${invite.id}/redemptions?page[number]=2`);
    expect([page.status, page.body.data.length, page.body.total]).toEqual([200, 50, 150]);
  });
});

describe('what is stored already', () => {
  it(`allows ${WEBHOOKS_MAX} webhooks, and answers 409 LIMIT_EXCEEDED past them`, async () => {
    for (let i = 0; i < WEBHOOKS_MAX; i++) {
      const res = await admin.post('/webhooks', {
        url: `http://127.0.0.1:9/${i}`,
        events: ['invite.accepted'],
      });
      expect(res.status).toBe(201);
    }
    const res = await admin.post('/webhooks', {
      url: 'http://127.0.0.1:9/more',
      events: ['invite.accepted'],
    });
    expect([res.status, res.body.code]).toEqual([409, 'LIMIT_EXCEEDED']);
    const [{ n }] = (await query<{ n: number }>(
      server.databaseUrl,
      'select count(*)::int as n from webhooks',
    )) as [{ n: number }];
    expect(n).toBe(WEBHOOKS_MAX);
  });

  it(`keeps a user within ${EFFECTIVE_PERMISSIONS_MAX_BYTES / 1024} KiB of effective permissions, through edits of users and groups and through redemption`, async () => {
    const big = async (name: string) =>
      (await admin.post('/groups', { name, permissions: longPermissions(name) })).body.data.id;
    const [g1, g2] = [await big('big1'), await big('big2')];
    await admin.patch('/settings', { registration: 'open' });
    const user = (
      await admin.post('/auth/register', {
        email: 'grown@example.com',
        username: 'grown',
        password: 'password-1234',
      })
    ).body.data.user;
    // One group of 100 long permissions fits; two do not.
    expect((await admin.patch(`/users/${user.id}`, { groups: [g1] })).status).toBe(200);
    const two = await admin.patch(`/users/${user.id}`, { groups: [g1, g2] });
    expect([two.status, two.body.code]).toEqual([409, 'LIMIT_EXCEEDED']);
    // Nothing of the refused edit stays.
    expect((await admin.get(`/users/${user.id}`)).body.data.groups).toHaveLength(1);
    // A group the user is in cannot grow past it for them either.
    const small = (await admin.post('/groups', { name: 'small', permissions: [] })).body.data.id;
    await admin.patch(`/users/${user.id}`, { groups: [g1, small] });
    const grow = await admin.patch(`/groups/${small}`, { permissions: longPermissions('q', 40) });
    expect([grow.status, grow.body.code]).toEqual([409, 'LIMIT_EXCEEDED']);
    // Nor through an invite's grants, and the refused redemption consumes nothing.
    const [invite] = (await admin.post('/invites', { permissions: longPermissions('i', 40) })).body
      .data;
    const session = (
      await admin.post('/auth/login', { handle: 'grown', password: 'password-1234' })
    ).body.data.token;
    const accept = await admin.post(`/invites/${invite.code}/accept`, undefined, {
      token: session,
    });
    expect([accept.status, accept.body.code]).toEqual([409, 'LIMIT_EXCEEDED']);
    expect((await admin.get(`/invites/${invite.id}`)).body.data.uses).toBe(0);
  });
});

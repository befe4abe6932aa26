import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { actors, type Client, must } from './actors.ts';
import { query } from './support.ts';

/** §9 server-side redemption: POST /invites/{invite}/redeem for an application's subject. */
let server: TestServer;
let people: ReturnType<typeof actors>;
let admin: Client;
/** What an application holds: it redeems codes its users bring, and reads nothing. */
let app: Client;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  people = actors(server, 'redeem.test');
  admin = people.admin;
  app = await people.key(['invite:redeem']);
});
afterAll(() => server?.close());

async function invite(body: Record<string, unknown> = {}) {
  const [created] = must(
    await admin.post('/invites', { notify: false, ...body }),
    201,
    'invite',
  ).data;
  return created as { id: string; code: string };
}

function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

async function redemptionRows(inviteId: string) {
  return query<{ user_id: string | null; subject: string | null }>(
    server.databaseUrl,
    'select user_id, subject from redemptions where invite_id = $1 order by at, id',
    [inviteId],
  );
}

describe('POST /invites/{invite}/redeem is atomic (R6)', () => {
  it('50 subjects racing for a single-use code: exactly one 200, 49 × 410 INVITE_USED', async () => {
    const inv = await invite({ permissions: ['doc:read'] });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.post(`/invites/${inv.code}/redeem`, { subject: `racer-${i}` }),
      ),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 200: 1, 410: 49 });
    expect(
      results.filter((r) => r.status === 410).every((r) => r.body.code === 'INVITE_USED'),
    ).toBe(true);
    const won = results.find((r) => r.status === 200)!.body.data;
    expect(won.invite).toMatchObject({
      id: inv.id,
      status: 'accepted',
      uses: 1,
      permissions: ['doc:read'],
      // The key may redeem, not read codes.
      code: null,
    });
    expect(won.redemption).toMatchObject({ user: null, subject: expect.stringMatching(/^racer-/) });
    expect(new Date(won.redemption.at).toISOString()).toBe(won.redemption.at);
    expect(await redemptionRows(inv.id)).toEqual([
      { user_id: null, subject: won.redemption.subject },
    ]);
  }, 60_000);

  it('20 subjects racing for a maxUses 5 code: exactly five', async () => {
    const inv = await invite({ maxUses: 5 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.post(`/invites/${inv.code}/redeem`, { subject: `multi-${i}` }),
      ),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 200: 5, 410: 15 });
    const after = must(await admin.get(`/invites/${inv.id}`), 200, 'read').data;
    expect(after).toMatchObject({ status: 'accepted', uses: 5 });
    expect(await redemptionRows(inv.id)).toHaveLength(5);
  }, 60_000);

  it('a subject redeems an invite once: 409 ALREADY_REDEEMED, also when racing itself', async () => {
    const inv = await invite({ maxUses: 20 });
    expect((await app.post(`/invites/${inv.code}/redeem`, { subject: 'twice' })).status).toBe(200);
    const again = await app.post(`/invites/${inv.code}/redeem`, { subject: 'twice' });
    expect([again.status, again.body.code]).toEqual([409, 'ALREADY_REDEEMED']);
    // Subjects are taken as given: another spelling is another subject.
    expect((await app.post(`/invites/${inv.code}/redeem`, { subject: 'Twice' })).status).toBe(200);

    const racing = await Promise.all(
      Array.from({ length: 10 }, () =>
        app.post(`/invites/${inv.code}/redeem`, { subject: 'same' }),
      ),
    );
    expect(tally(racing.map((r) => r.status))).toEqual({ 200: 1, 409: 9 });
    expect(must(await admin.get(`/invites/${inv.id}`), 200, 'read').data.uses).toBe(3);
  }, 60_000);
});

describe('who an invite is redeemed for (§9, R9)', () => {
  it('an email-bound invite needs its address, in any case; wrong or missing: 403', async () => {
    const inv = await invite({ email: 'Grace@Example.com' });
    const wrong = await app.post(`/invites/${inv.code}/redeem`, {
      subject: 'g',
      email: 'mallory@example.com',
    });
    expect([wrong.status, wrong.body.code]).toEqual([403, 'INVITE_EMAIL_MISMATCH']);
    const missing = await app.post(`/invites/${inv.code}/redeem`, { subject: 'g' });
    expect([missing.status, missing.body.code]).toEqual([403, 'INVITE_EMAIL_MISMATCH']);
    expect(await redemptionRows(inv.id)).toEqual([]);
    const right = await app.post(`/invites/${inv.code}/redeem`, {
      subject: 'g',
      email: 'GRACE@example.COM',
    });
    expect(right.status).toBe(200);
    expect(right.body.data.invite).toMatchObject({
      status: 'accepted',
      email: 'grace@example.com',
    });
  });

  it('a namespace invite is for Guestlist users: 409 INVITE_NOT_REDEEMABLE', async () => {
    const owner = await people.verifiedPerson('owner');
    must(await owner.api.post('/namespaces', { name: 'club' }), 201, 'namespace');
    const sent = must(
      await owner.api.post(`/namespaces/${owner.username}/club/invites`, {
        handle: 'someone@redeem.test',
        notify: false,
      }),
      201,
      'namespace invite',
    ).data;
    const res = await admin.post(`/invites/${sent.id}/redeem`, { subject: 's' });
    expect([res.status, res.body.code]).toEqual([409, 'INVITE_NOT_REDEEMABLE']);
    expect(must(await admin.get(`/invites/${sent.id}`), 200, 'read').data.uses).toBe(0);
  });

  it('answers 400 for a subject that is empty, too long, or has control characters', async () => {
    const inv = await invite();
    for (const subject of ['', 'x'.repeat(257), 'a\u0000b', 'tab\there', 'del\u007f', 42]) {
      const res = await app.post(`/invites/${inv.code}/redeem`, { subject });
      expect([res.status, res.body.code], JSON.stringify(subject)).toEqual([
        400,
        'VALIDATION_FAILED',
      ]);
    }
    const unknownField = await app.post(`/invites/${inv.code}/redeem`, { subject: 's', x: 1 });
    expect(unknownField.status).toBe(400);
    expect(await redemptionRows(inv.id)).toEqual([]);
    // 256 characters, spaces and all, as given.
    const long = ` ${'y'.repeat(254)} `;
    const ok = await app.post(`/invites/${inv.code}/redeem`, { subject: long });
    expect(ok.status).toBe(200);
    expect(ok.body.data.redemption.subject).toBe(long);
  });
});

describe('checked at redemption (R7, R12)', () => {
  it('expired, canceled and used invites answer 410 as accept does', async () => {
    const expired = await invite();
    await query(
      server.databaseUrl,
      `update invites set expires_at = now() - interval '1 minute' where id = $1`,
      [expired.id],
    );
    const canceled = await invite();
    must(await admin.post(`/invites/${canceled.id}/cancel`), 200, 'cancel');
    for (const [inv, code] of [
      [expired, 'INVITE_EXPIRED'],
      [canceled, 'INVITE_CANCELED'],
    ] as const) {
      const res = await app.post(`/invites/${inv.code}/redeem`, { subject: 'late' });
      expect([res.status, res.body.code]).toEqual([410, code]);
      expect(await redemptionRows(inv.id)).toEqual([]);
    }
  });

  it('with invitesEnabled false: 403 INVITES_DISABLED, nothing used', async () => {
    const inv = await invite();
    must(await admin.patch('/settings', { invitesEnabled: false }), 200, 'disable');
    try {
      const res = await app.post(`/invites/${inv.code}/redeem`, { subject: 'off' });
      expect([res.status, res.body.code]).toEqual([403, 'INVITES_DISABLED']);
    } finally {
      must(await admin.patch('/settings', { invitesEnabled: true }), 200, 'enable');
    }
    expect(must(await admin.get(`/invites/${inv.id}`), 200, 'read').data.uses).toBe(0);
  });
});

describe('who may redeem (R20, R9a)', () => {
  it('without invite:redeem: 404 by id to who cannot read it, 403 to who can, 403 by code', async () => {
    const inv = await invite();
    const writer = await people.key(['invite:write']);
    const reader = await people.key(['invite:read']);
    const byIdUnseen = await writer.post(`/invites/${inv.id}/redeem`, { subject: 's' });
    expect([byIdUnseen.status, byIdUnseen.body.code]).toEqual([404, 'INVITE_NOT_FOUND']);
    const byIdSeen = await reader.post(`/invites/${inv.id}/redeem`, { subject: 's' });
    expect([byIdSeen.status, byIdSeen.body.code]).toEqual([403, 'FORBIDDEN']);
    // The code proves the invite exists (R9a): 403, as validating it would have told.
    const byCode = await writer.post(`/invites/${inv.code}/redeem`, { subject: 's' });
    expect([byCode.status, byCode.body.code]).toEqual([403, 'FORBIDDEN']);
    const user = await people.verifiedPerson('plain');
    expect((await user.api.post(`/invites/${inv.code}/redeem`, { subject: 's' })).status).toBe(403);
    expect(
      (await people.anonymous.post(`/invites/${inv.code}/redeem`, { subject: 's' })).status,
    ).toBe(401);
    expect(await redemptionRows(inv.id)).toEqual([]);
  });

  it('with invite:redeem alone: by id 404 (it cannot see it), by code 200', async () => {
    const inv = await invite();
    const byId = await app.post(`/invites/${inv.id}/redeem`, { subject: 'k' });
    expect([byId.status, byId.body.code]).toEqual([404, 'INVITE_NOT_FOUND']);
    const unknown = await app.post('/invites/NoSuchCodeAtAll0000000/redeem', { subject: 'k' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'INVITE_NOT_FOUND']);
    expect((await app.post(`/invites/${inv.code}/redeem`, { subject: 'k' })).status).toBe(200);
  });

  it('a key holding `*` and invite:read redeems by id and sees the code', async () => {
    const inv = await invite({ maxUses: 2 });
    const res = await admin.post(`/invites/${inv.id}/redeem`, { subject: 'op' });
    expect(res.status).toBe(200);
    expect(res.body.data.invite).toMatchObject({ id: inv.id, code: inv.code, uses: 1 });
  });
});

describe('GET /invites/{invite}/redemptions and the audit log', () => {
  it('lists users and subjects; invite.accepted records the subject', async () => {
    const inv = await invite({ maxUses: 3 });
    const person = await people.verifiedPerson('taker');
    must(await person.api.post(`/invites/${inv.code}/accept`), 200, 'accept');
    must(await app.post(`/invites/${inv.code}/redeem`, { subject: 'app-user-7' }), 200, 'redeem');
    const list = must(await admin.get(`/invites/${inv.id}/redemptions`), 200, 'list');
    expect(list.total).toBe(2);
    expect(list.data).toEqual([
      {
        user: { id: person.id, username: person.username, name: null },
        subject: null,
        at: expect.any(String),
      },
      { user: null, subject: 'app-user-7', at: expect.any(String) },
    ]);
    const audit = must(
      await admin.get(`/audit?filter[action]=invite.accepted&filter[inviteId]=${inv.id}`),
      200,
      'audit',
    ).data;
    expect(audit.map((e: { data: unknown }) => e.data)).toEqual(
      expect.arrayContaining([
        { userId: person.id, uses: 1 },
        { subject: 'app-user-7', uses: 2 },
      ]),
    );
  });

  it('the database holds exactly one of user and subject per redemption', async () => {
    const inv = await invite({ maxUses: 3 });
    const insert = (user: string | null, subject: string | null) =>
      query(
        server.databaseUrl,
        'insert into redemptions (invite_id, user_id, subject) values ($1, $2, $3)',
        [inv.id, user, subject],
      );
    await expect(insert(null, null)).rejects.toThrow(/redemptions_redeemer_check/);
    const person = await people.verifiedPerson('both');
    await expect(insert(person.id, 'x')).rejects.toThrow(/redemptions_redeemer_check/);
    await insert(null, 'x');
    await expect(insert(null, 'x')).rejects.toThrow(/redemptions_invite_id_subject_key/);
  });
});

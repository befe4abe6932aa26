/**
 * The example application, started as its README says (`node src/main.ts` with its environment),
 * against a real Guestlist server and worker: sign-up gated by invite codes, its own sign-in,
 * and its invitations mirror kept in step by signed webhooks.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '@guestlist/core/database';
import { createTestDatabase } from '@guestlist/core/testing';
import { createGuestlistClient, type GuestlistClient } from '@guestlist/sdk';
import { startTestServer, type TestServer } from '@guestlist/server/testing';
import { startWorker, type Worker } from '@guestlist/worker';
import { TestSmtpServer, waitFor } from '@guestlist/worker/testing';
import pg from 'pg';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

let guestlist: TestServer;
let smtp: TestSmtpServer;
let worker: Worker;
let admin: GuestlistClient;
let app: ChildProcess;
let appUrl: string;
let appDb: { url: string; drop: () => Promise<void> };
let appSql: pg.Pool;
let webhookSecret: string;

beforeAll(async () => {
  guestlist = await startTestServer(inject('databaseServerUrl'));
  smtp = await TestSmtpServer.start();
  worker = await startWorker({
    guestlist: guestlist.guestlist,
    logger: pino({ level: 'silent' }),
    mail: {
      smtpUrl: smtp.url,
      from: 'Guestlist <invites@guestlist.test>',
      mailDir: '/nonexistent',
    },
    webhooks: { allowPrivateNetworks: true },
    pollingIntervalSeconds: 0.5,
    sweepIntervalSeconds: 3600,
  });
  admin = createGuestlistClient({ url: guestlist.url, token: guestlist.adminKey });

  // What an operator does once for the application: a narrow key, and a webhook to it.
  const key = await admin.apiKeys.create({ name: 'example app', permissions: ['invite:redeem'] });
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  const hook = await admin.webhooks.create({ url: `${appUrl}/webhooks/guestlist`, events: ['*'] });
  webhookSecret = hook.secret;

  appDb = await createTestDatabase(inject('databaseServerUrl'));
  appSql = new pg.Pool({ connectionString: appDb.url, max: 2 });
  app = spawn(process.execPath, ['src/main.ts'], {
    cwd: new URL('..', import.meta.url),
    env: {
      ...process.env,
      DATABASE_URL: appDb.url,
      GUESTLIST_URL: guestlist.url,
      GUESTLIST_TOKEN: key.secret,
      GUESTLIST_WEBHOOK_SECRET: webhookSecret,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(app.stdout!, 'data')) as [Buffer];
  expect(line.toString()).toContain(`listening on ${appUrl}`);
}, 120_000);

afterAll(async () => {
  if (app && app.exitCode === null) {
    app.kill('SIGTERM');
    await once(app, 'exit');
  }
  await appSql?.end();
  await appDb?.drop();
  await worker?.stop();
  await smtp?.stop();
  await guestlist?.close();
});

async function call(method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${appUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const userCount = async () =>
  Number((await appSql.query('select count(*) as n from users')).rows[0].n);

describe('sign-up gated by an invite code', () => {
  it('creates the user, redeems the invite for it and applies what the invite grants', async () => {
    const group = await admin.groups.create({ name: 'early-birds', permissions: [] });
    const [invite] = await admin.invites.create({
      permissions: ['beta:use', 'invitations:read'],
      groups: [{ id: group.id }],
    });
    const signedUp = await call('POST', '/signup', {
      email: 'Ada@Example.com',
      password: 'correct horse battery',
      inviteCode: invite!.code,
    });
    expect(signedUp.status).toBe(201);
    expect(signedUp.body.user).toMatchObject({
      email: 'ada@example.com',
      permissions: ['beta:use', 'invitations:read'],
      groups: ['early-birds'],
      inviteId: invite!.id,
    });
    // Guestlist knows the redemption by the application's own user id.
    const redemptions = await admin.invites.redemptions(invite!.id);
    expect(redemptions).toEqual([
      expect.objectContaining({ user: null, subject: signedUp.body.user.id }),
    ]);
    expect((await admin.invites.get(invite!.id)).status).toBe('accepted');

    // The grant means something here: the beta opens for this user.
    expect((await call('GET', '/beta', undefined, signedUp.body.token)).status).toBe(200);

    // Its own sign-in, with its own passwords.
    const wrong = await call('POST', '/signin', { email: 'ada@example.com', password: 'nope' });
    expect(wrong.status).toBe(401);
    const signedIn = await call('POST', '/signin', {
      email: 'ada@example.com',
      password: 'correct horse battery',
    });
    expect(signedIn.status).toBe(200);
    const me = await call('GET', '/me', undefined, signedIn.body.token);
    expect(me.body.user.id).toBe(signedUp.body.user.id);
  });

  it('refuses a used, unknown or misaddressed code and creates no user', async () => {
    const before = await userCount();
    const [single] = await admin.invites.create({});
    const first = await call('POST', '/signup', {
      email: 'grace@example.com',
      password: 'another long password',
      inviteCode: single!.code,
    });
    expect(first.status).toBe(201);
    const again = await call('POST', '/signup', {
      email: 'linus@example.com',
      password: 'another long password',
      inviteCode: single!.code,
    });
    expect(again).toMatchObject({ status: 410, body: { error: { code: 'INVITE_USED' } } });

    const unknown = await call('POST', '/signup', {
      email: 'linus@example.com',
      password: 'another long password',
      inviteCode: 'no-such-code',
    });
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'INVITE_NOT_FOUND' } } });

    const [bound] = await admin.invites.create({ email: 'barbara@example.com', notify: false });
    const misaddressed = await call('POST', '/signup', {
      email: 'linus@example.com',
      password: 'another long password',
      inviteCode: bound!.code,
    });
    expect(misaddressed).toMatchObject({
      status: 403,
      body: { error: { code: 'INVITE_EMAIL_MISMATCH' } },
    });
    expect((await admin.invites.get(bound!.id)).status).toBe('pending');

    // A taken address is refused before the invite is spent.
    const [spare] = await admin.invites.create({});
    const taken = await call('POST', '/signup', {
      email: 'grace@example.com',
      password: 'another long password',
      inviteCode: spare!.code,
    });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'EMAIL_TAKEN' } } });
    expect((await admin.invites.get(spare!.id)).uses).toBe(0);

    expect(await userCount()).toBe(before + 1);
  });

  it('refuses a namespace invite with a 4xx: it is for Guestlist users, not for sign-up', async () => {
    const rest = async (path: string, body: unknown, token = guestlist.adminKey) => {
      const res = await fetch(`${guestlist.url}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return ((await res.json()) as { data: any }).data;
    };
    // A Guestlist user who runs a namespace invites an address to it.
    const [own] = await admin.invites.create({ email: 'owner@guestlist.test', notify: false });
    const { token } = await rest('/auth/register', {
      email: 'owner@guestlist.test',
      username: 'nsowner',
      password: 'a long enough password',
      inviteCode: own!.code,
    });
    await rest('/namespaces', { name: 'team' }, token);
    const invite = await rest(
      '/namespaces/nsowner/team/invites',
      { handle: 'margaret@example.com' },
      token,
    );
    const before = await userCount();
    const res = await call('POST', '/signup', {
      email: 'margaret@example.com',
      password: 'a long enough password',
      inviteCode: invite.code,
    });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'INVITE_NOT_REDEEMABLE' } } });
    expect(await userCount()).toBe(before);
  });

  it('lets exactly one of ten people racing for a single-use code in', async () => {
    const before = await userCount();
    const [invite] = await admin.invites.create({});
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call('POST', '/signup', {
          email: `racer${i}@example.com`,
          password: 'a long enough password',
          inviteCode: invite!.code,
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(410)]);
    expect(await userCount()).toBe(before + 1);
  });
});

describe('kept in step by webhooks', () => {
  it('mirrors invitations, with the application user who accepted', async () => {
    const [invite] = await admin.invites.create({ permissions: ['invitations:read'] });
    const signedUp = await call('POST', '/signup', {
      email: 'margaret@example.com',
      password: 'apollo guidance computer',
      inviteCode: invite!.code,
    });
    expect(signedUp.status).toBe(201);
    const [other] = await admin.invites.create({ email: 'katherine@example.com', notify: false });
    await admin.invites.cancel(other!.id);

    const mirrored = await waitFor(
      async () => {
        const res = await call('GET', '/invitations', undefined, signedUp.body.token);
        const rows: { id: string; status: string; subject: string | null }[] = res.body.invitations;
        const accepted = rows.find((r) => r.id === invite!.id);
        const canceled = rows.find((r) => r.id === other!.id);
        return accepted?.status === 'accepted' && canceled?.status === 'canceled' && rows;
      },
      { what: 'the webhooks to reach the application' },
    );
    expect(mirrored.find((r) => r.id === invite!.id)?.subject).toBe(signedUp.body.user.id);
  });

  it('mirrors an invite another application redeemed, whatever its subject looks like', async () => {
    // A second application on the same Guestlist names its users its own way (spec §9: any
    // 1–256 characters); the webhook listens to every invite, theirs included.
    const other = await admin.apiKeys.create({
      name: 'billing app',
      permissions: ['invite:redeem'],
    });
    const [invite] = await admin.invites.create({});
    const res = await fetch(`${guestlist.url}/api/v1/invites/${invite!.code}/redeem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${other.secret}` },
      body: JSON.stringify({ subject: 'customer-4821' }),
    });
    expect(res.status).toBe(200);
    const mirrored = await waitFor(
      async () => {
        const { rows } = await appSql.query(
          'select status, subject from invitations where id = $1',
          [invite!.id],
        );
        return rows[0]?.status === 'accepted' && rows[0];
      },
      { what: 'invite.accepted to reach the application' },
    );
    expect(mirrored.subject).toBe('customer-4821');
  });

  it('refuses a delivery not signed by Guestlist, and applies each message once, in order', async () => {
    const body = JSON.stringify({
      type: 'invite.canceled',
      timestamp: new Date().toISOString(),
      data: { invite: { id: crypto.randomUUID(), status: 'canceled', email: null } },
    });
    const forged = await fetch(`${appUrl}/webhooks/guestlist`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,bm90IGEgc2lnbmF0dXJl',
      },
      body,
    });
    expect(forged.status).toBe(401);
    const seen = await appSql.query("select 1 from webhook_messages where id = 'msg_forged'");
    expect(seen.rowCount).toBe(0);

    // Signed as Guestlist signs: applied once, however often it arrives, and never over a
    // newer event.
    const signer = new Webhook(webhookSecret);
    const id = crypto.randomUUID();
    const send = (messageId: string, action: string, status: string, at: Date) => {
      const payload = JSON.stringify({
        type: `invite.${action}`,
        timestamp: at.toISOString(),
        data: { invite: { id, status, email: null } },
      });
      const now = new Date();
      return fetch(`${appUrl}/webhooks/guestlist`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': messageId,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': signer.sign(messageId, now, payload),
        },
        body: payload,
      });
    };
    const statusOf = async () =>
      (await appSql.query('select status from invitations where id = $1', [id])).rows[0]?.status;
    expect((await send('msg_canceled', 'canceled', 'canceled', new Date())).status).toBe(204);
    expect(await statusOf()).toBe('canceled');
    // An older event delivered late does not bring the invite back.
    expect(
      (await send('msg_created', 'created', 'pending', new Date(Date.now() - 60_000))).status,
    ).toBe(204);
    expect(await statusOf()).toBe('canceled');
    // A retry of a message already handled is acknowledged and skipped.
    await appSql.query('delete from invitations where id = $1', [id]);
    expect((await send('msg_canceled', 'canceled', 'canceled', new Date())).status).toBe(204);
    expect(await statusOf()).toBeUndefined();

    // A message the mirror failed to apply is not taken as handled: its retry applies it.
    const later = crypto.randomUUID();
    await appSql.query('alter table invitations rename to invitations_away');
    const failed = await send(`msg_${later}`, 'canceled', 'canceled', new Date());
    await appSql.query('alter table invitations_away rename to invitations');
    expect(failed.status).toBe(500);
    expect((await send(`msg_${later}`, 'canceled', 'canceled', new Date())).status).toBe(204);
    expect(await statusOf()).toBe('canceled');
  });
});

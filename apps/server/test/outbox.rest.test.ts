import { startWorker, type Worker } from '@guestlist/worker';
import { TestSmtpServer, waitFor } from '@guestlist/worker/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';
import { inviteCount, query } from './support.ts';

let server: TestServer;
let smtp: TestSmtpServer;
let worker: Worker;
let api: ReturnType<typeof httpClient>;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'), {
    webhookAllowPrivateNetworks: false,
  });
  smtp = await TestSmtpServer.start();
  worker = await startWorker({
    guestlist: server.guestlist,
    logger: pino({ level: 'silent' }),
    mail: {
      smtpUrl: smtp.url,
      from: 'Guestlist <invites@guestlist.test>',
      mailDir: '/nonexistent',
    },
    pollingIntervalSeconds: 0.5,
    sweepIntervalSeconds: 3600,
  });
  api = httpClient(`${server.url}/api/v1`, server.adminKey);
});
afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
  await server?.close();
});

/** Invites, queued jobs and audit events: a refused request must add none of them. */
async function footprint() {
  const [row] = await query<{ jobs: string; events: string }>(
    server.databaseUrl,
    // The worker's own events (invite.sent of earlier tests) may land meanwhile: not ours.
    `select (select count(*) from pgboss.job) as jobs,
            (select count(*) from audit_events where actor_type <> 'system') as events`,
  );
  return { invites: await inviteCount(server.databaseUrl), jobs: row!.jobs, events: row!.events };
}

async function signUp(username: string) {
  await api.patch('/settings', { registration: 'open' });
  const res = await api.post(
    '/auth/register',
    { email: `${username}@example.com`, username, password: 'correct horse battery' },
    { token: null },
  );
  expect(res.status).toBe(201);
  return res.body.data.token as string;
}

describe('POST /invites/send (R2)', () => {
  it('answers 202 with one invite per address, deduplicated, and each email arrives', async () => {
    const res = await api.post('/invites/send', {
      email: ['one@example.com', 'Two@Example.com', 'two@example.com'],
      expiresIn: '3d',
      metadata: { source: 'crm' },
    });
    expect(res.status).toBe(202);
    expect(res.body.data.map((i: { email: string }) => i.email)).toEqual([
      'one@example.com',
      'two@example.com',
    ]);
    for (const invite of res.body.data) {
      expect(invite.delivery).toEqual({
        status: 'queued',
        attempts: 0,
        lastError: null,
        sentAt: null,
      });
    }
    const emails = await waitFor(
      () => smtp.received.filter((m) => /^(one|two)@/.test(m.to[0]!)).length === 2 && smtp.received,
    );
    const toTwo = emails.find((m) => m.to[0] === 'two@example.com')!;
    const invite = res.body.data[1];
    expect(toTwo.text).toContain(invite.url);
    expect(toTwo.subject).toBe('You are invited to Guestlist');
    const read = await waitFor(async () => {
      const got = await api.get(`/invites/${invite.id}`);
      return got.body.data.delivery.status === 'sent' && got.body.data;
    });
    expect(read.delivery).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
  });

  it('accepts one address as a string', async () => {
    const res = await api.post('/invites/send', { email: 'solo@example.com' });
    expect(res.status).toBe(202);
    expect(res.body.data).toHaveLength(1);
  });

  it.each([
    ['no email', {}],
    ['an empty list', { email: [] }],
    ['a bad address', { email: ['ok@example.com', 'not-an-address'] }],
    ['101 addresses', { email: Array.from({ length: 101 }, (_, i) => `n${i}@example.com`) }],
    ['count, which send does not take', { email: 'x@example.com', count: 2 }],
    ['notify, which send does not take', { email: 'x@example.com', notify: false }],
    ['a bad expiry', { email: 'x@example.com', expiresIn: 'soon' }],
  ])('refuses %s with 400 and writes nothing', async (_, body) => {
    const before = await footprint();
    const res = await api.post('/invites/send', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toMatch(/^(VALIDATION_FAILED|INVALID_EXPIRY)$/);
    expect(await footprint()).toEqual(before);
  });

  it('needs invite:write', async () => {
    const token = await signUp('sender');
    const res = await api.post('/invites/send', { email: 'x@example.com' }, { token });
    expect(res.status).toBe(403);
  });
});

describe('POST /invites with email (R2)', () => {
  it('queues the email unless notify is false', async () => {
    const loud = await api.post('/invites', { email: 'loud@example.com', count: 5 });
    expect(loud.status).toBe(201);
    expect(loud.body.data).toHaveLength(1);
    expect(loud.body.data[0].delivery.status).toBe('queued');
    const quiet = await api.post('/invites', { email: 'quiet@example.com', notify: false });
    expect(quiet.body.data[0].delivery).toBeNull();
    const plain = await api.post('/invites', {});
    expect(plain.body.data[0].delivery).toBeNull();
    await waitFor(() => smtp.received.some((m) => m.to[0] === 'loud@example.com'));
    const jobs = await query<{ n: string }>(
      server.databaseUrl,
      `select count(*) as n from pgboss.job where name = 'invite-email' and data->>'inviteId' = $1`,
      [quiet.body.data[0].id],
    );
    expect(Number(jobs[0]!.n)).toBe(0);
  });
});

describe('POST /invites/{invite}/resend (R8, R12)', () => {
  it('answers 202, emails again, and with extend restarts the expiry', async () => {
    const [invite] = (await api.post('/invites', { email: 'again@example.com', expiresIn: '1h' }))
      .body.data;
    await waitFor(() => smtp.received.some((m) => m.to[0] === 'again@example.com'));
    const res = await api.post(`/invites/${invite.code}/resend`, { extend: true });
    expect(res.status).toBe(202);
    expect(res.body.data.delivery).toMatchObject({ status: 'queued', attempts: 0 });
    const lifetime = Date.parse(res.body.data.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(6 * 86_400_000); // the default 7 days, from now
    await waitFor(() => smtp.received.filter((m) => m.to[0] === 'again@example.com').length === 2);
    // Without a body, and without extend, the expiry stays.
    const plain = await api.post(`/invites/${invite.id}/resend`);
    expect(plain.status).toBe(202);
    expect(plain.body.data.expiresAt).toBe(res.body.data.expiresAt);
  });

  it('brings an expired invite back with extend, with the same code (R8)', async () => {
    for (const swept of [false, true]) {
      const [invite] = (await api.post('/invites', { email: 'late@example.com', notify: false }))
        .body.data;
      // Past its date; a sweep may or may not have marked it expired yet.
      await query(
        server.databaseUrl,
        `update invites set expires_at = now() - interval '1 minute'${swept ? ", status = 'expired'" : ''} where id = $1`,
        [invite.id],
      );
      const plain = await api.post(`/invites/${invite.id}/resend`);
      expect(plain.status, `swept: ${swept}`).toBe(409);
      expect(plain.body.code).toBe('INVITE_NOT_PENDING');
      const res = await api.post(`/invites/${invite.id}/resend`, { extend: '2d' });
      expect(res.status, `swept: ${swept}`).toBe(202);
      expect(res.body.data).toMatchObject({ status: 'pending', code: invite.code });
      expect(Date.parse(res.body.data.expiresAt) - Date.now()).toBeGreaterThan(86_400_000);
      expect((await api.get(`/invites/${invite.code}/validate`)).body.data.status).toBe('pending');
    }
  });

  it('lets the inviter resend; anyone else finds nothing', async () => {
    const inviterToken = await signUp('resender');
    const me = (await api.get('/me', { token: inviterToken })).body.data;
    // No invite:write: being the inviter is what allows it.
    const [invite] = (await api.post('/invites', { email: 'r@example.com', inviterId: me.id })).body
      .data;
    const mine = await api.post(`/invites/${invite.id}/resend`, {}, { token: inviterToken });
    expect(mine.status).toBe(202);
    expect(mine.body.data.delivery.status).toBe('queued');
    const stranger = await signUp('stranger');
    expect((await api.post(`/invites/${invite.id}/resend`, {}, { token: stranger })).status).toBe(
      404,
    );
  });

  it('refuses what cannot be resent, writing nothing', async () => {
    const [noEmail] = (await api.post('/invites', {})).body.data;
    const res = await api.post(`/invites/${noEmail.id}/resend`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('INVITE_HAS_NO_EMAIL');

    const [canceled] = (await api.post('/invites', { email: 'c@example.com', notify: false })).body
      .data;
    await api.post(`/invites/${canceled.id}/cancel`);
    const gone = await api.post(`/invites/${canceled.id}/resend`);
    expect(gone.status).toBe(409);
    expect(gone.body.code).toBe('INVITE_NOT_PENDING');

    const [fresh] = (await api.post('/invites', { email: 'f@example.com', notify: false })).body
      .data;
    const before = await footprint();
    for (const [extend, code] of [
      ['soon', 'INVALID_EXPIRY'],
      [5, 'VALIDATION_FAILED'],
      ['true', 'INVALID_EXPIRY'],
    ] as const) {
      const bad = await api.post(`/invites/${fresh.id}/resend`, { extend });
      expect(bad.status, String(extend)).toBe(400);
      expect(bad.body.code).toBe(code);
      expect(bad.body.fields[0].path).toBe('extend');
    }
    expect(await footprint()).toEqual(before);
    const after = await api.get(`/invites/${fresh.id}`);
    expect(after.body.data.delivery).toBeNull();
    expect(after.body.data.expiresAt).toBe(fresh.expiresAt);

    await api.patch('/settings', { invitesEnabled: false });
    try {
      const disabled = await api.post(`/invites/${fresh.id}/resend`);
      expect(disabled.status).toBe(403);
      expect(disabled.body.code).toBe('INVITES_DISABLED');
    } finally {
      await api.patch('/settings', { invitesEnabled: true });
    }
  });
});

describe('/webhooks', () => {
  it('registers, lists without the secret, and deletes', async () => {
    const created = await api.post('/webhooks', {
      url: 'https://8.8.8.8/guestlist',
      events: ['invite.created', 'invite.accepted'],
    });
    expect(created.status).toBe(201);
    const { secret, ...hook } = created.body.data;
    expect(secret).toMatch(/^whsec_/);
    expect(hook).toMatchObject({
      url: 'https://8.8.8.8/guestlist',
      events: ['invite.created', 'invite.accepted'],
    });

    const list = await api.get('/webhooks');
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([hook]);
    expect(JSON.stringify(list.body)).not.toContain(secret);

    // The secret is kept encrypted, and never written to the audit log.
    const rows = await query<{ secret_ciphertext: string }>(
      server.databaseUrl,
      'select secret_ciphertext from webhooks',
    );
    expect(rows[0]!.secret_ciphertext).not.toContain(secret.slice(6));
    const audit = await api.get('/audit?filter[action]=webhook.created');
    expect(audit.body.data).toHaveLength(1);
    expect(JSON.stringify(audit.body)).not.toContain(secret.slice(6));

    const deleted = await api.delete(`/webhooks/${hook.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.data.id).toBe(hook.id);
    expect((await api.delete(`/webhooks/${hook.id}`)).status).toBe(404);
    expect((await api.get('/webhooks')).body.data).toEqual([]);
  });

  it.each([
    [
      'a loopback address',
      { url: 'http://127.0.0.1:9/x', events: ['invite.created'] },
      'INVALID_WEBHOOK_URL',
    ],
    ['localhost', { url: 'http://localhost/x', events: ['invite.created'] }, 'INVALID_WEBHOOK_URL'],
    [
      'a private address',
      { url: 'http://192.168.1.10/x', events: ['invite.created'] },
      'INVALID_WEBHOOK_URL',
    ],
    [
      'cloud metadata',
      { url: 'http://169.254.169.254/', events: ['invite.created'] },
      'INVALID_WEBHOOK_URL',
    ],
    [
      'a non-http scheme',
      { url: 'file:///etc/passwd', events: ['invite.created'] },
      'INVALID_WEBHOOK_URL',
    ],
    [
      'an unknown event',
      { url: 'https://8.8.8.8/x', events: ['invite.exploded'] },
      'VALIDATION_FAILED',
    ],
    ['no events', { url: 'https://8.8.8.8/x', events: [] }, 'VALIDATION_FAILED'],
    ['a missing url', { events: ['invite.created'] }, 'VALIDATION_FAILED'],
    [
      'an unknown field',
      { url: 'https://8.8.8.8/x', events: ['invite.created'], secret: 'mine' },
      'VALIDATION_FAILED',
    ],
  ])('refuses %s with 400, writing nothing', async (_, body, code) => {
    const before = await footprint();
    const res = await api.post('/webhooks', body);
    expect(await footprint()).toEqual(before);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    const rows = await query<{ n: string }>(
      server.databaseUrl,
      'select count(*) as n from webhooks',
    );
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('needs webhook:write', async () => {
    const token = await signUp('nohooks');
    expect((await api.get('/webhooks', { token })).status).toBe(403);
    expect((await api.get('/webhooks', { token: null })).status).toBe(401);
  });
});

describe('the OpenAPI document', () => {
  it('documents send and resend as 202 and the webhooks', async () => {
    const doc = (await api.get('/openapi.json')).body;
    expect(Object.keys(doc.paths['/invites/send'].post.responses)).toContain('202');
    expect(Object.keys(doc.paths['/invites/{invite}/resend'].post.responses)).toContain('202');
    expect(Object.keys(doc.paths['/webhooks'].post.responses)).toContain('201');
    expect(doc.paths['/webhooks/{id}'].delete).toBeDefined();
  });
});

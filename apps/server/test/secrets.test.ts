import { createServer, type Server } from 'node:http';
import { query } from '@guestlist/core/testing';
import { startWorker, type Worker } from '@guestlist/worker';
import { TestSmtpServer, waitFor } from '@guestlist/worker/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';

/**
 * §7: a whole flow — keys, webhooks, invites by email, registration and login with passwords,
 * sessions, a namespace invite, validation, the invite page, tRPC, accept, resend, cancel,
 * logout, email verification, a password change and a reset (§8) — with the server and the worker logging at `debug`. No code, key, token, password
 * or signing secret may appear in the logs, the webhook deliveries, the audit events or the
 * queued jobs.
 */
const lines: string[] = [];
const destination = { write: (line: string) => void lines.push(line) };
let server: TestServer;
let smtp: TestSmtpServer;
let worker: Worker;
let receiver: Server;
let receiverUrl = '';
const deliveries: string[] = [];

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'), {
    logLevel: 'debug',
    logDestination: destination,
  });
  smtp = await TestSmtpServer.start();
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      deliveries.push(`${JSON.stringify(request.headers)}\n${body}`);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  worker = await startWorker({
    guestlist: server.guestlist,
    logger: pino({ level: 'debug' }, destination),
    mail: {
      smtpUrl: smtp.url,
      from: 'Guestlist <invites@guestlist.test>',
      mailDir: '/nonexistent',
    },
    webhooks: { allowPrivateNetworks: true, timeoutMs: 2_000 },
    pollingIntervalSeconds: 0.5,
    sweepIntervalSeconds: 3600,
  });
});

afterAll(async () => {
  await worker?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  await smtp?.stop();
  await server?.close();
});

describe('secrets stay secret (§7)', () => {
  it('keeps every secret of a whole flow out of logs, webhooks, audit events and jobs', async () => {
    const secrets: Record<string, string> = { adminKey: server.adminKey };
    const admin = httpClient(`${server.url}/api/v1`, server.adminKey);
    const anonymous = httpClient(`${server.url}/api/v1`);

    const key = await admin.post('/api-keys', { name: 'ci', permissions: ['invite:read'] });
    secrets.apiKey = key.body.data.secret;
    const hook = await admin.post('/webhooks', {
      url: receiverUrl,
      // Every event, user.created among them: none may carry a password or a token.
      events: ['*'],
    });
    secrets.webhookSecret = hook.body.data.secret;

    // An invite by email, redeemed at registration.
    const [byEmail] = (await admin.post('/invites', { email: 'ada@example.com' })).body.data;
    secrets.emailCode = byEmail.code;
    await waitFor(() => smtp.received.length >= 1, { what: 'the invite email' });
    secrets.adaPassword = 'correct horse battery staple';
    const ada = await anonymous.post('/auth/register', {
      email: 'ada@example.com',
      username: 'ada',
      password: secrets.adaPassword,
      inviteCode: byEmail.code,
    });
    expect(ada.status).toBe(201);
    secrets.adaSession = ada.body.data.token;

    // Logins, one with a wrong password.
    const login = await anonymous.post('/auth/login', {
      handle: 'ada',
      password: secrets.adaPassword,
    });
    secrets.adaSecondSession = login.body.data.token;
    secrets.wrongPassword = 'not the password at all';
    expect(
      (await anonymous.post('/auth/login', { handle: 'ada', password: secrets.wrongPassword }))
        .status,
    ).toBe(401);

    // A namespace invite by address to someone new, seen and used the ways a code travels.
    const asAda = httpClient(`${server.url}/api/v1`, ada.body.data.token);
    await asAda.post('/namespaces', { name: 'engine' });
    const nsInvite = await asAda.post('/namespaces/ada/engine/invites', {
      handle: 'grace@example.com',
    });
    expect(nsInvite.status).toBe(201);
    // The namespace invite's code is only in the email: take it from there.
    await waitFor(() => smtp.received.length >= 2, { what: 'the namespace invite email' });
    const link = smtp.received[1]!.text.match(/\/i\/(\S+)/)?.[1];
    expect(link).toBeTruthy();
    secrets.namespaceCode = link!;
    expect((await anonymous.get(`/invites/${link}/validate`)).status).toBe(200);
    expect((await fetch(`${server.url}/i/${link}`)).status).toBe(200);
    secrets.gracePassword = 'grace hopper compiles';
    const grace = await anonymous.post('/auth/register', {
      email: 'grace@example.com',
      username: 'grace',
      password: secrets.gracePassword,
      inviteCode: link,
    });
    expect(grace.status).toBe(201);
    secrets.graceSession = grace.body.data.token;

    // Codes through tRPC input, a filter, accept, resend and cancel.
    const [spare, other] = (await admin.post('/invites', { count: 2 })).body.data;
    secrets.spareCode = spare.code;
    secrets.otherCode = other.code;
    const trpc = await fetch(
      `${server.url}/trpc/invites.get?input=${encodeURIComponent(JSON.stringify({ invite: spare.code }))}`,
      { headers: { authorization: `Bearer ${server.adminKey}` } },
    );
    expect(trpc.status).toBe(200);
    expect(
      (await admin.get(`/invites?filter[code]=${spare.code}`, { token: secrets.apiKey })).status,
    ).toBe(200);
    expect((await asAda.post(`/invites/${spare.code}/accept`)).status).toBe(200);
    await admin.post(`/invites/${other.code}/cancel`);
    const [resendable] = (await admin.post('/invites', { email: 'linus@example.com' })).body.data;
    secrets.resendCode = resendable.code;
    // Its first email goes out before the resend: a resend retires a delivery not yet sent.
    await waitFor(() => smtp.received.length >= 3, { what: 'the first email to linus' });
    expect((await admin.post(`/invites/${resendable.code}/resend`, {})).status).toBe(202);
    expect((await asAda.post('/auth/logout', undefined)).status).toBe(204);

    // The account lifecycle (§8): a verification link and a reset link, read from their
    // emails, a password change and a reset; none of the tokens or passwords may leak.
    await admin.patch('/settings', { registration: 'open' });
    secrets.linusPassword = 'linus writes kernels';
    const linus = await anonymous.post('/auth/register', {
      email: 'torvalds@example.com',
      username: 'linus',
      password: secrets.linusPassword,
    });
    expect(linus.status).toBe(201);
    secrets.linusSession = linus.body.data.token;
    const linkOf = async (path: string) => {
      const mail = await waitFor(
        () =>
          smtp.received.find((m) => m.to.includes('torvalds@example.com') && m.text.includes(path)),
        { what: `the ${path} email` },
      );
      return mail.text.match(/token=([0-9A-Za-z]+)/)![1]!;
    };
    secrets.verifyToken = await linkOf('/verify-email');
    const asLinus = httpClient(`${server.url}/api/v1`, linus.body.data.token);
    expect((await asLinus.post('/auth/verify-email', { token: secrets.verifyToken })).status).toBe(
      200,
    );
    secrets.linusNewPassword = 'linus merges patches';
    expect(
      (
        await asLinus.post('/me/password', {
          currentPassword: secrets.linusPassword,
          newPassword: secrets.linusNewPassword,
        })
      ).status,
    ).toBe(204);
    expect(
      (await anonymous.post('/auth/password-reset', { email: 'torvalds@example.com' })).status,
    ).toBe(202);
    secrets.resetToken = await linkOf('/reset-password');
    secrets.linusResetPassword = 'linus forgot again';
    const reset = await anonymous.post('/auth/password-reset/confirm', {
      token: secrets.resetToken,
      password: secrets.linusResetPassword,
    });
    expect(reset.status).toBe(200);
    secrets.linusResetSession = reset.body.data.token;

    await waitFor(() => deliveries.length >= 6 && smtp.received.length >= 4, {
      what: 'webhook deliveries and emails',
    });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const log = lines.join('');
    const audit = (
      await query<{ row: string }>(
        server.databaseUrl,
        'select row_to_json(a)::text as row from audit_events a',
      )
    )
      .map((r) => r.row)
      .join('\n');
    const jobs = (
      await query<{ row: string }>(server.databaseUrl, 'select data::text as row from pgboss.job')
    )
      .map((r) => r.row)
      .join('\n');
    // The deliveries log keeps each payload, for retries (spec §9).
    const deliveryLog = (
      await query<{ row: string }>(
        server.databaseUrl,
        'select row_to_json(d)::text as row from webhook_deliveries d',
      )
    )
      .map((r) => r.row)
      .join('\n');
    const webhooks = deliveries.join('\n');

    // Each place holds the flow (so its check below means something)...
    expect(log).toContain('request completed');
    expect(log).toContain('invite email sent');
    expect(log).toContain('/invites/[redacted]/validate');
    expect(audit).toContain('user.registered');
    expect(audit).toContain('invite.accepted');
    expect(audit).toContain('user.password_reset');
    expect(jobs).toContain('sealed');
    expect(jobs).toContain('deliveryId');
    expect(deliveryLog).toContain('invite.canceled');
    expect(webhooks).toContain('invite.accepted');
    expect(webhooks).toContain('user.created');
    expect(webhooks).toContain('webhook-signature');
    // ...and no secret is in any of them.
    const leaks = Object.entries(secrets).flatMap(([name, secret]) =>
      Object.entries({ log, audit, jobs, deliveryLog, webhooks })
        .filter(([, text]) => text.includes(secret))
        .map(([place]) => `${name} in ${place}`),
    );
    expect(leaks).toEqual([]);
    // The database holds no token in clear either: a digest, and a sealed copy in the job.
    const tokens = (
      await query<{ row: string }>(
        server.databaseUrl,
        'select row_to_json(t)::text as row from account_tokens t',
      )
    )
      .map((r) => r.row)
      .join('\n');
    expect(tokens).toContain('reset-password');
    expect(tokens).not.toContain(secrets.verifyToken);
    expect(tokens).not.toContain(secrets.resetToken);
    expect(Object.keys(secrets)).toHaveLength(21);
  }, 60_000);
});

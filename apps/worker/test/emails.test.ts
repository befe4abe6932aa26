import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PostalMime from 'postal-mime';
import { afterEach, describe, expect, it } from 'vitest';
import { TestSmtpServer, waitFor } from '../src/testing/index.ts';
import { startWorker, type Worker } from '../src/worker.ts';
import { logger, query, reread, setup, worker } from './support.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
function later<T extends { stop?: () => Promise<unknown>; close?: () => Promise<unknown> }>(
  thing: T,
): T {
  cleanups.push(() => (thing.stop ?? thing.close)!.call(thing));
  return thing;
}

const linkIn = (text: string) => text.match(/http:\/\/guestlist\.test\/i\/\S+/)?.[0];

describe('invite emails through the outbox', () => {
  it('emails a namespace invite by address and an operator invite, with link, names and grants', async () => {
    const t = later(await setup());
    const smtp = later(await TestSmtpServer.start());
    later(await worker(t.guestlist, smtp));
    await t.guestlist.settings.update(t.admin, { registration: 'open' });
    const { token } = await t.guestlist.accounts.register(
      { principal: null, ip: null },
      {
        email: 'ada@example.com',
        username: 'ada',
        name: 'Ada Lovelace',
        password: 'correct horse battery',
      },
    );
    const ada = { principal: await t.guestlist.authenticate(token), ip: null };
    await t.guestlist.namespaces.create(ada, { name: 'web' });
    const invite = await t.guestlist.namespaces.invite(ada, 'ada/web', {
      handle: 'grace@example.com',
      role: 'admin',
    });
    expect(invite.delivery).toMatchObject({ status: 'queued', attempts: 0 });

    const group = await t.guestlist.groups.create(t.admin, {
      name: 'Beta testers',
      permissions: ['beta:use'],
    });
    const [operatorInvite] = await t.guestlist.invites.create(t.admin, {
      email: 'Linus@Example.com',
      groups: [group.id],
      permissions: ['billing:read'],
      expiresIn: '7d',
    });

    const [toGrace, toLinus] = await Promise.all(
      ['grace@example.com', 'linus@example.com'].map((address) =>
        waitFor(() => smtp.received.find((m) => m.to.includes(address)), { what: address }),
      ),
    );
    expect(toGrace!.subject).toBe('Ada Lovelace (@ada) invited you to join ada/web');
    expect(toGrace!.from).toBe('invites@guestlist.test');
    expect(toGrace!.text).toContain('Ada Lovelace');
    expect(toGrace!.text).toContain('as an admin');
    expect(linkIn(toGrace!.text)).toBe(invite.url);
    expect(toGrace!.html).toContain(`href="${invite.url}"`);

    expect(linkIn(toLinus!.text)).toBe(operatorInvite!.url);
    expect(toLinus!.text).toContain('Beta testers');
    expect(toLinus!.text).toContain('billing:read');
    expect(toLinus!.text).toMatch(/expires on \d{1,2} \w+ \d{4} at \d\d:\d\d UTC/);

    const [sent] = await waitFor(async () => {
      const rows = await reread(t, [operatorInvite!]);
      return rows[0]!.delivery?.status === 'sent' ? rows : undefined;
    });
    expect(sent!.delivery).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect(Date.parse(sent!.delivery!.sentAt!)).not.toBeNaN();
    const audit = await t.guestlist.audit.list(t.admin, { inviteId: operatorInvite!.id });
    expect(audit.data.map((e) => e.action).sort()).toEqual(['invite.created', 'invite.sent']);
  });

  it('writes .eml files into the mail directory when there is no SMTP server', async () => {
    const t = later(await setup());
    const mailDir = await mkdtemp(path.join(tmpdir(), 'guestlist-mail-'));
    cleanups.push(() => rm(mailDir, { recursive: true, force: true }));
    later(
      await startWorker({
        guestlist: t.guestlist,
        logger,
        mail: { from: 'Guestlist <invites@guestlist.test>', mailDir },
        pollingIntervalSeconds: 0.5,
        sweepIntervalSeconds: 3600,
      }),
    );
    const [invite] = await t.guestlist.invites.create(t.admin, { email: 'file@example.com' });
    const [file] = await waitFor(async () => {
      const files = (await readdir(mailDir)).filter((f) => f.endsWith('.eml'));
      return files.length > 0 && files;
    });
    const message = await PostalMime.parse(await readFile(path.join(mailDir, file!)));
    expect(message.to?.[0]?.address).toBe('file@example.com');
    expect(linkIn(message.text ?? '')).toBe(invite!.url);
    await waitFor(async () => (await reread(t, [invite!]))[0]!.delivery?.status === 'sent');
  });

  it('sends nothing for notify: false, and nothing once the invite is canceled', async () => {
    const t = later(await setup());
    const smtp = later(await TestSmtpServer.start());
    const [quiet] = await t.guestlist.invites.create(t.admin, {
      email: 'quiet@example.com',
      notify: false,
    });
    expect(quiet!.delivery).toBeNull();
    const [canceled] = await t.guestlist.invites.create(t.admin, { email: 'gone@example.com' });
    await t.guestlist.invites.cancel(t.admin, canceled!.id);
    const [kept] = await t.guestlist.invites.create(t.admin, { email: 'kept@example.com' });
    later(await worker(t.guestlist, smtp));
    await waitFor(() => smtp.received.find((m) => m.to.includes('kept@example.com')));
    // The queue is drained in order of creation: had the others been sent, they would be here.
    await waitFor(async () => (await reread(t, [kept!]))[0]!.delivery?.status === 'sent');
    expect(smtp.received.map((m) => m.to[0])).toEqual(['kept@example.com']);
  });

  it('sends /invites/send one email per address, deduplicated, and resend with extend sends again', async () => {
    const t = later(await setup());
    const smtp = later(await TestSmtpServer.start());
    later(await worker(t.guestlist, smtp));
    const sent = await t.guestlist.invites.send(t.admin, {
      email: ['a@example.com', 'B@example.com', 'b@EXAMPLE.com', 'c@example.com'],
    });
    expect(sent.map((i) => i.email)).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    await waitFor(() => smtp.received.length >= 3 && smtp.received);
    const before = sent[0]!.expiresAt!;
    await new Promise((r) => setTimeout(r, 20));
    const resent = await t.guestlist.invites.resend(t.admin, sent[0]!.id, { extend: '30d' });
    expect(resent.delivery).toMatchObject({ status: 'queued', attempts: 0 });
    expect(Date.parse(resent.expiresAt!) - Date.parse(before)).toBeGreaterThan(20 * 86_400_000);
    await waitFor(() => smtp.received.length >= 4);
    expect(smtp.received.filter((m) => m.to.includes('a@example.com'))).toHaveLength(2);
    const audit = await t.guestlist.audit.list(t.admin, { inviteId: sent[0]!.id });
    expect(audit.data.map((e) => e.action)).toEqual(
      expect.arrayContaining(['invite.updated', 'invite.resent']),
    );
  });

  it('delivers every email once the SMTP server is back from an outage', async () => {
    const t = later(await setup());
    const smtp = later(await TestSmtpServer.start());
    await smtp.pause();
    later(await worker(t.guestlist, smtp));
    const invites = await t.guestlist.invites.send(t.admin, {
      email: Array.from({ length: 10 }, (_, i) => `down${i}@example.com`),
    });
    // Every email has been tried and failed at least once while the server was down.
    const failing = await waitFor(async () => {
      const rows = await reread(t, invites);
      return rows.every((r) => r.delivery!.attempts >= 1) ? rows : undefined;
    });
    for (const row of failing) {
      expect(row.delivery).toMatchObject({ status: 'queued' });
      expect(row.delivery!.lastError).toMatch(/ECONNREFUSED|connect/i);
    }
    expect(smtp.received).toHaveLength(0);
    await smtp.resume();
    const done = await waitFor(
      async () => {
        const rows = await reread(t, invites);
        return rows.every((r) => r.delivery!.status === 'sent') ? rows : undefined;
      },
      { timeoutMs: 20_000, what: 'every email sent' },
    );
    for (const row of done) expect(row.delivery!.attempts).toBeGreaterThanOrEqual(2);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(invites.map((i) => i.email).sort());
  });

  it('records a refusal by the mail server as failed at once, with invite.delivery_failed', async () => {
    const t = later(await setup());
    const smtp = later(await TestSmtpServer.start({ reject: (to) => to.startsWith('nobody@') }));
    later(await worker(t.guestlist, smtp));
    const [invite] = await t.guestlist.invites.create(t.admin, { email: 'nobody@example.com' });
    const [failed] = await waitFor(async () => {
      const rows = await reread(t, [invite!]);
      return rows[0]!.delivery!.status === 'failed' ? rows : undefined;
    });
    expect(failed!.delivery).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed!.delivery!.lastError).toMatch(/550/);
    const audit = await t.guestlist.audit.list(t.admin, { action: 'invite.delivery_failed' });
    expect(audit.data).toHaveLength(1);
    expect(audit.data[0]!.data).toMatchObject({ error: expect.stringMatching(/550/) });
  });

  it('gives up after the last retry and records the failure once', async () => {
    const t = later(await setup({ retryPolicy: { retryLimit: 1 } }));
    const smtp = later(await TestSmtpServer.start());
    await smtp.pause();
    later(await worker(t.guestlist, smtp));
    const [invite] = await t.guestlist.invites.create(t.admin, { email: 'later@example.com' });
    const [failed] = await waitFor(async () => {
      const rows = await reread(t, [invite!]);
      return rows[0]!.delivery!.status === 'failed' ? rows : undefined;
    });
    expect(failed!.delivery!.attempts).toBe(2);
    expect(failed!.delivery!.lastError).toMatch(/ECONNREFUSED|connect/i);
    const audit = await t.guestlist.audit.list(t.admin, { action: 'invite.delivery_failed' });
    expect(audit.data).toHaveLength(1);
  });

  it('sends once when an invite is resent before the worker got to it', async () => {
    const t = later(await setup());
    const smtp = later(await TestSmtpServer.start());
    const [invite] = await t.guestlist.invites.create(t.admin, { email: 'twice@example.com' });
    await t.guestlist.invites.resend(t.admin, invite!.id, {});
    later(await worker(t.guestlist, smtp));
    await waitFor(async () => (await reread(t, [invite!]))[0]!.delivery?.status === 'sent');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(smtp.received).toHaveLength(1);
    const audit = await t.guestlist.audit.list(t.admin, { action: 'invite.sent' });
    expect(audit.total).toBe(1);
  });

  it('a resend during an outage retires the first delivery: one email, no stale outcome', async () => {
    const t = later(await setup());
    const smtp = later(await TestSmtpServer.start());
    await smtp.pause();
    later(await worker(t.guestlist, smtp));
    const [invite] = await t.guestlist.invites.create(t.admin, { email: 'patient@example.com' });
    await waitFor(async () => (await reread(t, [invite!]))[0]!.delivery!.attempts >= 1);
    const [{ delivery_id: first }] = (await query<{ delivery_id: string }>(
      t.databaseUrl,
      'select delivery_id from invites where id = $1',
      [invite!.id],
    )) as [{ delivery_id: string }];
    const resent = await t.guestlist.invites.resend(t.admin, invite!.id, {});
    expect(resent.delivery).toMatchObject({ status: 'queued', attempts: 0 });
    // The first delivery's job giving up now (its dead letter) must not touch the new one.
    await t.guestlist.delivery.gaveUp({ inviteId: invite!.id, deliveryId: first });
    await t.guestlist.delivery.failed({ inviteId: invite!.id, deliveryId: first }, 'late', {
      final: true,
    });
    expect((await reread(t, [invite!]))[0]!.delivery!.status).toBe('queued');
    await smtp.resume();
    await waitFor(async () => (await reread(t, [invite!]))[0]!.delivery!.status === 'sent');
    // The first delivery's job, retried after the outage, finds itself retired and sends nothing.
    await waitFor(async () => {
      const jobs = await query<{ state: string }>(
        t.databaseUrl,
        `select state from pgboss.job where name = 'invite-email' and data->>'deliveryId' = $1`,
        [first],
      );
      return jobs[0]?.state === 'completed';
    });
    expect(smtp.received).toHaveLength(1);
    const failures = await t.guestlist.audit.list(t.admin, { action: 'invite.delivery_failed' });
    expect(failures.total).toBe(0);
  });

  it('claims a batch job by job: one draft per delivery, stale copies and old deliveries, busy while held', async () => {
    const t = later(await setup());
    const [a, b, c] = await t.guestlist.invites
      .create(t.admin, { email: 'a@example.com' })
      .then(async (first) => [
        ...first,
        ...(await t.guestlist.invites.create(t.admin, { email: 'b@example.com' })),
        ...(await t.guestlist.invites.create(t.admin, { email: 'c@example.com' })),
      ]);
    const deliveryOf = async (id: string) =>
      (
        await query<{ delivery_id: string }>(
          t.databaseUrl,
          'select delivery_id from invites where id = $1',
          [id],
        )
      )[0]!.delivery_id;
    const jobA = { inviteId: a!.id, deliveryId: await deliveryOf(a!.id) };
    const oldB = { inviteId: b!.id, deliveryId: await deliveryOf(b!.id) };
    await t.guestlist.invites.resend(t.admin, b!.id, {});
    const jobB = { inviteId: b!.id, deliveryId: await deliveryOf(b!.id) };
    const jobC = { inviteId: c!.id, deliveryId: await deliveryOf(c!.id) };
    await t.guestlist.invites.cancel(t.admin, c!.id);

    const claims = await t.guestlist.delivery.claim([jobA, jobA, oldB, jobB, jobC], 60);
    expect(claims.map((claim) => (typeof claim === 'string' ? claim : claim.draft.to))).toEqual([
      'a@example.com',
      'stale',
      'stale',
      'b@example.com',
      'stale',
    ]);
    // Held by the first claim: another copy of the same jobs waits.
    expect(await t.guestlist.delivery.claim([jobA, jobB, jobC], 60)).toEqual([
      'busy',
      'busy',
      'stale',
    ]);
    await t.guestlist.delivery.sent([jobA, oldB]);
    const [sentA, queuedB] = await reread(t, [a!, b!]);
    expect(sentA!.delivery).toMatchObject({ status: 'sent', attempts: 1 });
    expect(queuedB!.delivery).toMatchObject({ status: 'queued', attempts: 0 });
    const events = await t.guestlist.audit.list(t.admin, { action: 'invite.sent' });
    expect(events.data.map((event) => event.target.id)).toEqual([a!.id]);
  });

  it('retries, rather than fails, when the server refuses the sender (its configuration)', async () => {
    const t = later(await setup());
    const smtp = later(await TestSmtpServer.start({ refuseSenders: true }));
    later(await worker(t.guestlist, smtp));
    const [invite] = await t.guestlist.invites.create(t.admin, { email: 'someone@example.com' });
    const [row] = await waitFor(async () => {
      const rows = await reread(t, [invite!]);
      return rows[0]!.delivery!.attempts >= 2 ? rows : undefined;
    });
    expect(row!.delivery!.status).toBe('queued');
    expect(row!.delivery!.lastError).toMatch(/550/);
  });

  it('loses no email when the worker is killed mid-run and another starts', async () => {
    const t = later(await setup());
    // A slow server, so the kill lands while emails are in flight.
    const smtp = later(await TestSmtpServer.start({ delayMs: 100 }));
    const invites = await t.guestlist.invites.send(t.admin, {
      email: Array.from({ length: 40 }, (_, i) => `crash${i}@example.com`),
    });
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL('../src/main.ts', import.meta.url))],
      {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: t.databaseUrl,
          SECRET_KEY: t.secretKey,
          PUBLIC_URL: 'http://guestlist.test',
          SMTP_URL: smtp.url,
          LOG_LEVEL: 'silent',
        },
        stdio: 'ignore',
      },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await waitFor(() => smtp.received.length >= 3, { what: 'the first emails' });
    child.kill('SIGKILL');
    await exited;
    const afterKill = smtp.received.length;
    expect(afterKill).toBeLessThan(40);

    const replacement: Worker = later(await worker(t.guestlist, smtp));
    expect(replacement).toBeDefined();
    await waitFor(
      async () => (await reread(t, invites)).every((r) => r.delivery!.status === 'sent'),
      { timeoutMs: 30_000, what: 'every email sent after the restart' },
    );
    const delivered = new Set(smtp.received.map((m) => m.to[0]));
    expect([...delivered].sort()).toEqual(invites.map((i) => i.email!).sort());
  });

  it('two workers never send the same email twice in a normal run', async () => {
    const t = later(await setup());
    const smtp = later(await TestSmtpServer.start());
    const invites = await t.guestlist.invites.send(t.admin, {
      email: Array.from({ length: 100 }, (_, i) => `pair${i}@example.com`),
    });
    later(await worker(t.guestlist, smtp));
    later(await worker(t.guestlist, smtp));
    await waitFor(
      async () => (await reread(t, invites)).every((r) => r.delivery!.status === 'sent'),
      { timeoutMs: 30_000, what: 'every email sent' },
    );
    // Let any duplicate still in flight arrive before counting.
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received).toHaveLength(100);
    expect(new Set(smtp.received.map((m) => m.to[0])).size).toBe(100);
    const [{ n }] = (await query<{ n: string }>(
      t.databaseUrl,
      `select count(*) as n from audit_events where action = 'invite.sent'`,
    )) as [{ n: string }];
    expect(Number(n)).toBe(100);
  });
});

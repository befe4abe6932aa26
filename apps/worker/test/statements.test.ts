import { type EmailJob, queues } from '@guestlist/core';
import { statementCounter } from '@guestlist/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendInviteEmails } from '../src/mail/invite-emails.ts';
import { createMailTransport, type MailTransport } from '../src/mail/transport.ts';
import { createWorkerMetrics } from '../src/metrics.ts';
import { TestSmtpServer } from '../src/testing/index.ts';
import { logger, query, setup } from './support.ts';

/**
 * How many SQL statements a batch of invite emails costs. At a backlog the worker waits on
 * round trips, not on rendering: a statement per email (a template read, an outcome recorded
 * one by one) would bring its rate down with every batch, so a batch's count must not grow
 * with its size. The batch runs in this process; its statements are counted at the driver.
 */
let t: Awaited<ReturnType<typeof setup>>;
let smtp: TestSmtpServer;
let transport: MailTransport;
let counter: ReturnType<typeof statementCounter>;

beforeAll(async () => {
  t = await setup();
  smtp = await TestSmtpServer.start();
  transport = createMailTransport({
    smtpUrl: smtp.url,
    from: 'invites@guestlist.test',
    mailDir: '',
  });
  counter = statementCounter();
});
afterAll(async () => {
  counter?.restore();
  transport?.close();
  await smtp?.stop();
  await t?.close();
});

type JobInHand = { id: string; data: EmailJob; expireInSeconds: number };

/** Queues `n` invite emails and answers their jobs as pg-boss would hand them out. */
async function queued(tag: string, n: number): Promise<JobInHand[]> {
  const invites = await t.guestlist.invites.send(t.admin, {
    email: Array.from({ length: n }, (_, i) => `${tag}-${i}@example.com`),
  });
  const ids = invites.map((invite) => invite.id);
  const rows = await query<{ id: string; data: EmailJob }>(
    t.databaseUrl,
    `select id, data from pgboss.job where name = $1 and data->>'inviteId' = any($2)`,
    [queues.email, ids],
  );
  expect(rows).toHaveLength(n);
  return rows.map((row) => ({ id: row.id, data: row.data, expireInSeconds: 120 }));
}

async function statementsOfBatch(jobs: JobInHand[]): Promise<string[]> {
  const metrics = createWorkerMetrics();
  const statements = await counter.during(async () => {
    const results = await sendInviteEmails(t.guestlist, transport, logger, metrics, jobs);
    expect(results.map((r) => r.status)).toEqual(jobs.map(() => 'completed'));
  });
  const sent = await query<{ n: number }>(
    t.databaseUrl,
    `select count(*)::int as n from invites where id = any($1) and delivery_status = 'sent'`,
    [jobs.map((job) => job.data.inviteId)],
  );
  expect(sent[0]!.n).toBe(jobs.length);
  return statements;
}

describe('statements per batch of invite emails', () => {
  it('a batch of twenty costs what a batch of two costs', async () => {
    // The operator's own wording, in force for every email: read once per batch, not per email.
    await t.guestlist.templates.put(t.admin, 'invite', 'en', {
      subject: 'Come in, {{ recipient }}',
      text: 'Your link: {{ link }}',
      html: '<p><a href="{{ link }}">Accept</a></p>',
    });
    await statementsOfBatch(await queued('warm', 2));
    const small = await statementsOfBatch(await queued('small', 2));
    const large = await statementsOfBatch(await queued('large', 20));
    // Claim; settings and templates; the invites' groups; then one transaction recording the
    // sent ones: mark, audit, the webhooks listening. (pg-boss's fetch and completion are its own.)
    expect(small).toHaveLength(9);
    expect(large).toHaveLength(small.length);
    expect(smtp.received.filter((m) => m.subject.startsWith('Come in'))).toHaveLength(24);
  });
});

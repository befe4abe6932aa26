import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@guestlist/core/database';
import { query, type TestGuestlist, testGuestlist } from '@guestlist/core/testing';
import { metricSample, TestSmtpServer, waitFor } from '@guestlist/worker/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { httpClient } from './http.ts';
import { serverProcess, spawnProcess, stopServer } from './support.ts';

/**
 * The production shape: two `apps/server` and two `apps/worker` processes on one PostgreSQL.
 * Work enters through both servers; the workers share the queue and the expiry sweep.
 */
const WORKER = path.resolve(import.meta.dirname, '../../worker/src/main.ts');
const ADMIN_KEY = `gl_${'ManyProcs0'.repeat(4)}`;
const CODE_LIMIT = 10;

let database: TestGuestlist;
let smtp: TestSmtpServer;
const children: ChildProcess[] = [];
/** Each worker's log so far: which of them sent what. */
const workerLogs: (() => string)[] = [];
/** Each worker's own `GET /metrics` (METRICS_PORT). */
const workerMetricsUrls: string[] = [];
const servers: ReturnType<typeof httpClient>[] = [];
const serverUrls: string[] = [];

beforeAll(async () => {
  database = await testGuestlist(inject('databaseServerUrl'));
  smtp = await TestSmtpServer.start();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'guestlist-many-'));
  const common = {
    DATABASE_URL: database.databaseUrl,
    SECRET_KEY: database.secretKey,
    DATA_DIR: dataDir,
    PUBLIC_URL: 'http://guestlist.test',
  };
  for (let i = 0; i < 2; i++) {
    const { child, url } = await serverProcess(database, ADMIN_KEY, {
      ...common,
      RATE_LIMIT_CODES: String(CODE_LIMIT),
    });
    children.push(child);
    serverUrls.push(url);
    servers.push(httpClient(`${url}/api/v1`, ADMIN_KEY));
  }
  for (let i = 0; i < 2; i++) {
    const metricsPort = await freePort();
    const { child, output } = await spawnProcess(
      WORKER,
      {
        ...common,
        SMTP_URL: smtp.url,
        SWEEP_INTERVAL_SECONDS: '1',
        LOG_LEVEL: 'debug',
        METRICS_PORT: String(metricsPort),
      },
      'worker started',
    );
    children.push(child);
    workerLogs.push(output);
    workerMetricsUrls.push(`http://127.0.0.1:${metricsPort}/metrics`);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(children.map((child) => stopServer(child)));
  await smtp?.stop();
  await database?.close();
});

const countOf = async (sql: string, params: unknown[] = []) =>
  (await query<{ n: number }>(database.databaseUrl, sql, params))[0]!.n;

describe('two servers and two workers on one database', () => {
  it('send each email once, whichever server queued it and whichever worker took it', async () => {
    const addresses = Array.from({ length: 120 }, (_, i) => `many-${i}@example.com`);
    await Promise.all(
      [0, 1, 2, 3].map((batch) =>
        servers[batch % 2]!.post('/invites/send', {
          email: addresses.slice(batch * 30, batch * 30 + 30),
        }).then((res) => expect(res.status).toBe(202)),
      ),
    );
    await waitFor(
      async () =>
        (await countOf(
          `select count(*)::int as n from invites where email like 'many-%' and delivery_status = 'sent'`,
        )) === addresses.length,
      { timeoutMs: 60_000, what: 'every email sent' },
    );
    // Late duplicates would arrive after the last recorded send: give them a moment.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const recipients = smtp.received.flatMap((email) => email.to);
    expect(recipients).toHaveLength(addresses.length);
    expect(new Set(recipients)).toEqual(new Set(addresses));
    expect(
      await countOf(
        `select count(*)::int as n from audit_events a join invites i on i.id = a.invite_id
          where a.action = 'invite.sent' and i.email like 'many-%'`,
      ),
    ).toBe(addresses.length);
    // Both workers took part, and between them logged each send once.
    const sentBy = workerLogs.map((log) => log().split('invite email sent').length - 1);
    expect(sentBy.every((n) => n > 0)).toBe(true);
    expect(sentBy[0]! + sentBy[1]!).toBe(addresses.length);
    // And each worker's own counter says the same as its log.
    const counted = await Promise.all(
      workerMetricsUrls.map(async (url) => {
        const text = await (
          await fetch(url, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })
        ).text();
        return metricSample(text, 'guestlist_emails_total{outcome="sent"}');
      }),
    );
    expect(counted).toEqual(sentBy);
  }, 90_000);

  it('expire each invite once, with one event, however many workers sweep', async () => {
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    const created = await Promise.all(
      [0, 1].map((i) =>
        servers[i]!.post('/invites', { count: 25, expiresAt, metadata: { sweep: 'many' } }),
      ),
    );
    const ids = created.flatMap((res) => (res.body.data as { id: string }[]).map((d) => d.id));
    expect(ids).toHaveLength(50);
    await waitFor(
      async () =>
        (await countOf(
          `select count(*)::int as n from invites where id = any($1::uuid[]) and status = 'expired'`,
          [ids],
        )) === ids.length,
      { timeoutMs: 30_000, what: 'every invite expired' },
    );
    // Another sweep or two of both workers: still one event per invite.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const events = await query<{ invite_id: string; n: number }>(
      database.databaseUrl,
      `select invite_id, count(*)::int as n from audit_events
        where action = 'invite.expired' and invite_id = any($1::uuid[]) group by invite_id`,
      [ids],
    );
    expect(events).toHaveLength(ids.length);
    expect(events.every((event) => event.n === 1)).toBe(true);
  }, 60_000);

  it('hold one rate limit across both servers', async () => {
    const [invite] = (await servers[0]!.post('/invites', {})).body.data as { code: string }[];
    const statuses: number[] = [];
    for (let i = 0; i < CODE_LIMIT + 4; i++) {
      const res = await fetch(`${serverUrls[i % 2]}/api/v1/invites/${invite!.code}/validate`);
      statuses.push(res.status);
    }
    expect(statuses.slice(0, CODE_LIMIT).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(CODE_LIMIT)).toEqual([429, 429, 429, 429]);
  });
});

import { createServer, type Server } from 'node:http';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerMetrics } from '../src/metrics.ts';
import { serveMetrics } from '../src/metrics-server.ts';
import { metricSample, TestSmtpServer, waitFor } from '../src/testing/index.ts';
import { setup, worker } from './support.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A webhook receiver that refuses its first delivery (500) and accepts the rest. */
async function flakyReceiver() {
  let seen = 0;
  const server: Server = createServer((req, res) => {
    req.resume().on('end', () => {
      seen += 1;
      res.writeHead(seen === 1 ? 500 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${port}/hooks`, seen: () => seen };
}

/** The value of one series; 0 when absent (a counter not yet incremented). */
const sample = (text: string, series: string) => metricSample(text, series) ?? 0;

describe('worker metrics', () => {
  it('counts emails, webhook deliveries, expired invites and jobs by outcome', async () => {
    const t = await setup();
    cleanups.push(() => t.close());
    const smtp = await TestSmtpServer.start({ reject: (to) => to === 'bounce@example.com' });
    cleanups.push(() => smtp.stop());
    const hook = await flakyReceiver();
    await t.guestlist.webhooks.create(t.admin, { url: hook.url, events: ['invite.canceled'] });

    // Expired before the worker starts: its first sweep finds these two.
    await t.guestlist.invites.create(t.admin, {
      count: 2,
      expiresAt: new Date(Date.now() + 500).toISOString(),
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const sent = await t.guestlist.invites.send(t.admin, {
      email: ['ada@example.com', 'grace@example.com', 'alan@example.com'],
    });
    await t.guestlist.invites.send(t.admin, { email: 'bounce@example.com' });
    const [toCancel] = await t.guestlist.invites.create(t.admin, {});
    await t.guestlist.invites.cancel(t.admin, toCancel!.id);

    const registry = new Registry();
    cleanups.push(
      (await worker(t.guestlist, smtp, { metrics: createWorkerMetrics(registry) })).stop,
    );
    await waitFor(() => smtp.received.length >= sent.length, { what: 'three emails' });
    await waitFor(() => hook.seen() >= 2, { what: 'a refused then an accepted delivery' });
    let text = '';
    await waitFor(
      async () => {
        text = await registry.metrics();
        return (
          sample(text, 'guestlist_emails_total{outcome="rejected"}') === 1 &&
          sample(text, 'guestlist_webhook_deliveries_total{outcome="delivered"}') === 1
        );
      },
      { what: 'the counters to settle' },
    );

    expect(sample(text, 'guestlist_emails_total{outcome="sent"}')).toBe(3);
    expect(sample(text, 'guestlist_emails_total{outcome="rejected"}')).toBe(1);
    expect(sample(text, 'guestlist_emails_total{outcome="failed"}')).toBe(0);
    expect(sample(text, 'guestlist_webhook_deliveries_total{outcome="failed"}')).toBe(1);
    expect(sample(text, 'guestlist_webhook_deliveries_total{outcome="delivered"}')).toBe(1);
    expect(sample(text, 'guestlist_invites_expired_total')).toBe(2);
    // Jobs as pg-boss ended them: the four emails completed (a refused recipient is final),
    // the webhook job failed once, then completed.
    expect(
      sample(text, 'guestlist_worker_jobs_total{queue="invite-email",result="completed"}'),
    ).toBe(4);
    expect(
      sample(text, 'guestlist_worker_jobs_total{queue="webhook-delivery",result="failed"}'),
    ).toBe(1);
    expect(
      sample(text, 'guestlist_worker_jobs_total{queue="webhook-delivery",result="completed"}'),
    ).toBe(1);
    expect(text).toContain('guestlist_worker_batch_duration_seconds_count{queue="invite-email"}');
  });

  it('serves them on their own port to a key with metrics:read, and to no one else', async () => {
    const t = await setup();
    cleanups.push(() => t.close());
    const registry = new Registry();
    const metrics = createWorkerMetrics(registry);
    metrics.emails('sent', 7);
    const server = await serveMetrics(t.guestlist, registry, { port: 0, host: '127.0.0.1' });
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const reader = await t.guestlist.apiKeys.create(t.admin, {
      name: 'prometheus',
      permissions: ['metrics:read'],
    });
    const other = await t.guestlist.apiKeys.create(t.admin, {
      name: 'ci',
      permissions: ['invite:read'],
    });
    const scrape = (path: string, token?: string) =>
      fetch(`${url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    const anonymous = await scrape('/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const wrongKey = await scrape('/metrics', other.secret);
    expect(wrongKey.status).toBe(403);
    expect(await wrongKey.json()).toMatchObject({ code: 'FORBIDDEN' });
    const elsewhere = await scrape('/api/v1/invites', reader.secret);
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.json()).toMatchObject({ code: 'NOT_FOUND' });

    const answer = await scrape('/metrics', reader.secret);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    expect(sample(await answer.text(), 'guestlist_emails_total{outcome="sent"}')).toBe(7);
  });
});

import { createServer, type IncomingHttpHeaders } from 'node:http';
import { startWorker } from '@guestlist/worker';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook, type WebhookPayload } from '../dist/index.js';
import { client, rejection, server, useServer } from './sdk-setup.ts';

useServer();

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

const received: Received[] = [];
let receiverUrl: string;
let closeReceiver: () => Promise<void>;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/in`;
  closeReceiver = () => new Promise((resolve) => receiver.close(() => resolve()));
  const worker = await startWorker({
    guestlist: server.guestlist,
    logger: pino({ level: 'silent' }),
    mail: { from: 'Guestlist <invites@guestlist.test>', mailDir: '/nonexistent' },
    webhooks: { allowPrivateNetworks: true, timeoutMs: 2_000 },
    pollingIntervalSeconds: 0.5,
    sweepIntervalSeconds: 3600,
  });
  stopWorker = worker.stop;
});
afterAll(async () => {
  await stopWorker?.();
  await closeReceiver?.();
});

async function next(count: number): Promise<Received> {
  const deadline = Date.now() + 15_000;
  while (received.length < count) {
    if (Date.now() > deadline) throw new Error(`no delivery #${count}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return received[count - 1]!;
}

/** The headers as a fetch-based server would hand them over. */
function asHeaders(headers: IncomingHttpHeaders): Headers {
  const h = new Headers();
  for (const [name, value] of Object.entries(headers))
    if (typeof value === 'string') h.set(name, value);
  return h;
}

describe('webhooks', () => {
  it('sends a signed test event that verifyWebhook accepts, and refuses a forgery', async () => {
    const { id, secret } = await client.webhooks.create({
      url: receiverUrl,
      events: ['invite.expired'],
    });
    const delivery = await client.webhooks.test(id);
    expect(delivery).toMatchObject({ event: 'webhook.test', status: 'pending', attempts: 0 });

    const got = await next(1);
    const event: WebhookPayload = verifyWebhook(got.body, got.headers, secret);
    expect(event.type).toBe('webhook.test');
    if (event.type === 'webhook.test') expect(event.data.webhook.id).toBe(id);
    expect(
      verifyWebhook(new TextEncoder().encode(got.body), asHeaders(got.headers), secret),
    ).toEqual(event);
    expect(got.headers['webhook-id']).toBe(delivery.messageId);

    const forged = await rejection(
      Promise.resolve().then(() =>
        verifyWebhook(got.body.replace('test', 'tast'), got.headers, secret),
      ),
    );
    expect(forged.code).toBe('INVALID_WEBHOOK_SIGNATURE');
    const otherKey = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(
      (
        await rejection(
          Promise.resolve().then(() => verifyWebhook(got.body, got.headers, otherKey)),
        )
      ).code,
    ).toBe('INVALID_WEBHOOK_SIGNATURE');
    const { 'webhook-signature': _dropped, ...unsigned } = got.headers;
    expect(
      (await rejection(Promise.resolve().then(() => verifyWebhook(got.body, unsigned, secret))))
        .code,
    ).toBe('INVALID_WEBHOOK_SIGNATURE');

    const log = await client.webhooks.deliveries(id);
    expect(log.total).toBe(1);
    await client.webhooks.delete(id);
  });

  it('after a rotation signs under both secrets for 24 hours, then under the new one only', async () => {
    const created = await client.webhooks.create({ url: receiverUrl, events: ['*'] });
    const rotated = await client.webhooks.rotateSecret(created.id);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    const expires = Date.parse(rotated.previousSecretExpiresAt);
    expect(expires - Date.now()).toBeGreaterThan(24 * 3600_000 - 60_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(24 * 3600_000);

    const before = received.length;
    await client.webhooks.test(created.id);
    const during = await next(before + 1);
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifyWebhook(during.body, during.headers, created.secret).type).toBe('webhook.test');
    expect(verifyWebhook(during.body, during.headers, rotated.secret).type).toBe('webhook.test');

    // 24 hours later, as far as the database is concerned.
    await server.guestlist
      .fork()
      .execute(
        `update webhooks set previous_secret_expires_at = now() - interval '1 second' where id = ?`,
        [created.id],
      );
    await client.webhooks.test(created.id);
    const after = await next(before + 2);
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifyWebhook(after.body, after.headers, rotated.secret).type).toBe('webhook.test');
    const stale = await rejection(
      Promise.resolve().then(() => verifyWebhook(after.body, after.headers, created.secret)),
    );
    expect(stale.code).toBe('INVALID_WEBHOOK_SIGNATURE');
    await client.webhooks.delete(created.id);
  });

  it('updates, retries with the same webhook-id, and pages the log', async () => {
    const { id, secret } = await client.webhooks.create({
      url: receiverUrl,
      events: ['invite.created'],
    });
    expect(await client.webhooks.update(id, { enabled: false, events: ['*'] })).toMatchObject({
      id,
      enabled: false,
      events: ['*'],
    });
    const before = received.length;
    const first = await client.webhooks.test(id); // a disabled webhook still takes tests
    const sent = await next(before + 1);
    let settled = first;
    for (let i = 0; i < 100 && settled.status !== 'delivered'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      [settled] = (await client.webhooks.deliveries(id, { size: 1 })).data as [typeof first];
    }
    expect(settled).toMatchObject({
      id: first.id,
      status: 'delivered',
      attempts: 1,
      responseStatus: 204,
    });

    expect(await client.webhooks.retry(id, first.id)).toMatchObject({
      id: first.id,
      status: 'pending',
    });
    const again = await next(before + 2);
    expect(again.headers['webhook-id']).toBe(sent.headers['webhook-id']);
    expect(verifyWebhook(again.body, again.headers, secret)).toEqual(
      verifyWebhook(sent.body, sent.headers, secret),
    );

    await client.webhooks.test(id);
    const page1 = await client.webhooks.deliveries(id, { size: 1 });
    expect(page1.total).toBe(2);
    expect(page1.data[0]!.id).not.toBe(first.id); // newest first
    const page2 = await client.webhooks.deliveries(id, { size: 1, after: page1.nextCursor! });
    expect(page2.data.map((d) => d.id)).toEqual([first.id]);
    expect((await client.webhooks.deliveries(id, { size: 1, number: 2 })).data[0]!.id).toBe(
      first.id,
    );
    expect((await rejection(client.webhooks.deliveries(id, { after: 'nope' }))).code).toBe(
      'INVALID_CURSOR',
    );
    let delivered = await client.webhooks.deliveries(id, { status: 'delivered' });
    for (let i = 0; i < 100 && delivered.total < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      delivered = await client.webhooks.deliveries(id, { status: 'delivered' });
    }
    expect(delivered.total).toBe(2);
    expect(await client.webhooks.deliveries(id, { status: 'failed' })).toEqual({
      data: [],
      total: 0,
      nextCursor: null,
    });
    await client.webhooks.delete(id);
  });
});

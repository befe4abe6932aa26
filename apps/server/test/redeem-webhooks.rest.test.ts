import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { startWorker, type Worker } from '@guestlist/worker';
import { waitFor } from '@guestlist/worker/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { actors, type Client, must } from './actors.ts';

/** §9: the webhook event `invite.accepted` carries the redemption, by a subject or a user. */
interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

let server: TestServer;
let worker: Worker;
let receiver: Server;
let receiverUrl: string;
const deliveries: Delivery[] = [];
let people: ReturnType<typeof actors>;
let admin: Client;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks`;
  worker = await startWorker({
    guestlist: server.guestlist,
    logger: pino({ level: 'silent' }),
    mail: { from: 'Guestlist <invites@guestlist.test>', mailDir: '/nonexistent' },
    webhooks: { allowPrivateNetworks: true, timeoutMs: 2_000 },
    pollingIntervalSeconds: 0.5,
    sweepIntervalSeconds: 3600,
  });
  people = actors(server, 'hooks.test');
  admin = people.admin;
});
afterAll(async () => {
  await worker?.stop();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  await server?.close();
});

/** Standard Webhooks: HMAC-SHA256 of `id.timestamp.body` under the secret after `whsec_`. */
function verified(secret: string, delivery: Delivery) {
  const id = String(delivery.headers['webhook-id']);
  const timestamp = String(delivery.headers['webhook-timestamp']);
  const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
    .update(`${id}.${timestamp}.${delivery.body}`)
    .digest('base64');
  const signatures = String(delivery.headers['webhook-signature']).split(' ');
  expect(signatures).toContain(`v1,${expected}`);
  return JSON.parse(delivery.body) as {
    type: string;
    data: { invite: Record<string, unknown>; redemption?: Record<string, unknown> };
  };
}

describe('invite.accepted carries the redemption', () => {
  it('for a subject and for a user, never with the code', async () => {
    const { secret } = must(
      await admin.post('/webhooks', { url: receiverUrl, events: ['invite.accepted'] }),
      201,
      'webhook',
    ).data;
    const [inv] = must(
      await admin.post('/invites', { maxUses: 2, permissions: ['doc:read'], notify: false }),
      201,
      'invite',
    ).data;
    const app = await people.key(['invite:redeem']);
    const redeemed = must(
      await app.post(`/invites/${inv.code}/redeem`, { subject: 'crm-991' }),
      200,
      'redeem',
    ).data;
    const person = await people.verifiedPerson('hooked');
    must(await person.api.post(`/invites/${inv.code}/accept`), 200, 'accept');

    await waitFor(
      () =>
        deliveries.filter((d) => d.body.includes(inv.id) && d.body.includes('invite.accepted'))
          .length >= 2,
      { what: 'two invite.accepted deliveries' },
    );
    const events = deliveries
      .filter((d) => d.body.includes(inv.id))
      .map((d) => verified(secret, d))
      .filter((e) => e.type === 'invite.accepted');
    expect(events).toHaveLength(2);
    const bySubject = events.find((e) => e.data.redemption?.subject === 'crm-991')!;
    expect(bySubject.data.redemption).toEqual(redeemed.redemption);
    expect(bySubject.data.invite).toMatchObject({ id: inv.id, permissions: ['doc:read'] });
    const byUser = events.find((e) => e.data.redemption?.subject === null)!;
    expect(byUser.data.redemption).toEqual({
      user: { id: person.id, username: person.username, name: null },
      subject: null,
      at: expect.any(String),
    });
    expect(byUser.data.invite).toMatchObject({ id: inv.id, uses: 2, status: 'accepted' });
    for (const delivery of deliveries) expect(delivery.body).not.toContain(inv.code);
  }, 30_000);
});

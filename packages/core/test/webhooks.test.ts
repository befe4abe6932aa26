import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Actor } from '../src/domain/principal.ts';
import { parseWebhookUrl, type WebhookAddressVerdict } from '../src/domain/webhook-url.ts';
import { type TestGuestlist, testGuestlist } from '../src/testing/index.ts';

/** The verdict the address check gives each host, and the hosts it was asked about. */
const verdicts = new Map<string, WebhookAddressVerdict>([
  ['private.example', 'private'],
  ['[::1]', 'private'],
  ['nowhere.example', 'unresolvable'],
]);
const asked: string[] = [];

let t: TestGuestlist;
let bare: TestGuestlist;
let admin: Actor;
let bareAdmin: Actor;

beforeAll(async () => {
  t = await testGuestlist(inject('databaseServerUrl'), {
    webhookAddressCheck: async (hostname) => {
      asked.push(hostname);
      return verdicts.get(hostname) ?? 'public';
    },
  });
  bare = await testGuestlist(inject('databaseServerUrl'));
  admin = { principal: await t.guestlist.apiKeys.authenticate(t.adminKey), ip: '127.0.0.1' };
  bareAdmin = {
    principal: await bare.guestlist.apiKeys.authenticate(bare.adminKey),
    ip: '127.0.0.1',
  };
});
afterAll(async () => {
  await t?.close();
  await bare?.close();
});

async function webhookCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number((await client.query('select count(*) as n from webhooks')).rows[0].n);
  } finally {
    await client.end();
  }
}

const PRIVATE =
  'The URL points to a loopback or private address (set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow it)';
const UNUSABLE = 'The URL must be an http or https URL without credentials whose host resolves';

describe('parseWebhookUrl', () => {
  it.each([
    ['not a url', 'Webhook URL is not a valid absolute URL'],
    ['ftp://example.com/x', 'Webhook URL must use http or https, not ftp'],
    ['https://user:pw@example.com/', 'Webhook URL must not contain a username or password'],
    ['https://user@example.com/', 'Webhook URL must not contain a username or password'],
  ])('refuses %s', (raw, problem) => {
    expect(parseWebhookUrl(raw)).toEqual({ ok: false, problem });
  });

  it('gives the parsed URL of an http or https URL', () => {
    const parsed = parseWebhookUrl('https://hooks.example/in?token=x');
    expect(parsed.ok && parsed.url.href).toBe('https://hooks.example/in?token=x');
  });
});

describe('registering a webhook asks the address check about its host', () => {
  it.each([
    ['http://private.example/x', PRIVATE],
    ['http://[::1]:8080/x', PRIVATE],
    ['https://nowhere.example/x', UNUSABLE],
  ])('refuses %s by its verdict, writing nothing', async (url, message) => {
    await expect(
      t.guestlist.webhooks.create(admin, { url, events: ['invite.created'] }),
    ).rejects.toMatchObject({
      code: 'INVALID_WEBHOOK_URL',
      message,
      fields: [{ path: 'url', message }],
    });
    expect(await webhookCount(t.databaseUrl)).toBe(0);
  });

  it('does not ask about a URL refused for its shape', async () => {
    asked.length = 0;
    await expect(
      t.guestlist.webhooks.create(admin, {
        url: 'http://user:pw@private.example/',
        events: ['invite.created'],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_WEBHOOK_URL', message: UNUSABLE });
    expect(asked).toEqual([]);
  });

  it('registers a URL whose host is judged public', async () => {
    asked.length = 0;
    const { webhook } = await t.guestlist.webhooks.create(admin, {
      url: 'https://hooks.example/in',
      events: ['invite.created'],
    });
    expect(asked).toEqual(['hooks.example']);
    expect(webhook.url).toBe('https://hooks.example/in');
    await t.guestlist.webhooks.delete(admin, webhook.id);
  });

  it('refuses nothing for its address without a check, only for its shape', async () => {
    const { webhook } = await bare.guestlist.webhooks.create(bareAdmin, {
      url: 'http://127.0.0.1:9/x',
      events: ['invite.created'],
    });
    expect(webhook.url).toBe('http://127.0.0.1:9/x');
    await expect(
      bare.guestlist.webhooks.create(bareAdmin, { url: 'ftp://x/', events: ['invite.created'] }),
    ).rejects.toMatchObject({ code: 'INVALID_WEBHOOK_URL', message: UNUSABLE });
  });
});

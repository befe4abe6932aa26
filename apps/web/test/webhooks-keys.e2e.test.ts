import { createGuestlistClient, isGuestlistError, verifyWebhook } from '@guestlist/sdk';
import { startWorker, type Worker } from '@guestlist/worker';
import { waitFor } from '@guestlist/worker/testing';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserApp,
  check,
  expectNoHorizontalScroll,
  PHONE,
  startBrowserApp,
} from './browser.ts';
import { type Receiver, startReceiver } from './webhook-receiver.ts';

/**
 * The webhooks and API keys pages in Chromium, against the real server, a real worker and a
 * real receiver on loopback (test servers allow private addresses, as
 * `WEBHOOK_ALLOW_PRIVATE_NETWORKS=true` does): what the pages show is what the receiver gets.
 */
let app: BrowserApp;
let worker: Worker;
let receiver: Receiver;

beforeAll(async () => {
  // One retry, a second apart: a delivery to a failing receiver is `failed` within seconds.
  app = await startBrowserApp({
    retryPolicy: { retryLimit: 1, retryDelaySeconds: 1, retryDelayMaxSeconds: 1 },
  });
  worker = await startWorker({
    guestlist: app.server.guestlist,
    logger: pino({ level: 'silent' }),
    mail: { from: 'Guestlist <invites@guestlist.test>', mailDir: '/nonexistent' },
    webhooks: { allowPrivateNetworks: true, timeoutMs: 2_000 },
    pollingIntervalSeconds: 0.5,
    sweepIntervalSeconds: 3600,
  });
  receiver = await startReceiver();
});
afterEach(() => app.closePages());
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
  await app?.close();
});

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => {
      if (!isGuestlistError(error)) throw error;
      return error;
    },
  );

async function webhooksPage(options?: Parameters<BrowserApp['consoleAs']>[1]): Promise<Page> {
  const page = await app.consoleAs(app.server.adminKey, options);
  await page.goto('/console/webhooks');
  await page.getByRole('heading', { name: 'Webhooks', level: 2 }).waitFor();
  return page;
}

/** The deliveries that reached the receiver from now on, the first `count` of them. */
function arrivals(count: number) {
  const before = receiver.received.length;
  return () =>
    waitFor(() => receiver.received.length >= before + count && receiver.received.slice(before), {
      what: `${count} deliveries`,
    });
}

async function confirm(page: Page, action: string, choice: 'Keep' | string) {
  await page.getByRole('button', { name: action }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: choice, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('the webhooks page (spec §9)', () => {
  let id: string;
  let secret: string;

  it('adds a webhook; the secret shown once verifies the test delivery', async () => {
    const page = await webhooksPage();
    await page.getByText('No webhooks yet').waitFor();
    await check(page, 'webhooks-empty');

    await page.getByLabel('URL').fill(receiver.url);
    await page.getByLabel('Only these events:').check();
    await page.getByRole('checkbox', { name: 'invite.created' }).check();
    await page.getByRole('checkbox', { name: 'member.added' }).check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByText('Webhook created.').waitFor();
    const box = page.locator('.secret-once');
    await box.getByText('it will not be shown again').waitFor();
    secret = (await box.locator('.copyable code').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await check(page, 'webhooks-created');

    const [stored] = await app.admin.webhooks.list();
    expect(stored).toMatchObject({
      url: receiver.url,
      events: ['invite.created', 'member.added'],
      enabled: true,
    });
    id = stored!.id;
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByText(secret).count()).toBe(0);

    await page.getByRole('link', { name: receiver.url }).click();
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    const arrived = arrivals(1);
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText('Test event delivered: the receiver answered HTTP 204.').waitFor();
    const [delivery] = await arrived();
    expect(verifyWebhook(delivery!.body, delivery!.headers, secret)).toMatchObject({
      type: 'webhook.test',
      data: { webhook: { id } },
    });
    const row = page.getByRole('row', { name: /webhook\.test/ });
    await row.getByRole('cell', { name: 'delivered' }).waitFor();
    await check(page, 'webhook-details');
  });

  it('edits url and events; a disabled webhook gets no new events, but still its tests', async () => {
    const page = await webhooksPage();
    await page.getByRole('link', { name: receiver.url }).click();
    const edit = page.getByRole('form', { name: 'Edit' });
    await edit.getByLabel('URL').fill(`${receiver.url}/v2`);
    await edit.getByLabel(/All events/).check();
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Webhook saved.').waitFor();
    expect((await app.admin.webhooks.list())[0]).toMatchObject({
      url: `${receiver.url}/v2`,
      events: ['*'],
    });

    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByText('Webhook disabled.').waitFor();
    expect((await app.admin.webhooks.list())[0]!.enabled).toBe(false);
    await app.admin.invites.create({});
    // The log is written with the event (the outbox): a disabled webhook got no row for it.
    const log = await app.admin.webhooks.deliveries(id);
    expect(log.data.map((d) => d.event)).toEqual(['webhook.test']);
    const tested = arrivals(1);
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText('Test event delivered: the receiver answered HTTP 204.').waitFor();
    expect((await tested())[0]!.path).toBe('/hooks/v2');

    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByText('Webhook enabled.').waitFor();
    const event = arrivals(1);
    await app.admin.invites.create({});
    const [created] = await event();
    expect(verifyWebhook(created!.body, created!.headers, secret).type).toBe('invite.created');
  });

  it('a failed delivery is retried from the log once the receiver is fixed', async () => {
    const page = await webhooksPage();
    await page.getByRole('link', { name: `${receiver.url}/v2` }).click();
    receiver.status = 500;
    const attempts = arrivals(2);
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText(/Test event not delivered \(.*500.*\)/).waitFor();
    const [first, second] = await attempts();
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    const failed = await waitFor(
      async () => (await app.admin.webhooks.deliveries(id, { status: 'failed' })).data[0],
      { what: 'the failed delivery' },
    );
    expect(failed).toMatchObject({ event: 'webhook.test', attempts: 2, responseStatus: 500 });

    await page.getByLabel('Status').selectOption('failed');
    const row = page.locator(`tr[data-delivery="${failed.id}"]`);
    await row.getByText('HTTP 500').waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await check(page, 'webhook-failed');

    receiver.status = 204;
    const again = arrivals(1);
    await row.getByRole('button', { name: 'Retry the webhook.test delivery' }).click();
    await page.getByText('Delivery of webhook.test queued again.').waitFor();
    const [retried] = await again();
    expect(retried!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(verifyWebhook(retried!.body, retried!.headers, secret).type).toBe('webhook.test');
    await waitFor(
      async () =>
        (await app.admin.webhooks.deliveries(id, { status: 'delivered' })).data.some(
          (d) => d.id === failed.id,
        ),
      { what: 'the retried delivery, delivered' },
    );
    await page.getByLabel('Status').selectOption('delivered');
    await page.locator(`tr[data-delivery="${failed.id}"]`).getByText('HTTP 204').waitFor();
  });

  it('rotates the secret behind a confirmation; both secrets sign for 24 hours', async () => {
    const page = await webhooksPage();
    await page.getByRole('link', { name: `${receiver.url}/v2` }).click();
    await confirm(page, 'Rotate secret', 'Keep');
    const kept = arrivals(1);
    await app.admin.webhooks.test(id);
    const [before] = await kept();
    expect(String(before!.headers['webhook-signature']).split(' ')).toHaveLength(1);

    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('dialog').getByText('old one signs them too, alongside').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate secret' }).click();
    const box = page.locator('.secret-once');
    await box.getByText('keeps signing deliveries, alongside this one, until').waitFor();
    const rotated = (await box.locator('.copyable code').textContent()) ?? '';
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await check(page, 'webhook-rotated');

    const after = arrivals(1);
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText('Test event delivered: the receiver answered HTTP 204.').waitFor();
    const [signed] = await after();
    expect(verifyWebhook(signed!.body, signed!.headers, rotated).type).toBe('webhook.test');
    expect(verifyWebhook(signed!.body, signed!.headers, secret).type).toBe('webhook.test');
  });

  it('deletes behind a confirmation: Keep leaves it', async () => {
    const page = await webhooksPage();
    await page.getByRole('link', { name: `${receiver.url}/v2` }).click();
    await confirm(page, 'Delete this webhook', 'Keep');
    expect(await app.admin.webhooks.list()).toHaveLength(1);
    await confirm(page, 'Delete this webhook', 'Delete');
    await page.getByText('Webhook deleted.').waitFor();
    await page.getByText('No webhooks yet').waitFor();
    expect(await app.admin.webhooks.list()).toEqual([]);
  });

  it('fits a phone', async () => {
    const made = await app.admin.webhooks.create({
      url: `${receiver.url}/a-rather-long-path/that/would/push/a/phone/sideways`,
      events: ['invite.created', 'invite.accepted', 'member.removed'],
    });
    await app.admin.webhooks.test(made.id);
    const page = await webhooksPage(PHONE);
    await expectNoHorizontalScroll(page, 'webhooks on a phone');
    await check(page, 'webhooks-phone');
    await page.getByRole('link', { name: /a-rather-long-path/ }).click();
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    await page.getByRole('rowheader', { name: 'webhook.test' }).waitFor();
    await expectNoHorizontalScroll(page, 'a webhook on a phone');
    await check(page, 'webhook-phone');
    await app.admin.webhooks.delete(made.id);
  });
});

describe('the API keys page', () => {
  let secret: string;

  it('creates a key with two built-in permissions and one of its own, shown once and copied', async () => {
    const page = await app.consoleAs(app.server.adminKey, {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys', level: 2 }).waitFor();
    await page.getByLabel('Name').fill('reporting');
    await page.getByRole('checkbox', { name: 'invite:read' }).check();
    await page.getByRole('checkbox', { name: 'audit:read' }).check();
    await page.getByLabel('Other permissions').fill('reports:export');
    await check(page, 'api-keys-form');
    await page.getByRole('button', { name: 'Create key' }).click();
    const box = page.locator('.secret-once');
    await box.getByText('it will not be shown again').waitFor();
    secret = (await box.locator('.copyable code').textContent()) ?? '';
    expect(secret).toMatch(/^gl_/);
    await box.getByRole('button', { name: 'Copy the API key' }).click();
    await page.getByText('Copied the API key.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await check(page, 'api-key-created');

    const stored = (await app.admin.apiKeys.list()).find((key) => key.name === 'reporting');
    expect([...stored!.permissions].sort()).toEqual([
      'audit:read',
      'invite:read',
      'reports:export',
    ]);
    const key = createGuestlistClient({ url: app.server.url, token: secret });
    await key.invites.list();
    await key.audit.list();
    expect((await rejection(key.webhooks.list())).status).toBe(403);
    expect((await rejection(key.settings.get())).status).toBe(403);

    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByText(secret).count()).toBe(0);
    await page
      .getByRole('row', { name: /reporting/ })
      .getByText('reports:export')
      .waitFor();
  });

  it('revokes behind a confirmation: Keep leaves it working, then it answers 401', async () => {
    const key = createGuestlistClient({ url: app.server.url, token: secret });
    const page = await app.consoleAs(app.server.adminKey);
    await page.getByRole('link', { name: 'API keys' }).click();
    await confirm(page, 'Revoke the key reporting', 'Keep');
    await key.invites.list();
    await confirm(page, 'Revoke the key reporting', 'Revoke');
    await page.getByText('API key “reporting” revoked.').waitFor();
    await page
      .getByRole('row', { name: /reporting/ })
      .getByText('Revoked')
      .waitFor();
    expect((await rejection(key.invites.list())).status).toBe(401);
    await check(page, 'api-keys-revoked');
  });

  it('fits a phone; a key without webhook:write is told what it lacks', async () => {
    const page = await app.consoleAs(app.server.adminKey, PHONE);
    await page.goto('/console/api-keys');
    await page.getByRole('checkbox', { name: /^Everything/ }).check();
    expect(await page.getByRole('checkbox', { name: 'invite:read' }).isDisabled()).toBe(true);
    await expectNoHorizontalScroll(page, 'API keys on a phone');
    await check(page, 'api-keys-phone');

    const narrow = await app.admin.apiKeys.create({ name: 'reader', permissions: ['invite:read'] });
    const other = await app.consoleAs(narrow.secret);
    await other.goto('/console/webhooks');
    await other.getByText('You need the webhook:write permission to manage webhooks.').waitFor();
    await check(other, 'webhooks-forbidden');
  });
});

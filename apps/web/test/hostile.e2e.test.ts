import { createGuestlistClient } from '@guestlist/sdk';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserApp,
  expectNoHorizontalScroll,
  PASSWORD,
  PHONE,
  startBrowserApp,
} from './browser.ts';

/**
 * What a hostile review of the console found, each finding held by its test: what a person
 * does in Chromium, and what the server then holds, read back through the SDK.
 */
let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp();
  await app.admin.settings.update({ registration: 'open' });
});
afterEach(() => app.closePages());
afterAll(() => app?.close());

const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));

describe('a double click creates once', () => {
  it('one API key, whose secret is the one shown', async () => {
    const page = await app.consoleAs(app.server.adminKey);
    await page.goto('/console/api-keys');
    await page.getByLabel('Name').fill('clicked-twice');
    await page.getByRole('checkbox', { name: /invite:read/ }).check();
    await page.getByRole('button', { name: 'Create key' }).dblclick();
    await page.getByText('Copy it now').waitFor();
    await settle();
    const keys = (await app.admin.apiKeys.list()).filter((key) => key.name === 'clicked-twice');
    expect(keys).toHaveLength(1);
    const shown = (await page.locator('.secret-once code').textContent()) ?? '';
    expect(shown.startsWith(keys[0]!.prefix)).toBe(true);
  });

  it('one webhook', async () => {
    const url = 'http://127.0.0.1:9/clicked-twice';
    const page = await app.consoleAs(app.server.adminKey);
    await page.goto('/console/webhooks');
    await page.getByLabel('URL').fill(url);
    await page.getByRole('button', { name: 'Add webhook' }).dblclick();
    await page.getByText('Copy it now').waitFor();
    await settle();
    const webhooks = (await app.admin.webhooks.list()).filter((webhook) => webhook.url === url);
    expect(webhooks).toHaveLength(1);
  });

  it('one invite, one email', async () => {
    const email = 'clicked-twice@example.com';
    const page = await app.consoleAs(app.server.adminKey);
    await page.goto('/console/invites');
    await page.getByLabel('Or email addresses').fill(email);
    await page.getByRole('button', { name: 'Create', exact: true }).dblclick();
    await page.getByText('Created 1 invite.').waitFor();
    await settle();
    const invites = await app.admin.invites.list({ filter: { email } });
    expect(invites.total).toBe(1);
  });
});

/** Whether `text` is anywhere in the page's JavaScript heap, after a full garbage collection. */
async function inHeap(page: Page, text: string): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  let snapshot = '';
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (event) => {
    snapshot += event.chunk;
  });
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  return snapshot.includes(text);
}

describe('a secret shown once is kept nowhere after', () => {
  it('an API key, once its page is left', async () => {
    const page = await app.consoleAs(app.server.adminKey);
    await page.goto('/console/api-keys');
    await page.getByLabel('Name').fill('remembered');
    await page.getByRole('checkbox', { name: /invite:read/ }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.locator('.secret-once code').textContent()) ?? '';
    expect(secret).toMatch(/^gl_/);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', level: 2 }).waitFor();
    expect(await inHeap(page, secret)).toBe(false);
  });

  it('a rotated signing secret, once copied', async () => {
    const webhook = await app.admin.webhooks.create({
      url: 'http://127.0.0.1:9/rotated',
      events: ['*'],
    });
    const page = await app.consoleAs(app.server.adminKey);
    await page.goto(`/console/webhooks/${webhook.id}`);
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate secret' }).click();
    const secret = (await page.locator('.secret-once code').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.locator('.secret-once').waitFor({ state: 'detached' });
    expect(await inHeap(page, secret)).toBe(false);
  });
});

describe('a section that cannot load', () => {
  it('says so, and the next section loads', async () => {
    const page = await app.consoleAs(app.server.adminKey);
    // As after an upgrade, when the chunk this page knows by name is gone, or the server is.
    await page.route(/\/assets\/Webhooks-[^/]*\.js$/, (route) => route.abort());
    await page.getByRole('link', { name: 'Webhooks' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'This page could not be shown' });
    await alert.waitFor();
    await expect(alert.getByRole('button', { name: 'Reload' }).isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys', level: 2 }).waitFor();
    await expect(alert.count()).resolves.toBe(0);
  });
});

describe('long words from outsiders on a phone', () => {
  // Anyone who registers picks a name, an address, a namespace and its description; an
  // operator's colleague names groups and permissions. None of it may push the page sideways.
  const word = (letter: string, length: number) => letter.repeat(length);

  it('leave every page within the screen', async () => {
    const anonymous = createGuestlistClient({ url: app.server.url });
    const { user, token } = await anonymous.auth.register({
      username: 'longwords',
      email: `${word('e', 60)}@example.com`,
      password: PASSWORD,
      name: word('n', 200),
    });
    const person = createGuestlistClient({ url: app.server.url, token });
    const name = word('p', 100);
    await person.namespaces.create({ name, description: word('d', 1000) });
    await app.admin.groups.create({
      name: word('g', 100),
      permissions: [`app:${word('q', 200)}`],
    });
    const [invite] = await app.admin.invites.create({
      email: `${word('i', 60)}@example.com`,
      permissions: [`app:${word('r', 200)}`],
      notify: false,
    });

    const own = await app.consoleAs(token, PHONE);
    await own.goto(`/console/namespaces/longwords/${name}`);
    await own.getByRole('heading', { name: 'Collaborators' }).waitFor();
    await expectNoHorizontalScroll(own, 'a namespace');

    const admin = await app.consoleAs(app.server.adminKey, PHONE);
    await admin.goto(`/console/users/${user.id}`);
    await admin.getByRole('heading', { name: 'User longwords' }).waitFor();
    await expectNoHorizontalScroll(admin, 'a user');
    await admin.goto('/console/groups');
    await admin.getByRole('button', { name: `Edit ${word('g', 100)}` }).click();
    await admin.getByRole('heading', { name: `Group ${word('g', 100)}` }).waitFor();
    await expectNoHorizontalScroll(admin, 'a group');
    await admin.goto('/console/invites');
    await admin.getByRole('button', { name: invite!.code! }).click();
    await admin.getByRole('heading', { name: `Invite ${invite!.code}` }).waitFor();
    await expectNoHorizontalScroll(admin, 'an invite');
  });
});

describe('a server that does not answer', () => {
  it('is said so, not taken for an API key', async () => {
    const anonymous = createGuestlistClient({ url: app.server.url });
    const { token } = await anonymous.auth.register({
      username: 'unanswered',
      email: 'unanswered@example.com',
      password: PASSWORD,
    });
    const page = await app.consoleAs(token);
    // A proxy in front of a server that is down.
    await page.route(/\/trpc\//, (route) =>
      route.fulfill({ status: 502, contentType: 'text/html', body: 'Bad Gateway' }),
    );
    await page.reload();
    await page.getByRole('heading', { name: 'Guestlist did not answer' }).waitFor();
    await expect(page.getByText('Signed in with an API key').count()).resolves.toBe(0);
    await page.unroute(/\/trpc\//);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('Signed in as unanswered').waitFor();
  });
});

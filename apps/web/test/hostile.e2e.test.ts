import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from './browser.ts';

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
    const shown = await page.locator('.secret-once code').innerText();
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

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGuestlistClient } from '@guestlist/sdk';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { measureBundle } from '../scripts/bundle-size.ts';
import {
  type BrowserApp,
  check,
  expectNoHorizontalScroll,
  PASSWORD,
  PHONE,
  startBrowserApp,
  WEB,
} from './browser.ts';

/** The console's shell and the care every page shares, in Chromium. */
let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp();
  await app.admin.settings.update({ registration: 'open' });
});
afterEach(async () => app.closePages());
afterAll(async () => app?.close());

describe('the console shell', () => {
  it('the menu leads to every section at its own address, and back', async () => {
    const page = await app.consoleAs(app.server.adminKey);
    // `/console` lands on the first section.
    await page.waitForURL((url) => url.pathname === '/console/invites');
    const menu = page.getByRole('navigation', { name: 'Sections' });
    const labels = await menu.getByRole('link').allTextContents();
    expect(labels).toEqual([
      'Invites',
      'Webhooks',
      'API keys',
      'Users',
      'Groups',
      'Audit log',
      'Settings',
    ]);
    await menu.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL((url) => url.pathname === '/console/settings');
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await menu.getByRole('link', { name: 'Settings' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await check(page, 'console-settings');
    // A reload, a bookmark, a shared link: the server answers every console address.
    await page.reload();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Invites', exact: true }).waitFor();
  });

  it('a person sees only the sections their permissions open', async () => {
    const { token } = await app.admin.auth.register({
      email: 'plain@example.com',
      username: 'plain',
      password: PASSWORD,
    });
    const page = await app.consoleAs(token);
    const menu = page.getByRole('navigation', { name: 'Sections' });
    await page.getByText('Signed in as plain').waitFor();
    expect(await menu.getByRole('link').allTextContents()).toEqual([
      'Invites',
      'Namespaces',
      'Account',
    ]);
    // Typing the address of a hidden section leads back to the first one.
    await page.goto('/console/api-keys');
    await page.waitForURL((url) => url.pathname === '/console/invites');
  });

  it('is usable from the keyboard: skip link first, then the menu', async () => {
    const page = await app.consoleAs(app.server.adminKey);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    // Brand, then the first two sections: Enter follows the focused one.
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/console/webhooks');
  });
});

describe('care on the invites page', () => {
  it('deleting an invite asks first; "Keep" deletes nothing', async () => {
    const [invite] = await app.admin.invites.create({ count: 1 });
    const page = await app.consoleAs(app.server.adminKey);
    await page.getByRole('button', { name: invite!.code! }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this invite?' });
    await dialog.waitFor();
    await check(page, 'console-confirm-delete');
    await dialog.getByRole('button', { name: 'Keep' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await app.admin.invites.get(invite!.id)).status).toBe('pending');

    // Escape closes it too, and deletes nothing.
    await page.getByRole('button', { name: 'Delete' }).click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await app.admin.invites.get(invite!.id)).status).toBe('pending');

    await page.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Invite deleted.').waitFor();
    await expect(app.admin.invites.get(invite!.id)).rejects.toMatchObject({ status: 404 });
  });

  it('canceling asks first, then says so', async () => {
    const [invite] = await app.admin.invites.create({ count: 1 });
    const page = await app.consoleAs(app.server.adminKey);
    await page.getByRole('button', { name: invite!.code! }).click();
    await page.getByRole('button', { name: 'Cancel invite' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this invite?' });
    await dialog.getByRole('button', { name: 'Keep' }).click();
    expect((await app.admin.invites.get(invite!.id)).status).toBe('pending');
    await page.getByRole('button', { name: 'Cancel invite' }).click();
    await dialog.getByRole('button', { name: 'Cancel invite' }).click();
    await page.getByText('Invite canceled.').waitFor();
    expect((await app.admin.invites.get(invite!.id)).status).toBe('canceled');
  });

  it('a created link is copied with one click', async () => {
    const page = await app.consoleAs(app.server.adminKey, {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByText('Created 1 invite.').waitFor();
    const link = await page.locator('.created code').first().textContent();
    expect(link).toMatch(/^http:\/\/guestlist\.test\/i\/\S+$/);
    await page.getByRole('button', { name: 'Copy the invite link' }).click();
    await page.getByText('Copied the invite link.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await check(page, 'console-created');
  });

  it('an empty list says what to do', async () => {
    const page = await app.consoleAs(app.server.adminKey);
    await page.getByRole('searchbox', { name: 'Code' }).fill('no-such-code');
    await page.getByText('No invite matches').waitFor();
    await page.getByText('Change or clear the filters above.').waitFor();
    await check(page, 'console-no-match');
  });

  it('dates are written in the reader’s locale and time zone', async () => {
    const expiresAt = '2031-03-04T05:06:00.000Z';
    const [invite] = await app.admin.invites.create({ count: 1, expiresAt });
    const page = await app.consoleAs(app.server.adminKey, {
      locale: 'de-DE',
      timezoneId: 'Asia/Tokyo',
    });
    await page.getByRole('searchbox', { name: 'Code' }).fill(invite!.code!);
    const german = new Intl.DateTimeFormat('de-DE', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Asia/Tokyo',
    }).format(new Date(expiresAt));
    expect(german).toBe('04.03.2031, 14:06');
    const cell = page.locator(`time[datetime="${expiresAt}"]`);
    await cell.waitFor();
    expect(await cell.textContent()).toBe(german);
    // The exact instant stays one hover away.
    expect(await cell.getAttribute('title')).toBe(expiresAt);
  });
});

describe('the permission picker', () => {
  it('keeps a built-in permission typed by hand, and unticking it takes it out of the text', async () => {
    const page = await app.consoleAs(app.server.adminKey);
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name').fill('typed');
    const other = page.getByLabel('Other permissions');
    await other.fill('invite:write, reports:export');
    const box = page.getByRole('checkbox', { name: 'invite:write' });
    // What was typed shows in its box rather than vanishing.
    await expect.poll(() => box.isChecked()).toBe(true);
    await box.uncheck();
    await expect.poll(() => other.inputValue()).toBe('reports:export');
    await box.check();
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByText('it will not be shown again').waitFor();
    const key = (await app.admin.apiKeys.list()).find((k) => k.name === 'typed');
    expect([...key!.permissions].sort()).toEqual(['invite:write', 'reports:export']);
  });
});

describe('on a 360-pixel phone', () => {
  it('the invite page, the sign-in page and the console fit, and Sign out is reachable', async () => {
    const [invite] = await app.admin.invites.create({ count: 1 });
    const page = await app.newPage(PHONE);
    await page.goto(`/i/${invite!.code}`);
    await page.getByRole('heading', { name: "You're invited" }).waitFor();
    await expectNoHorizontalScroll(page, 'invite page');
    await check(page, 'phone-invite');

    await page.goto('/console');
    await page.getByRole('heading', { name: 'Sign in to Guestlist' }).waitFor();
    await expectNoHorizontalScroll(page, 'sign-in page');
    await check(page, 'phone-sign-in');

    const phone = await app.consoleAs(app.server.adminKey, PHONE);
    for (const section of ['Invites', 'Settings']) {
      const menu = phone.getByRole('button', { name: 'Menu' });
      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await phone
        .getByRole('navigation', { name: 'Sections' })
        .getByRole('link', { name: section })
        .click();
      await phone.getByRole('heading', { name: section, exact: true }).waitFor();
      // Following a link folds the menu again.
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      await expectNoHorizontalScroll(phone, `console ${section}`);
      await check(phone, `phone-console-${section.toLowerCase()}`);
    }
    const signOut = phone.getByRole('button', { name: 'Sign out' });
    const box = await signOut.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    await signOut.click();
    await phone.getByRole('heading', { name: 'Sign in to Guestlist' }).waitFor();
  });
});

describe('the bundle', () => {
  it('the invite page loads no console code, and stays under 60 kB of gzipped JavaScript', async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'guestlist-web-size-'));
    try {
      await build({ root: WEB, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
      const weights = measureBundle(outDir);
      expect(weights.invitePage.js).toBeLessThan(60_000);
      expect(weights.invitePage.files.some((file) => /Console|Invites/.test(file))).toBe(false);
      // The console's first page needs more than the invite page: the split really splits.
      expect(weights.console.js).toBeGreaterThan(weights.invitePage.js);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }

    // And in the browser: opening an invite requests none of the console's chunks.
    const [invite] = await app.admin.invites.create({ count: 1 });
    const page = await app.newPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(`/i/${invite!.code}`);
    await page.getByRole('heading', { name: "You're invited" }).waitFor();
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((script) => /Console|Invites|Settings/.test(script))).toEqual([]);
    const client = createGuestlistClient({ url: app.server.url, token: app.server.adminKey });
    expect((await client.invites.get(invite!.id)).status).toBe('pending');
  });
});

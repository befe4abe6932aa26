import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startWorker, type Worker } from '@guestlist/worker';
import { TestSmtpServer, waitFor } from '@guestlist/worker/testing';
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

/** Branding and languages in the browser (spec §11): the invite page, the console's settings. */
let app: BrowserApp;
let smtp: TestSmtpServer;
let worker: Worker;
let mailDir: string;

beforeAll(async () => {
  app = await startBrowserApp();
  mailDir = await mkdtemp(path.join(tmpdir(), 'guestlist-branding-mail-'));
  smtp = await TestSmtpServer.start();
  worker = await startWorker({
    guestlist: app.server.guestlist,
    logger: pino({ level: 'silent' }),
    mail: { smtpUrl: smtp.url, from: 'Acme <invites@acme.test>', mailDir },
    pollingIntervalSeconds: 0.5,
    sweepIntervalSeconds: 3600,
  });
});
afterEach(async () => {
  await app.admin.settings.update({
    productName: 'Guestlist',
    logoUrl: null,
    accentColor: '#0b5fff',
    permissionLabels: {},
    defaultLocale: 'en',
  });
  await app.closePages();
});
afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
  await app?.close();
  if (mailDir) await rm(mailDir, { recursive: true, force: true });
});

const EXPIRES = '2031-03-04T17:30:00.000Z';
const HEADINGS = {
  en: "You're invited",
  de: 'Sie sind eingeladen',
  fr: 'Vous êtes invité',
  es: 'Tienes una invitación',
} as const;
const EXPIRES_LABEL = { en: 'Expires', de: 'Läuft ab', fr: 'Expire le', es: 'Caduca' } as const;
type Lang = keyof typeof HEADINGS;

/** The expiry as the locale writes it; English day first, as the pages write it. */
const expected = (locale: Lang) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(EXPIRES));

async function invitePage(
  locale: Lang | null,
  browserLocale: string,
  options: { permissions?: string[]; phone?: boolean } = {},
): Promise<Page> {
  const [invite] = await app.admin.invites.create({
    expiresAt: EXPIRES,
    ...(locale ? { locale } : {}),
    ...(options.permissions ? { permissions: options.permissions } : {}),
  });
  const page = await app.newPage({
    locale: browserLocale,
    timezoneId: 'UTC',
    ...(options.phone ? PHONE : {}),
  });
  await page.goto(`/i/${invite!.code}`);
  return page;
}

async function expectLanguage(page: Page, locale: Lang) {
  await page.getByRole('heading', { level: 1, name: HEADINGS[locale] }).waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe(locale);
  await page.getByText(EXPIRES_LABEL[locale], { exact: true }).waitFor();
  expect(await page.locator('main time').textContent()).toBe(expected(locale));
}

describe('the invite page in four languages', () => {
  for (const locale of ['en', 'de', 'fr', 'es'] as const) {
    it(`speaks the invite's language (${locale}), whatever the browser's`, async () => {
      const page = await invitePage(locale, locale === 'en' ? 'de-DE' : 'en-US');
      await expectLanguage(page, locale);
      if (locale === 'de') {
        await page.getByRole('button', { name: 'Ich habe ein Konto' }).waitFor();
        await check(page, 'invite-de');
      }
    });
  }

  it("speaks the browser's language when the invite has none, else the default", async () => {
    await expectLanguage(await invitePage(null, 'fr-CA'), 'fr');
    await app.admin.settings.update({ defaultLocale: 'es' });
    await expectLanguage(await invitePage(null, 'nl-NL'), 'es');
  });
});

/** A 1×1 PNG, served for the logo's foreign origin. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const LOGO = 'https://cdn.acme.test/logo.png';
const HOSTILE_NAME = 'Acme <img src=x onerror=alert(1)><script>alert(2)</script>';

async function serveLogo(page: Page) {
  await page.route('https://cdn.acme.test/**', (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: PNG }),
  );
}

describe('branding in the pages', () => {
  it('shows the name as text, the logo, the accent and the labels; CSP allows the logo', async () => {
    await app.admin.settings.update({
      productName: HOSTILE_NAME,
      logoUrl: LOGO,
      accentColor: '#aa3300',
      permissionLabels: { 'invite:read': 'See every invitation' },
    });
    const [invite] = await app.admin.invites.create({ permissions: ['invite:read'] });
    const page = await app.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await serveLogo(page);
    const response = await page.goto(`/i/${invite!.code}`);
    expect(response?.headers()['content-security-policy']).toMatch(
      /(^|;)img-src 'self' data: https:\/\/cdn\.acme\.test(;|$)/,
    );
    await page.getByText('You will be able to: See every invitation.').waitFor();
    await page.getByText(`invited you to join ${HOSTILE_NAME}.`).waitFor();
    // The hostile name is text: the only image is the logo, and no script was added.
    const logo = page.getByRole('img', { name: HOSTILE_NAME });
    await logo.waitFor();
    expect(await page.locator('#root img').count()).toBe(1);
    expect(await page.locator('#root script').count()).toBe(0);
    // Loaded, not blocked: the policy names its origin.
    await expect.poll(() => logo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
    const accent = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(),
    );
    expect(accent).toBe('#aa3300');
    expect(await page.title()).toBe(`You're invited · ${HOSTILE_NAME}`);

    const console = await app.consoleAs(app.server.adminKey);
    const brand = console.getByRole('banner').getByRole('link', { name: HOSTILE_NAME });
    await brand.waitFor();
    expect(await brand.locator('img').getAttribute('src')).toBe(LOGO);
    expect(dialogs).toEqual([]);
  });

  it('darkens an accent too light to read, and keeps one that is readable', async () => {
    await app.admin.settings.update({ accentColor: '#ffcc00' });
    const page = await invitePage(null, 'en-GB');
    await page.getByRole('button', { name: 'Create my account' }).waitFor();
    const accent = () =>
      page.evaluate(() =>
        getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(),
      );
    // The same hue at 5:1 against white: white text on it, and it as text, stay readable.
    expect(await accent()).toBe('#7f6700');
    await check(page, 'invite-light-accent');
  });

  it('refuses a javascript: logo and an accent with CSS in it, and says why', async () => {
    const page = await app.consoleAs(app.server.adminKey);
    await page.goto('/console/settings');
    const form = page.locator('form.branding-form');
    await form.getByLabel('Logo URL').fill('javascript:alert(1)');
    await form.getByRole('button', { name: 'Save branding' }).click();
    await form
      .getByRole('alert')
      .getByText(/logoUrl: must be an https URL/)
      .waitFor();
    expect((await app.admin.settings.get()).logoUrl).toBeNull();

    await form.getByLabel('Logo URL').fill('');
    await form.getByLabel('Accent colour', { exact: true }).fill('#fff; background: url(x)');
    await form.getByRole('button', { name: 'Save branding' }).click();
    await form
      .getByRole('alert')
      .getByText(/accentColor/)
      .waitFor();
    expect((await app.admin.settings.get()).accentColor).toBe('#0b5fff');
    await check(page, 'settings-branding-refused');
  });

  it('saves the branding from the form', async () => {
    const page = await app.consoleAs(app.server.adminKey);
    await page.goto('/console/settings');
    const form = page.locator('form.branding-form');
    await form.getByLabel('Product name').fill('Acme Club');
    await form.getByLabel('Accent colour picker').fill('#116633');
    expect(await form.getByLabel('Accent colour', { exact: true }).inputValue()).toBe('#116633');
    await form.getByRole('button', { name: 'Add a label' }).click();
    await form.getByLabel('Permission 1', { exact: true }).selectOption('invite:write');
    expect(await form.getByLabel('Permission 1', { exact: true }).inputValue()).toBe(
      'invite:write',
    );
    await form.getByLabel('Words for permission 1').fill('Invite people');
    await form.getByLabel('Default language').selectOption('de');
    await form.getByRole('button', { name: 'Save branding' }).click();
    await page.getByText('Branding saved.', { exact: false }).waitFor();
    const saved = await app.admin.settings.get();
    expect(saved).toMatchObject({
      productName: 'Acme Club',
      accentColor: '#116633',
      permissionLabels: { 'invite:write': 'Invite people' },
      defaultLocale: 'de',
    });
  });
});

describe('email templates in the console', () => {
  async function openTemplate(page: Page, kind: string, locale: string) {
    await page.goto('/console/settings');
    await page.getByLabel('Email', { exact: true }).selectOption(kind);
    await page.getByLabel('Language', { exact: true }).selectOption(locale);
    await page.getByRole('form', { name: `The ${kind} template in ${locale}` }).waitFor();
  }

  it('edits the German invite with a live preview, and sends exactly what it showed', async () => {
    await app.admin.settings.update({
      productName: 'Acme Club',
      permissionLabels: { 'invite:read': 'Alle Einladungen sehen' },
    });
    const page = await app.consoleAs(app.server.adminKey);
    await openTemplate(page, 'invite', 'de');
    await page.getByLabel('Subject').fill('{{ product.name }}: Ihre Einladung');
    await page
      .getByLabel('Text body')
      .fill("Willkommen bei {{ product.name }}.\nSie dürfen: {{ grants | join: ', ' }}.\n");
    await page
      .getByLabel('HTML body')
      .fill('<p>Willkommen bei {{ product.name }}: {{ grants | join: ", " }}</p>');
    const subject = page.getByTestId('preview-subject');
    await expect.poll(() => subject.textContent()).toBe('Acme Club: Ihre Einladung');
    await expect
      .poll(() => page.getByTestId('preview-text').textContent())
      .toContain('Sie dürfen: Alle Einladungen sehen.');
    await page.getByRole('button', { name: 'Show the HTML email' }).click();
    const frame = page.frameLocator('iframe[title="The HTML email"]');
    await frame.getByText('Willkommen bei Acme Club: Alle Einladungen sehen').waitFor();
    expect(await page.locator('iframe[title="The HTML email"]').getAttribute('sandbox')).toBe('');
    const preview = {
      subject: await subject.textContent(),
      text: await page.getByTestId('preview-text').textContent(),
      html: await page.locator('iframe[title="The HTML email"]').getAttribute('srcdoc'),
    };
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('The invite template in de is saved.').waitFor();
    // The saved template's form starts with the HTML folded: axe-core cannot run inside a
    // frame that may run no script, and the page is checked without it.
    await page.getByRole('button', { name: 'Show the HTML email' }).waitFor();
    await check(page, 'settings-template-de');
    expect((await app.admin.templates.get('invite', 'de')).builtIn).toBe(false);

    await app.admin.invites.create({
      email: 'lena@example.com',
      locale: 'de',
      permissions: ['invite:read'],
    });
    const email = await waitFor(
      () => smtp.received.find((m) => m.to.includes('lena@example.com')),
      {
        timeoutMs: 15_000,
      },
    );
    expect(email.subject).toBe(preview.subject);
    expect(email.text.trim()).toBe(preview.text?.trim());
    // The same body in the same frame; only the address in its footer differs from the sample.
    const body = (html: string) => /<p>Willkommen bei[^<]*<\/p>/.exec(html)?.[0];
    expect(body(email.html)).toBe('<p>Willkommen bei Acme Club: Alle Einladungen sehen</p>');
    expect(body(email.html)).toBe(body(preview.html ?? ''));
  });

  it('shows where a template does not parse, and saves nothing', async () => {
    const page = await app.consoleAs(app.server.adminKey);
    await openTemplate(page, 'password-reset', 'fr');
    await page.getByLabel('Text body').fill('Bonjour\nvoici {% if %}\n');
    await page
      .getByRole('alert')
      .getByText(/The text template does not parse \(line 2, column \d+\)/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Save template' }).click();
    await page
      .locator('form')
      .getByRole('alert')
      .getByText(/line 2, column \d+/)
      .waitFor();
    expect((await app.admin.templates.get('password-reset', 'fr')).builtIn).toBe(true);
    await check(page, 'settings-template-invalid');
  });

  it('returns to the built-in template only once confirmed: Keep does nothing', async () => {
    await app.admin.templates.put('verify-email', 'es', {
      subject: 'Verifica {{ product.name }}',
      text: 'Hola {{ link }}\n',
      html: '<p>Hola</p>',
    });
    const page = await app.consoleAs(app.server.adminKey);
    await openTemplate(page, 'verify-email', 'es');
    await page.getByRole('button', { name: 'Return to the built-in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Return to the built-in template?' });
    await dialog.getByRole('button', { name: 'Keep' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await app.admin.templates.get('verify-email', 'es')).builtIn).toBe(false);

    await page.getByRole('button', { name: 'Return to the built-in' }).click();
    await dialog.getByRole('button', { name: 'Return to the built-in' }).click();
    await page.getByText('The verify-email template in es is the built-in one again.').waitFor();
    expect((await app.admin.templates.get('verify-email', 'es')).builtIn).toBe(true);
    expect(await page.getByLabel('Subject').inputValue()).not.toBe('Verifica {{ product.name }}');
  });
});

describe('on a phone', () => {
  it('shows the settings page and the German invite without sideways scrolling', async () => {
    const settings = await app.consoleAs(app.server.adminKey, PHONE);
    await settings.goto('/console/settings');
    await settings.getByRole('form', { name: 'The invite template in en' }).waitFor();
    await settings.getByTestId('preview-subject').waitFor();
    await expectNoHorizontalScroll(settings, 'settings on a phone');
    await check(settings, 'settings-phone');

    const invite = await invitePage('de', 'de-DE', { phone: true, permissions: ['invite:read'] });
    await expectLanguage(invite, 'de');
    await expectNoHorizontalScroll(invite, 'German invite on a phone');
    await check(invite, 'invite-de-phone');
  });
});

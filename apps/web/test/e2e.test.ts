import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGuestlistClient, type GuestlistClient } from '@guestlist/sdk';
import { startTestServer, type TestServer } from '@guestlist/server/testing';
import { startWorker, type Worker } from '@guestlist/worker';
import { TestSmtpServer, waitFor } from '@guestlist/worker/testing';
import pino from 'pino';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * The browser app end to end: its production build served by the real server, a real worker
 * sending to a real SMTP server, and Debian's Chromium driven by playwright-core. Screenshots
 * of each page go to `apps/web/test-results/` (not committed).
 */
const WEB = path.resolve(import.meta.dirname, '..');
const SHOTS = path.join(WEB, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let outDir: string;
let server: TestServer;
let smtp: TestSmtpServer;
let worker: Worker;
let browser: Browser;
let admin: GuestlistClient;
const pages: Page[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  outDir = await mkdtemp(path.join(tmpdir(), 'guestlist-web-'));
  await build({ root: WEB, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  server = await startTestServer(inject('databaseServerUrl'), { server: { webRoot: outDir } });
  smtp = await TestSmtpServer.start();
  worker = await startWorker({
    guestlist: server.guestlist,
    logger: pino({ level: 'silent' }),
    mail: { smtpUrl: smtp.url, from: 'Guestlist <invites@guestlist.test>', mailDir: outDir },
    pollingIntervalSeconds: 0.5,
    sweepIntervalSeconds: 3600,
  });
  admin = createGuestlistClient({ url: server.url, token: server.adminKey });
  await admin.settings.update({ registration: 'open' });
  await mkdir(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // A LAN host name for the server (R24): not localhost, which browsers treat as secure.
      '--host-resolver-rules=MAP guestlist.lan 127.0.0.1',
    ],
  });
});

afterEach(async () => {
  for (const page of pages.splice(0)) await page.context().close();
  expect(browserErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await smtp?.stop();
  await server?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** Errors the app threw or logged in the browser: each test ends with none. */
const browserErrors: string[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  page.on('pageerror', (error) => browserErrors.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    // A refused request (404, 410) is logged by the browser itself; the app logs nothing.
    if (message.type() === 'error' && !message.text().includes('Failed to load resource'))
      browserErrors.push(`${page.url()}: ${message.text()}`);
  });
  pages.push(page);
  return page;
}

/** Links carry `PUBLIC_URL` (`http://guestlist.test` in tests): open them on this server. */
const local = (link: string) => link.replace('http://guestlist.test', server.url);

describe('the invite page and the console in Chromium', () => {
  it('an admin emails an invite from the console; the link signs the person up and in', async () => {
    const page = await newPage();
    await page.goto('/');
    await page.getByLabel('API key', { exact: true }).fill(server.adminKey);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await expect.poll(() => page.getByText('Signed in with an API key').count()).toBe(1);
    await page.getByLabel(/Or email addresses/).fill('ada@example.com');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByText('Created 1 invite.').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'console-created.png'), fullPage: true });

    const email = await waitFor(() => smtp.received.find((m) => m.to.includes('ada@example.com')), {
      what: 'the invite email',
    });
    const link = email.text.match(/http:\/\/guestlist\.test\/i\/\S+/)?.[0];
    expect(link).toBeTruthy();

    const invitee = await newPage();
    const response = await invitee.goto(local(link!));
    expect(response?.status()).toBe(200);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    await invitee.getByRole('heading', { name: "You're invited" }).waitFor();
    await invitee.getByText(/invited you to join Guestlist/).waitFor();
    const address = invitee.getByLabel('Email');
    expect(await address.inputValue()).toBe('ada@example.com');
    expect(await address.getAttribute('readonly')).not.toBeNull();
    await invitee.screenshot({ path: path.join(SHOTS, 'invite-page.png'), fullPage: true });
    // Opening the page (as a mail scanner would) consumed nothing.
    const code = link!.split('/i/')[1]!;
    expect((await admin.invites.get(code)).status).toBe('pending');

    await invitee.getByLabel('Username').fill('ada');
    await invitee.getByLabel('Password').fill('correct horse battery');
    await invitee.getByRole('button', { name: 'Create my account' }).click();
    await invitee.getByRole('heading', { name: 'Welcome, ada' }).waitFor();
    await invitee.getByText('you are signed in as ada').waitFor();
    await invitee.screenshot({ path: path.join(SHOTS, 'signed-up.png'), fullPage: true });
    expect((await admin.invites.get(code)).status).toBe('accepted');
    await invitee.getByRole('link', { name: 'Open Guestlist' }).click();
    await invitee.getByText('Signed in as ada').waitFor();

    // The console finds the invite by filter, with its trail.
    await page.getByLabel('Status').selectOption('accepted');
    await page.getByRole('cell', { name: 'ada@example.com' }).waitFor();
    await page.getByRole('button', { name: code }).click();
    await page.getByText(/invite\.accepted by user/).waitFor();
    await page.getByText(/ada at /).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'console-details.png'), fullPage: true });
  });

  it('a namespace invite is accepted by the user it names, after signing in', async () => {
    const owner = await admin.auth.register({
      email: 'linus@example.com',
      username: 'linus',
      password: 'correct horse battery',
    });
    await admin.auth.register({
      email: 'grace@example.com',
      username: 'grace',
      password: 'grace hopper compiles',
    });
    const asOwner = createGuestlistClient({ url: server.url, token: owner.token });
    await asOwner.namespaces.create({ name: 'kernel' });
    const invite = await asOwner.namespaces.invite('linus/kernel', { handle: 'grace' });
    expect(invite.url).toBeTruthy();

    const page = await newPage();
    await page.goto(local(invite.url!));
    await page.getByText(/linus invited you to join linus\/kernel/).waitFor();
    await page.getByText('the member role').waitFor();
    // Addressed to an account: only signing in is offered.
    expect(await page.getByRole('button', { name: 'Create an account' }).count()).toBe(0);
    await page.getByLabel('Username or email').fill('grace');
    await page.getByLabel('Password').fill('grace hopper compiles');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as grace').waitFor();
    await page.getByRole('button', { name: 'Accept the invite' }).click();
    await page.getByRole('heading', { name: 'Invite accepted' }).waitFor();
    await page.getByText('You are now a member of linus/kernel.').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'namespace-accepted.png'), fullPage: true });
    const collaborators = await asOwner.namespaces.collaborators('linus/kernel');
    expect(collaborators.map((c) => [c.user.username, c.role])).toContainEqual(['grace', 'member']);

    // The owner's console shows the namespace with its new collaborator and the used invite.
    const ownerPage = await newPage();
    await ownerPage.goto('/');
    await ownerPage.getByLabel('Username or email').fill('linus');
    await ownerPage.getByLabel('Password').fill('correct horse battery');
    await ownerPage.getByRole('button', { name: 'Sign in' }).click();
    await ownerPage.getByRole('link', { name: 'Namespaces' }).click();
    await ownerPage.getByRole('link', { name: 'linus/kernel' }).click();
    const grace = ownerPage.getByRole('row', { name: /grace/ });
    await expect.poll(() => grace.getByRole('cell').first().textContent()).toBe('member');
    await ownerPage.getByLabel('Status').selectOption('accepted');
    await ownerPage.getByRole('cell', { name: 'accepted' }).waitFor();
    await ownerPage.screenshot({ path: path.join(SHOTS, 'console-namespace.png'), fullPage: true });
  });

  it('an expired link, a canceled one and an unknown one each say so', async () => {
    const [expiring, canceled] = await admin.invites.create({ count: 2, expiresIn: '1s' });
    await admin.invites.cancel(canceled!.id);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const page = await newPage();
    const cases: [string, number, string][] = [
      [expiring!.code!, 410, 'This invite has expired'],
      [canceled!.code!, 410, 'This invite was canceled'],
      ['no-such-code', 404, 'Invite not found'],
    ];
    for (const [code, status, title] of cases) {
      const response = await page.goto(`/i/${code}`);
      expect(response?.status(), code).toBe(status);
      await page.getByRole('heading', { name: title }).waitFor();
      // The app took over from the server's first paint (only its heading takes focus).
      await page.locator('h1[tabindex="-1"]').waitFor();
      expect(await page.getByRole('button', { name: 'Create my account' }).count()).toBe(0);
    }
    await page.goto(`/i/${expiring!.code}`);
    await page.screenshot({ path: path.join(SHOTS, 'expired.png'), fullPage: true });
  });

  it('signing out of the console ends the session on the server too', async () => {
    await admin.auth.register({
      email: 'margaret@example.com',
      username: 'margaret',
      password: 'apollo guidance computer',
    });
    const page = await newPage();
    await page.goto('/');
    await page.getByLabel('Username or email').fill('margaret');
    await page.getByLabel('Password').fill('apollo guidance computer');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as margaret').waitFor();
    const token = await page.evaluate(() => localStorage.getItem('guestlist.token'));
    expect(token).toMatch(/^gls_/);
    const me = async () =>
      (await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }))
        .status;
    expect(await me()).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Guestlist' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('guestlist.token'))).toBeNull();
    // A copy of the token (another tab, a leaked log) no longer works.
    expect(await me()).toBe(401);
  });

  it('the console renders over plain http from a LAN host name (R24)', async () => {
    const lan = server.url.replace('127.0.0.1', 'guestlist.lan');
    const page = await newPage();
    const response = await page.goto(`${lan}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['strict-transport-security']).toBeUndefined();
    await page.getByRole('heading', { name: 'Sign in to Guestlist' }).waitFor({ timeout: 5_000 });
    await page.getByLabel('API key', { exact: true }).fill(server.adminKey);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page.getByText('Signed in with an API key').waitFor();
    expect(page.url()).toBe(`${lan}/console/invites`);
    await page.screenshot({ path: path.join(SHOTS, 'console-lan.png'), fullPage: true });
  });
});

/** The last email to `to` whose text has a link to `page`, and that link, opened on this server. */
async function linkTo(to: string, page: string, after = 0): Promise<string> {
  const pattern = new RegExp(`http://guestlist\\.test/${page}\\?token=[A-Za-z0-9]+`);
  const email = await waitFor(
    () =>
      smtp.received
        .slice(after)
        .filter((m) => m.to.includes(to) && pattern.test(m.text))
        .at(-1),
    { what: `the ${page} email to ${to}` },
  );
  return local(email.text.match(pattern)![0]);
}

describe('invitations to people who already have an account', () => {
  it('the dead end of issue 17: verify from the invite page, come back, accept', async () => {
    // Open registration: the address is not proven.
    const person = await admin.auth.register({
      email: 'hedy@example.com',
      username: 'hedy',
      password: 'frequency hopping',
    });
    expect(person.user.emailVerified).toBe(false);
    const owner = await admin.auth.register({
      email: 'claude@example.com',
      username: 'claude',
      password: 'information theory',
    });
    const asOwner = createGuestlistClient({ url: server.url, token: owner.token });
    await asOwner.namespaces.create({ name: 'signals' });
    const invite = await asOwner.namespaces.invite('claude/signals', {
      handle: 'hedy@example.com',
    });
    // An unproven address names nobody: the invite is bound to the address and emailed to it.
    expect([invite.email, invite.inviteeId]).toEqual(['hedy@example.com', null]);
    const email = await waitFor(
      () => smtp.received.find((m) => m.to.includes('hedy@example.com') && /\/i\//.test(m.text)),
      { what: 'the invite email' },
    );
    const link = local(email.text.match(/http:\/\/guestlist\.test\/i\/\S+/)![0]);

    const page = await newPage();
    await page.goto(link);
    await page.getByText(/claude invited you to join claude\/signals/).waitFor();
    await page.getByRole('button', { name: 'I have an account' }).click();
    await page.getByLabel('Username or email').fill('hedy');
    await page.getByLabel('Password').fill('frequency hopping');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as hedy').waitFor();
    // Not a dead end: one button asks for the link.
    const sent = smtp.received.length;
    await page.getByRole('button', { name: 'Send me a verification email' }).click();
    await page.getByText(/Check your inbox/).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'verify-prompt.png'), fullPage: true });

    // The link from the email verifies the address and brings the person back to the invite.
    await page.goto(await linkTo('hedy@example.com', 'verify-email', sent));
    await page.waitForURL((url) => url.pathname === new URL(link).pathname);
    await page.getByRole('button', { name: 'Accept the invite' }).click();
    await page.getByRole('heading', { name: 'Invite accepted' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'verified-accepted.png'), fullPage: true });

    const collaborators = await asOwner.namespaces.collaborators('claude/signals');
    expect(collaborators.map((c) => [c.user.username, c.role])).toContainEqual(['hedy', 'member']);
    expect((await admin.users.get(person.user.id)).emailVerified).toBe(true);
    // Proving the address ended every other session (spec §8): the one from registration too.
    const before = createGuestlistClient({ url: server.url, token: person.token });
    await expect(before.me()).rejects.toMatchObject({ status: 401 });
  });

  it('a forgotten password is reset from the sign-in form, and the link signs the person in', async () => {
    await admin.auth.register({
      email: 'barbara@example.com',
      username: 'barbara',
      password: 'liskov substitution',
    });
    const page = await newPage();
    await page.goto('/');
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill('barbara@example.com');
    const sent = smtp.received.length;
    await page.getByRole('button', { name: 'Email me a reset link' }).click();
    await page.getByText(/Check your inbox/).waitFor();

    const reset = await linkTo('barbara@example.com', 'reset-password', sent);
    await page.goto(reset);
    // The token leaves the address bar as soon as the page has read it.
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.getByLabel('New password', { exact: true }).fill('clu and argus');
    await page.getByLabel('The same again').fill('clu and argus');
    await page.getByRole('button', { name: 'Set my password' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByText('Signed in as barbara').waitFor();
    await admin.auth.login({ handle: 'barbara', password: 'clu and argus' });
    // The link works once.
    await page.goto(reset);
    await page.getByLabel('New password', { exact: true }).fill('another password');
    await page.getByLabel('The same again').fill('another password');
    await page.getByRole('button', { name: 'Set my password' }).click();
    await page.getByRole('alert').waitFor();
  });
});

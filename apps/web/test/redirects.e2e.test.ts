import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGuestlistClient, type GuestlistClient, type Invite } from '@guestlist/sdk';
import { startTestServer, type TestServer } from '@guestlist/server/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';

/**
 * Spec §9 Redirects in Chromium: the invite page's production build, served by the real
 * server, sends the person to the application's own page when they are done. The applications
 * are two real HTTP servers on loopback (two origins), which record what reached them.
 */
const WEB = path.resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'correct horse battery';

/** An application the invite page may send people back to. */
interface Target {
  origin: string;
  hits: { url: string; headers: IncomingHttpHeaders }[];
  server: Server;
}

async function startTarget(): Promise<Target> {
  const hits: Target['hits'] = [];
  const server = createServer((request, response) => {
    hits.push({ url: request.url ?? '', headers: request.headers });
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Back in the app</title><h1>Back in the app</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, hits, server };
}

let outDir: string;
let server: TestServer;
let browser: Browser;
let admin: GuestlistClient;
let app: Target;
let other: Target;
const pages: Page[] = [];
const browserErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  outDir = await mkdtemp(path.join(tmpdir(), 'guestlist-web-redirect-'));
  await build({ root: WEB, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  server = await startTestServer(inject('databaseServerUrl'), { server: { webRoot: outDir } });
  admin = createGuestlistClient({ url: server.url, token: server.adminKey });
  await admin.settings.update({ registration: 'open' });
  [app, other] = await Promise.all([startTarget(), startTarget()]);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});
beforeEach(async () => {
  await admin.settings.update({
    allowedRedirectOrigins: [app.origin, other.origin],
    defaultRedirectUrl: null,
  });
});
afterEach(async () => {
  for (const page of pages.splice(0)) await page.context().close();
  expect(browserErrors.splice(0)).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  for (const target of [app, other]) target?.server.close();
  await server?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

let serial = 0;
/** A new account, and a browser page signed in as it (or signed out, `token: null`). */
async function person(signedIn = true) {
  serial += 1;
  const username = `redirect${serial}`;
  const { token, user } = await admin.auth.register({
    email: `${username}@example.com`,
    username,
    password: PASSWORD,
  });
  const context = await browser.newContext({ baseURL: server.url });
  if (signedIn) {
    // Signed in as the app signs in: its token in this origin's storage, nowhere else.
    await context.addInitScript(
      ([session, origin]) => {
        if (location.origin === origin) localStorage.setItem('guestlist.token', session!);
      },
      [token, server.url],
    );
  }
  const page = await context.newPage();
  page.on('pageerror', (error) => browserErrors.push(`${page.url()}: ${error.message}`));
  pages.push(page);
  return { page, user, token, username };
}

/** Waits until the page has left for `target`, and checks what arrived there. */
async function landsOn(page: Page, target: Target, path: string, invite: Invite, status: string) {
  await page.waitForURL((url) => url.origin === target.origin, { timeout: 10_000 });
  await page.getByRole('heading', { name: 'Back in the app' }).waitFor();
  const url = new URL(page.url());
  expect(url.pathname).toBe(path);
  expect(url.searchParams.get('invite')).toBe(invite.id);
  expect(url.searchParams.get('status')).toBe(status);
  const hit = target.hits.findLast((h) => h.url === `${url.pathname}${url.search}`);
  expect(hit, JSON.stringify(target.hits)).toBeDefined();
  // Never the code: not in the address, not in what the application received.
  expect(page.url()).not.toContain(invite.code!);
  expect(JSON.stringify(target.hits)).not.toContain(invite.code!);
  expect(hit!.headers.referer).toBeUndefined();
}

describe('redirects after the invite page (§9)', () => {
  it('accepting sends a signed-in person to the invite’s URL, with its id and the outcome', async () => {
    const [invite] = await admin.invites.create({
      redirectUrl: `${app.origin}/welcome?invite=forged&status=forged&from=guestlist`,
      permissions: ['doc:read'],
    });
    const { page, username } = await person();
    await page.goto(`/i/${invite!.code}`);
    await page.getByText(`Signed in as ${username}`).waitFor();
    await page.getByRole('button', { name: 'Accept the invite' }).click();
    await landsOn(page, app, '/welcome', invite!, 'accepted');
    expect(new URL(page.url()).searchParams.get('from')).toBe('guestlist');
    expect(new URL(page.url()).searchParams.getAll('invite')).toEqual([invite!.id]);
    expect((await admin.invites.get(invite!.id)).status).toBe('accepted');
  });

  it('registering with the code counts as accepted', async () => {
    const [invite] = await admin.invites.create({ redirectUrl: `${other.origin}/signed-up` });
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    page.on('pageerror', (error) => browserErrors.push(`${page.url()}: ${error.message}`));
    pages.push(page);
    await page.goto(`/i/${invite!.code}`);
    await page.getByLabel('Email').fill('newcomer@example.com');
    await page.getByLabel('Username').fill('newcomer');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await landsOn(page, other, '/signed-up', invite!, 'accepted');
    expect((await admin.invites.get(invite!.id)).status).toBe('accepted');
  });

  it('declining sends the person on with status=declined', async () => {
    const owner = await admin.auth.register({
      email: 'redirect-owner@example.com',
      username: 'redirect-owner',
      password: PASSWORD,
    });
    const asOwner = createGuestlistClient({ url: server.url, token: owner.token });
    await asOwner.namespaces.create({ name: 'lab' });
    const { page, username } = await person();
    const created = await asOwner.namespaces.invite('redirect-owner/lab', { handle: username });
    const invite = await admin.invites.update(created.id, { redirectUrl: `${app.origin}/no` });
    await page.goto(`/i/${created.code}`);
    await page.getByRole('button', { name: 'Decline' }).click();
    await landsOn(page, app, '/no', { ...invite, code: created.code }, 'declined');
    expect((await admin.invites.get(created.id)).status).toBe('declined');
  });

  it('the default applies to an invite without a URL of its own', async () => {
    await admin.settings.update({ defaultRedirectUrl: `${other.origin}/home` });
    const [invite] = await admin.invites.create({});
    const { page } = await person();
    await page.goto(`/i/${invite!.code}`);
    await page.getByRole('button', { name: 'Accept the invite' }).click();
    await landsOn(page, other, '/home', invite!, 'accepted');
  });

  it('an origin removed after the invite was made is not followed', async () => {
    const [toDefault, toNowhere] = await admin.invites.create({
      count: 2,
      redirectUrl: `${app.origin}/welcome`,
    });
    await admin.settings.update({
      allowedRedirectOrigins: [other.origin],
      defaultRedirectUrl: `${other.origin}/fallback`,
    });
    const first = await person();
    await first.page.goto(`/i/${toDefault!.code}`);
    await first.page.getByRole('button', { name: 'Accept the invite' }).click();
    await landsOn(first.page, other, '/fallback', toDefault!, 'accepted');

    // Neither the invite's origin nor a default: the page stays, as it would without redirects.
    await admin.settings.update({
      allowedRedirectOrigins: [other.origin],
      defaultRedirectUrl: null,
    });
    const hits = app.hits.length;
    const second = await person();
    await second.page.goto(`/i/${toNowhere!.code}`);
    await second.page.getByRole('button', { name: 'Accept the invite' }).click();
    await second.page.getByRole('heading', { name: 'Invite accepted' }).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(new URL(second.page.url()).origin).toBe(server.url);
    expect(app.hits.length).toBe(hits);
    expect((await admin.invites.get(toNowhere!.id)).status).toBe('accepted');
  });
});

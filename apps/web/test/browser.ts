import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { createGuestlistClient, type GuestlistClient } from '@guestlist/sdk';
import { startTestServer, type TestServer } from '@guestlist/server/testing';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { expect, inject } from 'vitest';

/**
 * What every browser test file needs: the app's production build served by the real server,
 * Debian's Chromium driven by playwright-core, pages that fail the test on any error the app
 * throws or logs, and `check()`, which keeps a screenshot and runs axe-core on the page.
 * Screenshots go to `apps/web/test-results/` (kept by CI as artifacts, not committed).
 */
export const WEB = path.resolve(import.meta.dirname, '..');
export const SHOTS = path.join(WEB, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PASSWORD = 'correct horse battery';

export interface BrowserApp {
  server: TestServer;
  admin: GuestlistClient;
  browser: Browser;
  /** A fresh context and page; closed by `closePages()`. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** The console, signed in with `token` (an API key, or a session token). */
  consoleAs(token: string, options?: BrowserContextOptions): Promise<Page>;
  /** Closes this test's pages and asserts the app threw and logged nothing. */
  closePages(): Promise<void>;
  close(): Promise<void>;
}

export async function startBrowserApp(
  serverOptions: Parameters<typeof startTestServer>[1] = {},
): Promise<BrowserApp> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  const outDir = await mkdtemp(path.join(tmpdir(), 'guestlist-web-'));
  await build({ root: WEB, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await startTestServer(inject('databaseServerUrl'), {
    ...serverOptions,
    server: { ...serverOptions.server, webRoot: outDir },
  });
  const admin = createGuestlistClient({ url: server.url, token: server.adminKey });
  await mkdir(SHOTS, { recursive: true });
  const browser = await chromium.launch({
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
  const pages: Page[] = [];
  const errors: string[] = [];
  const newPage = async (options: BrowserContextOptions = {}) => {
    const context = await browser.newContext({ baseURL: server.url, ...options });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      // A refused request (404, 410) is logged by the browser itself; the app logs nothing.
      if (message.type() === 'error' && !message.text().includes('Failed to load resource'))
        errors.push(`${page.url()}: ${message.text()}`);
    });
    pages.push(page);
    return page;
  };
  return {
    server,
    admin,
    browser,
    newPage,
    async consoleAs(token, options) {
      const page = await newPage(options);
      await page.goto('/');
      await page.evaluate((value) => localStorage.setItem('guestlist.token', value), token);
      await page.goto('/console');
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      return page;
    },
    async closePages() {
      for (const page of pages.splice(0)) await page.context().close();
      expect(errors.splice(0)).toEqual([]);
    },
    async close() {
      await browser.close();
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

/**
 * Keeps a full-page screenshot named `name`, and fails on any serious or critical accessibility
 * violation axe-core finds on the page as it is now (WCAG 2.1 A and AA rules).
 */
export async function check(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      help: violation.help,
      nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
  expect(serious, `accessibility of ${name}`).toEqual([]);
}

/** The page does not scroll sideways: nothing is wider than the viewport. */
export async function expectNoHorizontalScroll(page: Page, name: string): Promise<void> {
  const widths = await page.evaluate(() => ({
    document: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(widths.document, `${name} scrolls sideways`).toBeLessThanOrEqual(widths.viewport);
}

/** A phone: the smallest screen the console is built for. */
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

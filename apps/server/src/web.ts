import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { escapeHtml, type Guestlist, type PublicBranding } from '@guestlist/core';
import { type Locale, type MessageKey, negotiateLocale, translate } from '@guestlist/i18n';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allowLogo } from './page-csp.ts';

/** The browser app's production build (`apps/web`, `vite build`): its page and its assets. */
export interface WebApp {
  /** `index.html`, into which a page's initial content and data are placed. */
  readonly template: string;
  readonly root: string;
}

/** The build in `root`, or `null` when it has not been built (the API runs without it). */
export function loadWebApp(root: string): WebApp | null {
  const index = path.join(root, 'index.html');
  if (!existsSync(index)) return null;
  const template = readFileSync(index, 'utf8');
  if (!template.includes('<div id="root"></div>')) {
    throw new Error(`${index} has no <div id="root"></div> to render into`);
  }
  return { template, root };
}

/** JSON inside `<script type="application/json">`: `<` escaped, so no text can close the tag. */
const scriptJson = (data: unknown) => JSON.stringify(data).replace(/</g, '\\u003c');

export interface PageOptions {
  /** The page's title, already HTML; the product's name follows it. */
  title: string;
  /** The first paint, HTML: readable before the script runs, and without it. */
  content: string;
  /** What the invite page's script starts from. */
  data?: unknown;
  branding: PublicBranding;
  /** The page's language, for `<html lang>`. */
  lang: string;
}

/**
 * The app's page with its content in place, and the branding (spec §11) for the script: it
 * travels in the page, so a page opened by someone signed out (an invite, an account link)
 * shows the product's name, logo and colour without asking the API first.
 */
export function renderPage(web: WebApp, page: PageOptions): string {
  const withData =
    page.data === undefined
      ? ''
      : `<script type="application/json" id="invite-data">${scriptJson(page.data)}</script>`;
  const branding = `<script type="application/json" id="branding">${scriptJson(page.branding)}</script>`;
  const product = escapeHtml(page.branding.productName);
  // Replacer functions, not replacement strings: in those, `$&`, `$'` and `` $` `` in a
  // user's text (an inviter's name, a group's) would splice parts of the page into it.
  return web.template
    .replace(/<html[^>]*>/, () => `<html lang="${escapeHtml(page.lang)}">`)
    .replace(/<title>[^<]*<\/title>/, () => `<title>${page.title} · ${product}</title>`)
    .replace(
      '<div id="root"></div>',
      () => `<div id="root">${page.content}</div>${branding}${withData}`,
    );
}

/** Sends a page of the app, its policy letting the logo load. */
export function sendPage(reply: FastifyReply, html: string, branding: PublicBranding) {
  allowLogo(reply, branding.logoUrl);
  return reply.type('text/html; charset=utf-8').send(html);
}

/** The language a page opens in before its script runs: the browser's, else the default. */
export const pageLocale = (request: FastifyRequest, branding: PublicBranding) =>
  negotiateLocale(request.headers['accept-language'], branding.defaultLocale);

/** The console at `/` and the hashed assets (cached for a year: their names change with them). */
export async function registerWebApp(
  app: FastifyInstance,
  guestlist: Guestlist,
  web: WebApp,
): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.join(web.root, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    immutable: true,
    maxAge: '365d',
  });
  // Rendered per request: the branding in it changes when an operator saves the settings.
  // The console speaks English; the account pages speak the browser's language.
  const serve =
    (title: MessageKey | 'Console', cache: string) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const branding = await guestlist.settings.branding();
      const lang: Locale = title === 'Console' ? 'en' : pageLocale(request, branding);
      const html = renderPage(web, {
        title: title === 'Console' ? title : escapeHtml(translate(lang, title)),
        content: '<noscript>This page needs JavaScript.</noscript>',
        branding,
        lang,
      });
      return sendPage(reply.header('Cache-Control', cache), html, branding);
    };
  // The console's pages are routed in the browser: every path under /console is the same page.
  for (const url of ['/', '/console', '/console/*']) app.get(url, serve('Console', 'no-cache'));
  // The pages the account emails link to (spec §8). Their token is in the query: no cache keeps
  // it, and no referrer carries it on (the app's headers already say `no-referrer`).
  app.get('/verify-email', serve('page.verifyEmail.verifying', 'no-store'));
  app.get('/reset-password', serve('page.resetPassword.title', 'no-store'));
}

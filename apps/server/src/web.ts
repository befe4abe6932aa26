import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

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

/**
 * The app's page with `content` already in place (readable before the script runs, and
 * without it) and `data` for the script to start from.
 */
export function renderPage(web: WebApp, title: string, content: string, data?: unknown): string {
  const withData =
    data === undefined
      ? ''
      : `<script type="application/json" id="invite-data">${scriptJson(data)}</script>`;
  // Replacer functions, not replacement strings: in those, `$&`, `$'` and `` $` `` in a
  // user's text (an inviter's name, a group's) would splice parts of the page into it.
  return web.template
    .replace(/<title>[^<]*<\/title>/, () => `<title>${title} · Guestlist</title>`)
    .replace('<div id="root"></div>', () => `<div id="root">${content}</div>${withData}`);
}

/** The console at `/` and the hashed assets (cached for a year: their names change with them). */
export async function registerWebApp(app: FastifyInstance, web: WebApp): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.join(web.root, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    immutable: true,
    maxAge: '365d',
  });
  const console = renderPage(web, 'Console', '<noscript>The console needs JavaScript.</noscript>');
  // The console's pages are routed in the browser: every path under /console is the same page.
  for (const url of ['/', '/console', '/console/*']) {
    app.get(url, (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(console),
    );
  }
  // The pages the account emails link to (spec §8). Their token is in the query: no cache keeps
  // it, and no referrer carries it on (the app's headers already say `no-referrer`).
  for (const [url, title] of [
    ['/verify-email', 'Verify your email address'],
    ['/reset-password', 'Choose a new password'],
  ] as const) {
    const page = renderPage(web, title, `<noscript>This page needs JavaScript.</noscript>`);
    app.get(url, (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(page),
    );
  }
}

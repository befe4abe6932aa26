import { statusOf } from '@guestlist/api';
import { type Guestlist, type InvitePreview, isDomainError } from '@guestlist/core';
import type { FastifyInstance } from 'fastify';
import { renderPage, type WebApp } from './web.ts';

/** What the app's invite page starts from (`apps/web/src/invite/preview.ts`). */
type PageData =
  | { invite: Omit<InvitePreview, 'namespace'> & { namespace: { path: string } | null } }
  | { error: { code: string; status: number; title: string; text: string } };

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const MESSAGES: Record<string, [string, string]> = {
  INVITE_NOT_FOUND: [
    'Invite not found',
    'This link does not match any invite. Check that you copied all of it.',
  ],
  INVITE_EXPIRED: ['This invite has expired', 'Ask the person who invited you for a new one.'],
  INVITE_CANCELED: ['This invite was canceled', 'Ask the person who invited you for a new one.'],
  INVITE_DECLINED: ['This invite was declined', 'It can no longer be accepted.'],
  INVITE_USED: ['This invite has been used', 'Each invite works a limited number of times.'],
  INVITES_DISABLED: ['Invites are paused', 'This service is not accepting invites right now.'],
  RATE_LIMITED: ['Too many attempts', 'Wait a minute, then reload this page.'],
};

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Guestlist</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2328}h1{font-size:1.5rem}dt{font-weight:600}dd{margin:0 0 .5rem}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

/**
 * `/i/{code}`: what the invite is, before anyone acts on it. Rendering it only reads the
 * invite (spec R5): mail scanners follow links, and following one must not consume it.
 * With the browser app built, the same content is the app's first paint, and the invite (or
 * the refusal) travels in the page for the app to sign up, sign in, accept or decline with;
 * without it, the page is this content alone.
 */
export function registerInvitePage(
  app: FastifyInstance,
  guestlist: Guestlist,
  web: WebApp | null,
): void {
  const render = (title: string, body: string, data: PageData) =>
    web
      ? renderPage(
          web,
          escapeHtml(title),
          `<main class="invite"><h1>${escapeHtml(title)}</h1>${body}</main>`,
          data,
        )
      : page(title, body);
  app.get<{ Params: { code: string } }>('/i/:code', async (request, reply) => {
    reply
      .header('Referrer-Policy', 'no-referrer')
      .header('Cache-Control', 'no-store')
      .header('X-Robots-Tag', 'noindex')
      .type('text/html; charset=utf-8');
    try {
      // Reading the page tells whether a code exists: it counts against the same limit as validate.
      await guestlist.rateLimits.hit(request.ip, 'codes');
      const invite = await guestlist.invites.preview(request.params.code);
      const inviter = invite.inviter?.name ?? 'Someone';
      const target = invite.namespace
        ? `<strong>${escapeHtml(invite.namespace.path)}</strong>`
        : 'this service';
      const details = [
        invite.email ? `<dt>For</dt><dd>${escapeHtml(invite.email)}</dd>` : '',
        `<dt>Expires</dt><dd>${invite.expiresAt ? `<time datetime="${invite.expiresAt}">${escapeHtml(new Date(invite.expiresAt).toUTCString())}</time>` : 'Never'}</dd>`,
      ].join('');
      const { namespace, ...rest } = invite;
      return render(
        "You're invited",
        `<p>${escapeHtml(inviter)} invited you to join ${target}.</p><dl>${details}</dl>`,
        { invite: { ...rest, namespace: namespace ? { path: namespace.path } : null } },
      );
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const [title, text] = MESSAGES[error.code] ?? ['This invite cannot be used', error.message];
      const status = statusOf(error.code);
      reply.status(status);
      if (error.retryAfterSeconds) reply.header('Retry-After', String(error.retryAfterSeconds));
      return render(title, `<p>${escapeHtml(text)}</p>`, {
        error: { code: error.code, status, title, text },
      });
    }
  });
}

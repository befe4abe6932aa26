import { statusOf } from '@guestlist/api';
import {
  escapeHtml,
  type Guestlist,
  type InvitePreview,
  isDomainError,
  type PublicBranding,
} from '@guestlist/core';
import { formatDateTime, type Locale, type MessageKey, translate } from '@guestlist/i18n';
import type { FastifyInstance } from 'fastify';
import { pageLocale, renderPage, sendPage, type WebApp } from './web.ts';

/** What the app's invite page starts from (`apps/web/src/invite/preview.ts`). */
type PageData =
  | { invite: Omit<InvitePreview, 'namespace'> & { namespace: { path: string } | null } }
  | { error: { code: string; status: number; title: string; text: string } };

/** A refusal's title and text, by the code the invite was refused with. */
const REFUSALS: Record<string, [MessageKey, MessageKey]> = {
  INVITE_NOT_FOUND: ['page.refusal.notFound', 'page.refusal.notFoundText'],
  INVITE_EXPIRED: ['page.refusal.expired', 'page.refusal.expiredText'],
  INVITE_CANCELED: ['page.refusal.canceled', 'page.refusal.canceledText'],
  INVITE_DECLINED: ['page.refusal.declined', 'page.refusal.declinedText'],
  INVITE_USED: ['page.refusal.used', 'page.refusal.usedText'],
  INVITES_DISABLED: ['page.refusal.paused', 'page.refusal.pausedText'],
  RATE_LIMITED: ['page.refusal.rateLimited', 'page.refusal.rateLimitedText'],
};

function page(title: string, body: string, branding: PublicBranding, lang: Locale): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · ${escapeHtml(branding.productName)}</title>
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
 * without it, the page is this content alone. It speaks the invite's language, else the
 * browser's, else the default (spec §11), as the app then does.
 */
export function registerInvitePage(
  app: FastifyInstance,
  guestlist: Guestlist,
  web: WebApp | null,
): void {
  app.get<{ Params: { code: string } }>('/i/:code', async (request, reply) => {
    reply
      .header('Referrer-Policy', 'no-referrer')
      .header('Cache-Control', 'no-store')
      .header('X-Robots-Tag', 'noindex');
    const branding = await guestlist.settings.branding();
    const render = (lang: Locale, title: string, body: string, data: PageData) =>
      sendPage(
        reply,
        web
          ? renderPage(web, {
              title: escapeHtml(title),
              content: `<main class="invite"><h1>${escapeHtml(title)}</h1>${body}</main>`,
              data,
              branding,
              lang,
            })
          : page(title, body, branding, lang),
        branding,
      );
    const browserLocale = pageLocale(request, branding);
    try {
      // Reading the page tells whether a code exists: it counts against the same limit as validate.
      await guestlist.rateLimits.hit(request.ip, 'codes');
      const invite = await guestlist.invites.preview(request.params.code);
      const lang = invite.locale ?? browserLocale;
      const t = (key: MessageKey, values?: Record<string, string>) => translate(lang, key, values);
      const lead = t('page.invite.lead', {
        inviter: invite.inviter?.name ?? t('page.invite.someone'),
        target: invite.namespace?.path ?? branding.productName,
      });
      const expires = invite.expiresAt
        ? `<time datetime="${invite.expiresAt}">${escapeHtml(formatDateTime(lang, new Date(invite.expiresAt)))}</time>`
        : escapeHtml(t('page.invite.never'));
      const details = [
        invite.email
          ? `<dt>${escapeHtml(t('page.invite.forLabel'))}</dt><dd>${escapeHtml(invite.email)}</dd>`
          : '',
        `<dt>${escapeHtml(t('page.invite.expiresLabel'))}</dt><dd>${expires}</dd>`,
      ].join('');
      const { namespace, ...rest } = invite;
      return render(
        lang,
        t('page.invite.heading'),
        `<p>${escapeHtml(lead)}</p><dl>${details}</dl>`,
        { invite: { ...rest, namespace: namespace ? { path: namespace.path } : null } },
      );
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const keys = REFUSALS[error.code];
      const title = translate(browserLocale, keys?.[0] ?? 'page.refusal.other');
      const text = keys ? translate(browserLocale, keys[1]) : error.message;
      const status = statusOf(error.code);
      reply.status(status);
      if (error.retryAfterSeconds) reply.header('Retry-After', String(error.retryAfterSeconds));
      return render(browserLocale, title, `<p>${escapeHtml(text)}</p>`, {
        error: { code: error.code, status, title, text },
      });
    }
  });
}

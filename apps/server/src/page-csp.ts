import type { FastifyReply } from 'fastify';

/**
 * An origin as CSP may name it: https, a host of letters, digits, dots and hyphens (an
 * internationalized name is already punycode in a URL's origin), and a port. Anything else
 * (a `;` or a quote a URL's host may still hold) could end the directive and start another, so
 * such a logo is simply not allowed to load.
 */
const CSP_ORIGIN = /^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

/** The origin the logo loads from, when it is one a policy can safely name. */
export function logoOrigin(logoUrl: string | null): string | null {
  if (!logoUrl) return null;
  try {
    const origin = new URL(logoUrl).origin;
    return CSP_ORIGIN.test(origin) ? origin : null;
  } catch {
    return null;
  }
}

/**
 * A page's Content-Security-Policy with `img-src` allowing the logo's origin and no other
 * (spec §11): the security headers set every response's policy with `'self' data:` only, and a
 * page that shows the logo widens exactly that directive, for that response.
 */
export function allowLogo(reply: FastifyReply, logoUrl: string | null): void {
  const origin = logoOrigin(logoUrl);
  const policy = reply.getHeader('content-security-policy');
  if (!origin || typeof policy !== 'string') return;
  const widened = policy.replace(
    /(^|;)img-src ([^;]*)/,
    (_all, start: string, sources: string) => `${start}img-src ${sources} ${origin}`,
  );
  reply.header('Content-Security-Policy', widened);
}

import { DomainError } from './errors.ts';
import { REDIRECT_URL_MAX_LENGTH } from './limits.ts';
import type { RedirectOutcome } from './vocabulary.ts';

/**
 * Where the invite page may send a person when they are done (§9 Redirects). A redirect is an
 * open door in someone else's name: whoever receives the link trusts the page, so only http(s)
 * URLs on origins the operator listed pass, checked when set and again each time one is used.
 */

/** What a redirect URL is, or null: absolute http(s), no credentials, within the bound. */
function parseWebUrl(raw: string): URL | null {
  // The URL parser drops tabs and newlines and trims spaces silently: what was meant is unclear.
  if (raw.length > REDIRECT_URL_MAX_LENGTH || /[\s\\]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null;
  return url;
}

function invalid(path: string, message: string): DomainError {
  return new DomainError('INVALID_REDIRECT_URL', message, [{ path, message }]);
}

/**
 * The origin a setting names, as stored (`https://app.example`, lower-cased host, default port
 * dropped): a bare origin only, so that an entry can never widen into a path or a pattern.
 */
export function normalizeRedirectOrigin(raw: string, path: string): string {
  const url = /^https?:\/\/[^/?#@]+\/?$/i.test(raw) ? parseWebUrl(raw) : null;
  // A host name, an IPv4 or a bracketed IPv6 address: no `*`, which reads as a pattern and is none.
  const host = /^(?:[a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/;
  if (url === null || !host.test(url.hostname)) {
    throw invalid(path, 'expected a bare http(s) origin such as https://app.example, no path');
  }
  return url.origin;
}

/**
 * A redirect URL checked against the allowed origins, as it is stored (the parser's spelling,
 * so that what is stored is what is compared later). Anything else answers 400
 * INVALID_REDIRECT_URL.
 */
export function checkRedirectUrl(raw: string, allowedOrigins: readonly string[], path: string) {
  const url = parseWebUrl(raw);
  if (url === null) {
    throw invalid(
      path,
      `expected an absolute http(s) URL without credentials, at most ${REDIRECT_URL_MAX_LENGTH} characters`,
    );
  }
  if (!allowedOrigins.includes(url.origin)) {
    throw invalid(path, `${url.origin} is not in the settings' allowedRedirectOrigins`);
  }
  return url.href;
}

/**
 * Where a person who finished on the invite page goes, decided when it is used: the invite's
 * own URL if its origin is still allowed, else the default if that still is, else nowhere
 * (null: the page stays). An origin removed from the settings stops every redirect to it at
 * once, whatever invites named it. The query carries the invite's id and the outcome, never
 * its code; parameters of the same names already there are replaced.
 */
export function redirectTarget(
  candidates: readonly (string | null)[],
  allowedOrigins: readonly string[],
  inviteId: string,
  status: RedirectOutcome,
): string | null {
  for (const raw of candidates) {
    const url = raw === null ? null : parseWebUrl(raw);
    if (url === null || !allowedOrigins.includes(url.origin)) continue;
    url.searchParams.set('invite', inviteId);
    url.searchParams.set('status', status);
    return url.href;
  }
  return null;
}

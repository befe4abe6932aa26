import type { InvitePreview, RedirectOutcome } from './preview.ts';

/**
 * Sends the person on to where the invite leads after `outcome` (spec §9 Redirects), and says
 * whether it did. The target comes only from the server's page data, decided there against the
 * allowed origins; this checks its scheme again so that nothing but an http(s) URL is ever
 * navigated to, whatever the page carries. `replace`, not `assign`: going back must not land on
 * an invite page that has done its work.
 */
export function followRedirect(invite: InvitePreview, outcome: RedirectOutcome): boolean {
  const target = invite.redirect?.[outcome];
  if (!target) return false;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  window.location.replace(url.href);
  return true;
}

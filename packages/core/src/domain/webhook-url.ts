/**
 * What a webhook URL must look like, wherever it is checked: when one is registered, and again
 * by the worker before each delivery. Where the host points is not decided here: that needs
 * the network, which the domain does not touch (see `WebhookAddressCheck`).
 */

export const WEBHOOK_URL_MAX_LENGTH = 2048;

/** How the address behind a webhook's host was judged by whoever checks it. */
export type WebhookAddressVerdict = 'public' | 'private' | 'unresolvable';

/**
 * Judges a webhook host (an IPv6 literal comes in brackets, as `URL.hostname` gives it):
 * `private` when it is, or resolves to, an address webhooks may not reach; never `private`
 * when the instance allows private networks.
 */
export type WebhookAddressCheck = (hostname: string) => Promise<WebhookAddressVerdict>;

export type ParsedWebhookUrl = { ok: true; url: URL } | { ok: false; problem: string };

/** The URL when it has the shape, or why not. The raw value is never echoed: webhook URLs often carry secret tokens. */
export function parseWebhookUrl(raw: string): ParsedWebhookUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: 'Webhook URL is not a valid absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      problem: `Webhook URL must use http or https, not ${url.protocol.replace(/:$/, '')}`,
    };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, problem: 'Webhook URL must not contain a username or password' };
  }
  if (url.hostname === '') return { ok: false, problem: 'Webhook URL has no host' };
  return { ok: true, url };
}

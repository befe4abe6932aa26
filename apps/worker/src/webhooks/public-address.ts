/**
 * The guard against server-side request forgery through webhooks: which addresses a webhook may
 * reach. It lives with the worker because the worker makes the requests, and only a check of
 * the address a socket actually connects to (guardedLookup) holds when a name is rebound after
 * it was vetted. Core judges a URL only when it is registered, through the check this module
 * builds (webhookAddressCheck), so that the operator hears at once about a URL that would fail.
 */
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { parseWebhookUrl, type WebhookAddressCheck } from '@guestlist/core';
import ipaddr from 'ipaddr.js';

/** A webhook target that is, or resolves to, an address that is not globally routable. */
export class PrivateAddressError extends Error {
  readonly host: string;
  readonly address: string | undefined;

  constructor(host: string, address?: string) {
    super(
      address === undefined || address === host
        ? `Refusing to deliver to ${host}: it is not a public address`
        : `Refusing to deliver to ${host}: it resolves to the non-public address ${address}`,
    );
    this.name = 'PrivateAddressError';
    this.host = host;
    this.address = address;
  }
}

/** A webhook URL that is malformed or not allowed regardless of where it points. */
export class InvalidWebhookUrlError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWebhookUrlError';
  }
}

export function isPublicAddress(ip: string): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process() unwraps ::ffff:a.b.c.d so a mapped loopback is judged as IPv4 loopback.
    parsed = ipaddr.process(ip);
  } catch {
    return false;
  }
  if (parsed.range() !== 'unicast') return false;
  // ipaddr.js files the deprecated IPv4-compatible block (::/96, e.g. ::7f00:1) under
  // 'unicast', yet it is not globally routable and some stacks map it onto IPv4.
  if (
    parsed.kind() === 'ipv6' &&
    parsed
      .toByteArray()
      .slice(0, 12)
      .every((byte) => byte === 0)
  ) {
    return false;
  }
  return true;
}

function isLocalhostName(hostname: string): boolean {
  // A trailing dot is the same (fully qualified) name to the resolver.
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

function stripBrackets(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

export async function resolvePublicAddress(
  hostname: string,
  allowPrivate: boolean,
): Promise<{ address: string; family: 4 | 6 }> {
  const literal = stripBrackets(hostname);
  const literalFamily = isIP(literal);
  if (literalFamily === 4 || literalFamily === 6) {
    if (!allowPrivate && !isPublicAddress(literal)) throw new PrivateAddressError(hostname);
    return { address: literal, family: literalFamily };
  }
  // RFC 6761 reserves these for loopback; refusing by name does not depend on /etc/hosts.
  if (!allowPrivate && isLocalhostName(hostname)) throw new PrivateAddressError(hostname);

  const addresses = await dns.promises.lookup(hostname, { all: true });
  if (!allowPrivate) {
    // Every address counts: the connection may end up on any of them.
    const blocked = addresses.find((entry) => !isPublicAddress(entry.address));
    if (blocked) throw new PrivateAddressError(hostname, blocked.address);
  }
  const first = addresses[0];
  if (!first) throw new Error(`${hostname} did not resolve to any address`);
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/**
 * The `lookup` option for http(s).request: vets the addresses the socket will actually
 * connect to, so a name that resolved to a public address during validation cannot be
 * rebound to an internal one by the time of delivery.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    // Always resolve everything so the single-address form is vetted by the same rule.
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, '', 0);
        return;
      }
      if (!allowPrivate) {
        const blocked = addresses.find((entry) => !isPublicAddress(entry.address));
        if (blocked) {
          callback(new PrivateAddressError(hostname, blocked.address), '', 0);
          return;
        }
      }
      if (options?.all) {
        callback(null, addresses);
        return;
      }
      const first = addresses[0];
      if (!first) {
        const notFound: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        notFound.code = 'ENOTFOUND';
        callback(notFound, '', 0);
        return;
      }
      callback(null, first.address, first.family);
    });
  };
}

/** A URL the worker may post to: the shape core requires, and a public host unless allowed. */
export async function assertWebhookUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  const parsed = parseWebhookUrl(raw);
  if (!parsed.ok) throw new InvalidWebhookUrlError(parsed.problem);
  await resolvePublicAddress(parsed.url.hostname, allowPrivate);
  return parsed.url;
}

/**
 * The check core runs when a webhook is registered (`GuestlistConfig.webhookAddressCheck`),
 * by the same rule the worker applies before each delivery.
 */
export function webhookAddressCheck(allowPrivate: boolean): WebhookAddressCheck {
  return async (hostname) => {
    try {
      await resolvePublicAddress(hostname, allowPrivate);
      return 'public';
    } catch (error) {
      return error instanceof PrivateAddressError ? 'private' : 'unresolvable';
    }
  };
}

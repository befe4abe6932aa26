/**
 * Receiving webhooks: the events Guestlist delivers, typed by `type`, and `verifyWebhook`, which
 * checks a delivery's Standard Webhooks signature before trusting a byte of it.
 */
import { Webhook as StandardWebhook, WebhookVerificationError } from 'standardwebhooks';
import { GuestlistError } from './errors.ts';
import type { Invite, WebhookEvent } from './types.ts';
import type { collaboratorRoles } from './vocabulary.ts';

/** An invite as events carry it: never its code, nor the link that holds it. */
export type WebhookInvite = Omit<Invite, 'code' | 'url'>;

/** A user as events carry them: no password hash, token or other secret. */
export interface WebhookUser {
  id: string;
  username: string;
  name: string | null;
  email: string;
  emailVerified: boolean;
  createdAt: string;
}

/** Who redeemed an invite: a Guestlist user, or an application's own `subject`. */
export interface WebhookRedemption {
  user: { id: string; username: string; name: string | null } | null;
  subject: string | null;
  at: string;
}

/** A namespace and a collaborator who joined or left it, with their role. */
export interface WebhookMember {
  namespace: { id: string; path: string; name: string };
  user: { id: string; username: string; name: string | null };
  role: (typeof collaboratorRoles)[number];
}

type Event<T extends WebhookEvent, D> = { type: T; timestamp: string; data: D };

/**
 * A delivery's body, `{ type, timestamp, data }`, discriminated by `type`: switch on it and
 * `data` is typed. `timestamp` is when the event happened (ISO 8601).
 */
export type WebhookPayload =
  | Event<
      Exclude<Extract<WebhookEvent, `invite.${string}`>, 'invite.accepted'>,
      { invite: WebhookInvite }
    >
  | Event<'invite.accepted', { invite: WebhookInvite; redemption?: WebhookRedemption }>
  | Event<'user.created', { user: WebhookUser }>
  | Event<'member.added' | 'member.removed', WebhookMember>
  | Event<'webhook.test', { webhook: { id: string } }>;

/** The payload of one event type. */
export type WebhookPayloadOf<T extends WebhookEvent> = Extract<WebhookPayload, { type: T }>;

/** Request headers as servers hand them over: a `Headers`, or a plain object (Node's included). */
export type WebhookHeaders = Headers | Record<string, string | readonly string[] | undefined>;

const SIGNED_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

function headerOf(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    return headers.get(name) ?? undefined;
  }
  const plain = headers as Record<string, string | readonly string[] | undefined>;
  const key = Object.keys(plain).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : plain[key];
  return typeof value === 'string' ? value : value?.join(', ');
}

function invalid(message: string, cause?: unknown): GuestlistError {
  return new GuestlistError({ code: 'INVALID_WEBHOOK_SIGNATURE', message, status: 0, cause });
}

/**
 * Checks a delivery's signature and age (Standard Webhooks: at most five minutes off) and
 * returns its event. `body` must be the raw body as received, before any JSON parsing;
 * `secret` the webhook's `whsec_...` secret, or several (say, both sides of a rotation).
 * Anything that does not verify throws a `GuestlistError` with the code
 * `INVALID_WEBHOOK_SIGNATURE`: answer it with a 4xx and do not act on the body.
 */
export function verifyWebhook(
  body: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string | readonly string[],
): WebhookPayload {
  const signed: Record<string, string> = {};
  for (const name of SIGNED_HEADERS) {
    const value = headerOf(headers, name);
    if (value === undefined) throw invalid(`The ${name} header is missing`);
    signed[name] = value;
  }
  const payload = typeof body === 'string' ? body : new TextDecoder().decode(body);
  const secrets = typeof secret === 'string' ? [secret] : secret;
  let failure: unknown;
  for (const candidate of secrets) {
    try {
      return new StandardWebhook(candidate).verify(payload, signed) as WebhookPayload;
    } catch (error) {
      // A malformed secret is the caller's mistake, not a bad delivery: let it be seen.
      if (!(error instanceof WebhookVerificationError)) throw error;
      failure = error;
    }
  }
  throw invalid(failure instanceof Error ? failure.message : 'No secret to verify with', failure);
}

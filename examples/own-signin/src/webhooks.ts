import {
  isGuestlistError,
  verifyWebhook,
  type WebhookHeaders,
  type WebhookPayload,
} from '@guestlist/sdk';
import type { PoolClient } from 'pg';
import { type Db, inTransaction } from './db.ts';

/**
 * Applies one event Guestlist sent, once. Answers whether the message was applied now
 * (false: a retry of one already handled). Guestlist retries a delivery until it gets a 2xx, and
 * sends events in parallel, so two rules keep the mirror right: a message id seen before is
 * skipped, and an event older than what the mirror already holds changes nothing.
 */
export function applyEvent(db: Db, messageId: string, event: WebhookPayload): Promise<boolean> {
  // One transaction: a message is marked handled only with its change, so that one which
  // fails is applied by Guestlist's retry instead of being skipped as a duplicate.
  return inTransaction(db, (client) => apply(client, messageId, event));
}

async function apply(db: PoolClient, messageId: string, event: WebhookPayload): Promise<boolean> {
  const first = await db.query(
    'insert into webhook_messages (id) values ($1) on conflict (id) do nothing',
    [messageId],
  );
  if (first.rowCount === 0) return false;
  if (event.type.startsWith('invite.') && 'invite' in event.data) {
    const { invite } = event.data;
    if (event.type === 'invite.deleted') {
      await db.query('delete from invitations where id = $1', [invite.id]);
      return true;
    }
    const subject =
      event.type === 'invite.accepted' ? (event.data.redemption?.subject ?? null) : null;
    await db.query(
      `insert into invitations (id, email, status, subject, event_at)
       values ($1, $2, $3, $4, $5)
       on conflict (id) do update
         set email = excluded.email,
             status = excluded.status,
             subject = coalesce(excluded.subject, invitations.subject),
             event_at = excluded.event_at
         where invitations.event_at <= excluded.event_at`,
      [invite.id, invite.email, invite.status, subject, event.timestamp],
    );
  }
  return true;
}

/**
 * The receiver's whole check: the signature (Standard Webhooks, over the exact bytes received)
 * and the timestamp's freshness, both done by `verifyWebhook`. An unverified body is never
 * parsed for anything else.
 */
export function verified(body: string, headers: WebhookHeaders, secret: string) {
  try {
    return verifyWebhook(body, headers, secret);
  } catch (error) {
    if (isGuestlistError(error)) return null;
    throw error;
  }
}

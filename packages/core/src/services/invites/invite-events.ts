import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/principal.ts';
import { type WebhookEvent, webhookEvents } from '../../domain/vocabulary.ts';
import type { Outbox } from '../../jobs/outbox.ts';
import type { WebhookJob } from '../../jobs/queues.ts';
import { invalidateInviteTotals } from '../../repositories/invite-list.ts';
import { loadInviteRelations } from '../../repositories/invite-relations.ts';
import { type InviteRow, webhooksListening } from '../../repositories/invites.ts';
import { recordAudit } from '../audit.ts';
import type { Tx } from '../database.ts';
import type { InviteViews } from './invite-view.ts';

export interface InviteEvent {
  /** `invite.<action>`; those in {@link webhookEvents} also go to the webhooks listening. */
  action: string;
  /** The invite as it is after the change (for `invite.deleted`, as it was). */
  row: InviteRow;
  /** Recorded in the audit event; never a secret. */
  data?: Record<string, unknown>;
  /** Sent in the webhook's `data` beside `invite` (the redemption of `invite.accepted`). */
  payload?: Record<string, unknown>;
}

const isWebhookEvent = (action: string): action is WebhookEvent =>
  (webhookEvents as readonly string[]).includes(action);

/**
 * Every change of an invite's state, in one place (spec R15): an audit event, and a webhook
 * delivery for each webhook subscribed to it, both written by the caller's transaction.
 */
export class InviteEvents {
  readonly #outbox: Outbox;
  readonly #views: InviteViews;

  constructor(outbox: Outbox, views: InviteViews) {
    this.#outbox = outbox;
    this.#views = views;
  }

  async record(tx: Tx, actor: Actor, events: InviteEvent[]): Promise<void> {
    if (events.length === 0) return;
    invalidateInviteTotals();
    await recordAudit(
      tx,
      actor,
      events.map(({ action, row, data }) => ({
        action,
        targetType: 'invite',
        targetId: row.id,
        inviteId: row.id,
        data: data ?? {},
      })),
    );
    await this.#publish(tx, events);
  }

  async #publish(tx: Tx, events: InviteEvent[]): Promise<void> {
    const actions = [...new Set(events.map((e) => e.action).filter(isWebhookEvent))];
    if (actions.length === 0) return;
    const hooks = await webhooksListening(tx, actions);
    if (hooks.length === 0) return;
    const relations = await loadInviteRelations(
      tx,
      events.map((e) => e.row),
    );
    const timestamp = new Date().toISOString();
    const deliveries: WebhookJob[] = [];
    for (const event of events) {
      const listeners = hooks.filter((hook) => hook.events.includes(event.action));
      if (listeners.length === 0) continue;
      // Seen by no one in particular: a payload never carries the code or the link (R15).
      const { code: _code, url: _url, ...invite } = this.#views.toView(event.row, null, relations);
      const messageId = `msg_${randomUUID()}`;
      for (const hook of listeners) {
        deliveries.push({
          webhookId: hook.id,
          messageId,
          type: event.action,
          timestamp,
          data: { ...event.payload, invite },
        });
      }
    }
    await this.#outbox.webhooks(tx, deliveries);
  }
}

import type { Actor } from '../../domain/principal.ts';
import { inviteWebhookEvents } from '../../domain/vocabulary.ts';
import type { Outbox } from '../../jobs/outbox.ts';
import { invalidateInviteTotals } from '../../repositories/invite-list.ts';
import { loadInviteRelations } from '../../repositories/invite-relations.ts';
import type { InviteRow } from '../../repositories/invites.ts';
import { recordAudit } from '../audit.ts';
import type { Tx } from '../database.ts';
import { WebhookPublisher } from '../webhook-publisher.ts';
import type { InviteViews } from './invite-view.ts';

export interface InviteEvent {
  /** `invite.<action>`; those in {@link inviteWebhookEvents} also go to the webhooks listening. */
  action: string;
  /** The invite as it is after the change (for `invite.deleted`, as it was). */
  row: InviteRow;
  /** Recorded in the audit event; never a secret. */
  data?: Record<string, unknown>;
  /** Sent in the webhook's `data` beside `invite` (the redemption of `invite.accepted`). */
  payload?: Record<string, unknown>;
}

const isInviteWebhookEvent = (
  event: InviteEvent,
): event is InviteEvent & { action: (typeof inviteWebhookEvents)[number] } =>
  (inviteWebhookEvents as readonly string[]).includes(event.action);

/**
 * Every change of an invite's state, in one place (spec R15): an audit event, and a webhook
 * delivery for each webhook subscribed to it, both written by the caller's transaction.
 */
export class InviteEvents {
  /** The fan-out every event shares; other use cases in the transaction publish through it. */
  readonly webhooks: WebhookPublisher;
  readonly #views: InviteViews;

  constructor(outbox: Outbox, views: InviteViews) {
    this.webhooks = new WebhookPublisher(outbox);
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
    await this.webhooks.publish(
      tx,
      events.map((e) => e.action),
      async () => {
        const relations = await loadInviteRelations(
          tx,
          events.map((e) => e.row),
        );
        return events.filter(isInviteWebhookEvent).map((event) => {
          // Seen by no one in particular: a payload never carries the code or the link (R15).
          const {
            code: _code,
            url: _url,
            ...invite
          } = this.#views.toView(event.row, null, relations);
          return { type: event.action, data: { ...event.payload, invite } };
        });
      },
    );
  }
}

import { randomUUID } from 'node:crypto';
import type { CollaboratorRole, WebhookEvent } from '../domain/vocabulary.ts';
import { webhookEvents } from '../domain/vocabulary.ts';
import type { Outbox } from '../jobs/outbox.ts';
import { insertDeliveries, type NewDelivery } from '../repositories/webhook-deliveries.ts';
import { memberSubject, userSubject, webhooksListening } from '../repositories/webhook-subjects.ts';
import type { Tx } from './database.ts';

/** One event as receivers get it: `{ type, timestamp, data }`. */
export interface WebhookMessage {
  type: WebhookEvent;
  data: Record<string, unknown>;
}

export const isWebhookEvent = (type: string): type is WebhookEvent =>
  (webhookEvents as readonly string[]).includes(type);

/** A message id as Standard Webhooks' `webhook-id`: one per event, shared by its webhooks. */
export const newMessageId = () => `msg_${randomUUID()}`;

/**
 * The fan-out of every webhook event (spec §9): one delivery per event and enabled webhook
 * listening to it, each a row of the deliveries log and a job of the outbox, both written by
 * the caller's transaction, so the event and its deliveries commit together or not at all.
 */
export class WebhookPublisher {
  readonly #outbox: Outbox;

  constructor(outbox: Outbox) {
    this.#outbox = outbox;
  }

  /**
   * Publishes the events of `types`; `build` makes their payloads, and runs only when some
   * webhook listens, so that events nobody hears cost one indexed query.
   */
  async publish(
    tx: Tx,
    types: readonly string[],
    build: () => Promise<WebhookMessage[]> | WebhookMessage[],
  ): Promise<void> {
    const wanted = [...new Set(types.filter(isWebhookEvent))];
    if (wanted.length === 0) return;
    const hooks = await webhooksListening(tx, wanted);
    if (hooks.length === 0) return;
    const timestamp = new Date().toISOString();
    const deliveries: NewDelivery[] = [];
    for (const message of await build()) {
      const listeners = hooks.filter(
        (hook) => hook.events.includes('*') || hook.events.includes(message.type),
      );
      if (listeners.length === 0) continue;
      const messageId = newMessageId();
      const payload = { type: message.type, timestamp, data: message.data };
      for (const hook of listeners) {
        deliveries.push({
          id: randomUUID(),
          webhookId: hook.id,
          event: message.type,
          messageId,
          payload,
        });
      }
    }
    await this.enqueue(tx, deliveries);
  }

  /** Writes deliveries and their jobs in the caller's transaction. */
  async enqueue(tx: Tx, deliveries: NewDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await insertDeliveries(tx, deliveries);
    await this.#outbox.webhooks(
      tx,
      deliveries.map(({ id }) => ({ deliveryId: id })),
    );
  }

  /** Queues a delivery of the log once more (a retry), in the caller's transaction. */
  async requeue(tx: Tx, deliveryId: string): Promise<void> {
    await this.#outbox.webhooks(tx, [{ deliveryId }]);
  }

  /** `user.created`: `{ user }`, whatever created the account. */
  userCreated(tx: Tx, userId: string): Promise<void> {
    return this.publish(tx, ['user.created'], async () => [
      { type: 'user.created', data: { user: await userSubject(tx, userId) } },
    ]);
  }

  /** `member.added` / `member.removed`: `{ namespace, user, role }`. */
  memberChanged(
    tx: Tx,
    type: Extract<WebhookEvent, `member.${string}`>,
    member: { namespaceId: string; userId: string; role: CollaboratorRole },
  ): Promise<void> {
    return this.publish(tx, [type], async () => [
      {
        type,
        data: {
          ...(await memberSubject(tx, member.namespaceId, member.userId)),
          role: member.role,
        },
      },
    ]);
  }
}

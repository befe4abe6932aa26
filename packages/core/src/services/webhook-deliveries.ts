import { randomUUID } from 'node:crypto';
import { isUuid } from '../domain/codes.ts';
import { DomainError } from '../domain/errors.ts';
import { WEBHOOK_ERROR_MAX_LENGTH } from '../domain/limits.ts';
import { decodeKeyset, encodeKeyset, type PageRequest, pageWindow } from '../domain/paging.ts';
import { type Actor, requirePermission } from '../domain/principal.ts';
import type { SecretBox } from '../domain/secrets.ts';
import type { Page, WebhookDeliveryView } from '../domain/types.ts';
import type { WebhookDeliveryStatus, WebhookEvent } from '../domain/vocabulary.ts';
import {
  type DeliveryRow,
  deliveryWithWebhook,
  findDelivery,
  pageDeliveries,
  recordAttempt,
  reopenDelivery,
} from '../repositories/webhook-deliveries.ts';
import { WebhookRepository } from '../repositories/webhooks.ts';
import { recordAudit } from './audit.ts';
import { type Em, inTransaction, toIso } from './database.ts';
import { newMessageId, type WebhookPublisher } from './webhook-publisher.ts';
import { webhookNotFound } from './webhooks.ts';

/** §5.1's default page size. */
const DEFAULT_PAGE_SIZE = 30;

function toView(row: DeliveryRow): WebhookDeliveryView {
  return {
    id: row.id,
    event: row.event as WebhookEvent,
    messageId: row.message_id,
    status: row.status,
    attempts: row.attempts,
    responseStatus: row.response_status,
    durationMs: row.duration_ms,
    lastError: row.last_error,
    createdAt: toIso(row.created_at),
    deliveredAt: toIso(row.delivered_at),
  };
}

/** What a deliveries cursor belongs to: one webhook's log, newest first. */
const DELIVERIES_LISTING = 'webhook-deliveries:-createdAt';

function deliveryNotFound(): DomainError {
  return new DomainError('WEBHOOK_DELIVERY_NOT_FOUND', "No such delivery in this webhook's log");
}

/** What the worker needs to make one attempt. */
export interface DeliveryAttempt {
  deliveryId: string;
  webhookId: string;
  url: string;
  /** The current secret, then the replaced one while it still signs (spec §9). */
  secrets: string[];
  messageId: string;
  type: string;
  /** The body, exactly as every attempt sends it. */
  body: string;
}

/** The outcome of one attempt, as the log keeps it. */
export interface AttemptOutcome {
  status: WebhookDeliveryStatus;
  responseStatus: number | null;
  durationMs: number;
  error: string | null;
}

/**
 * A webhook's deliveries log (spec §9): reading it, the test event, retrying a delivery, and
 * the worker's side (what to send, how it went).
 */
export class WebhookDeliveryService {
  readonly #fork: () => Em;
  readonly #secrets: SecretBox;
  readonly #publisher: WebhookPublisher;

  constructor(fork: () => Em, secrets: SecretBox, publisher: WebhookPublisher) {
    this.#fork = fork;
    this.#secrets = secrets;
    this.#publisher = publisher;
  }

  /**
   * Newest first, paged like §5.1: `page[size]` and `page[number]`, or `page[after]`; `status`
   * keeps one status only, and `total` counts what it keeps.
   */
  async list(
    actor: Actor,
    webhookId: string,
    page: PageRequest & {
      after?: string | undefined;
      status?: WebhookDeliveryStatus | undefined;
    } = {},
  ): Promise<Page<WebhookDeliveryView>> {
    requirePermission(actor.principal, 'webhook:write');
    const em = this.#fork();
    await this.#webhook(em, webhookId);
    const { limit, offset } = pageWindow(page, DEFAULT_PAGE_SIZE);
    const position =
      page.after === undefined ? undefined : decodeKeyset(page.after, DELIVERIES_LISTING);
    const after = position && { createdAt: position.value ?? 'infinity', id: position.id };
    const { rows, total } = await pageDeliveries(em, webhookId, {
      limit,
      offset,
      after,
      status: page.status,
    });
    const last = rows.at(-1);
    const more = last !== undefined && rows.length === limit;
    return {
      data: rows.map(toView),
      total,
      nextCursor: more
        ? encodeKeyset({
            listing: DELIVERIES_LISTING,
            value: toIso(last.created_at),
            id: last.id,
          })
        : null,
    };
  }

  /**
   * Sends `webhook.test` to this webhook whatever it subscribes to, and even when disabled: an
   * operator checks a receiver before turning it on.
   */
  async test(actor: Actor, webhookId: string): Promise<WebhookDeliveryView> {
    requirePermission(actor.principal, 'webhook:write');
    return inTransaction(this.#fork, async (tx) => {
      await this.#webhook(tx, webhookId);
      const id = randomUUID();
      const type = 'webhook.test' satisfies WebhookEvent;
      const payload = {
        type,
        timestamp: new Date().toISOString(),
        data: { webhook: { id: webhookId } },
      };
      await this.#publisher.enqueue(tx, [
        { id, webhookId, event: type, messageId: newMessageId(), payload },
      ]);
      await recordAudit(tx, actor, [
        { action: 'webhook.tested', targetType: 'webhook', targetId: webhookId },
      ]);
      return toView((await findDelivery(tx, webhookId, id))!);
    });
  }

  /**
   * Sends a delivered or failed delivery again, with the same `webhook-id` and body. A pending
   * one is already on its way: retrying it changes nothing and answers it as it is.
   */
  async retry(actor: Actor, webhookId: string, deliveryId: string): Promise<WebhookDeliveryView> {
    requirePermission(actor.principal, 'webhook:write');
    return inTransaction(this.#fork, async (tx) => {
      await this.#webhook(tx, webhookId);
      if (!isUuid(deliveryId)) throw deliveryNotFound();
      const found = await findDelivery(tx, webhookId, deliveryId);
      if (!found) throw deliveryNotFound();
      const reopened = await reopenDelivery(tx, deliveryId);
      if (!reopened) return toView(found);
      await this.#publisher.requeue(tx, deliveryId);
      await recordAudit(tx, actor, [
        {
          action: 'webhook.delivery_retried',
          targetType: 'webhook',
          targetId: webhookId,
          data: { deliveryId },
        },
      ]);
      return toView(reopened);
    });
  }

  /** For the worker: what to send; null when the delivery, or its webhook, is gone or settled. */
  async forAttempt(deliveryId: string): Promise<DeliveryAttempt | null> {
    const row = await deliveryWithWebhook(this.#fork(), deliveryId);
    if (row?.status !== 'pending') return null;
    const secrets = [this.#secrets.decrypt(row.secret_ciphertext)];
    if (row.previous_valid && row.previous_secret_ciphertext !== null) {
      secrets.push(this.#secrets.decrypt(row.previous_secret_ciphertext));
    }
    return {
      deliveryId: row.id,
      webhookId: row.webhook_id,
      url: row.url,
      secrets,
      messageId: row.message_id,
      type: row.event,
      body: JSON.stringify(row.payload),
    };
  }

  /** For a job queued before the log existed: where to deliver and the key to sign with. */
  async forLegacyJob(webhookId: string): Promise<{ url: string; secrets: string[] } | null> {
    const hook = await new WebhookRepository(this.#fork()).findFresh(webhookId);
    return hook ? { url: hook.url, secrets: [this.#secrets.decrypt(hook.secretCiphertext)] } : null;
  }

  /** The worker's record of an attempt; the error is cut short (it is for diagnosis). */
  async recordAttempt(deliveryId: string, outcome: AttemptOutcome): Promise<void> {
    await recordAttempt(this.#fork(), deliveryId, {
      status: outcome.status,
      responseStatus: outcome.responseStatus,
      durationMs: Math.round(outcome.durationMs),
      lastError: outcome.error === null ? null : outcome.error.slice(0, WEBHOOK_ERROR_MAX_LENGTH),
    });
  }

  async #webhook(em: Em, webhookId: string): Promise<void> {
    if (!isUuid(webhookId) || !(await new WebhookRepository(em).findById(webhookId))) {
      throw webhookNotFound();
    }
  }
}

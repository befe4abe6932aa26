import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { webhookDeliveryStatuses } from '../../domain/vocabulary.ts';
import { WebhookSchema } from './webhook.ts';

/**
 * One event for one webhook (spec §9 deliveries log), written by the transaction of the event
 * with its job (the outbox) and updated by the worker on every attempt. `payload` is the body
 * as delivered (`{ type, timestamp, data }`), kept so that a retry sends the same message; it
 * never holds a code or a secret (R15). The worker's sweep deletes old rows (R22).
 */
export const WebhookDeliverySchema = defineEntity({
  name: 'WebhookDelivery',
  tableName: 'webhook_deliveries',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    webhook: () => p.manyToOne(WebhookSchema).deleteRule('cascade'),
    event: p.text(),
    /** Standard Webhooks' `webhook-id`: the same for every attempt and retry. */
    messageId: p.text(),
    payload: p.json<Record<string, unknown>>(),
    status: p.enum(webhookDeliveryStatuses),
    attempts: p.integer().default(0),
    responseStatus: p.integer().nullable(),
    durationMs: p.integer().nullable(),
    lastError: p.text().nullable(),
    createdAt: p.datetime(3).defaultRaw('now()'),
    deliveredAt: p.datetime(3).nullable(),
  },
  indexes: [
    // The log of one webhook, newest first, paged by (createdAt, id).
    {
      name: 'webhook_deliveries_webhook_id_created_at_id_idx',
      properties: ['webhook', 'createdAt', 'id'],
    },
    // The sweep deletes finished rows by age.
    { name: 'webhook_deliveries_status_created_at_idx', properties: ['status', 'createdAt'] },
  ],
});

export type WebhookDelivery = InferEntity<typeof WebhookDeliverySchema>;

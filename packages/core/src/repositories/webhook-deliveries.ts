import { type Selectable, type SqlBool, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { WEBHOOK_INSERT_MAX_BYTES, WEBHOOK_JOBS_PER_INSERT } from '../domain/limits.ts';
import type { WebhookDeliveryStatus } from '../domain/vocabulary.ts';
import { type Em, sqlOf, type Tx } from '../services/database.ts';

export type DeliveryRow = Selectable<DB['webhook_deliveries']>;

export interface NewDelivery {
  id: string;
  webhookId: string;
  event: string;
  messageId: string;
  payload: Record<string, unknown>;
}

/** The keyset position of a delivery in its webhook's log (newest first). */
export interface DeliveryPosition {
  createdAt: string;
  id: string;
}

/**
 * Writes deliveries in the caller's transaction, a slice at a time: a bulk create writes one
 * per invite and webhook, and each carries its invite, so one statement for all could hold
 * tens of MiB (R22).
 */
export async function insertDeliveries(tx: Tx, deliveries: NewDelivery[]): Promise<void> {
  const k = sqlOf(tx);
  let slice: NewDelivery[] = [];
  let bytes = 0;
  const flush = async () => {
    if (slice.length === 0) return;
    await k
      .insertInto('webhook_deliveries')
      .values(
        slice.map((d) => ({
          id: d.id,
          webhook_id: d.webhookId,
          event: d.event,
          message_id: d.messageId,
          payload: d.payload,
          status: 'pending' as const,
        })),
      )
      .execute();
    slice = [];
    bytes = 0;
  };
  for (const delivery of deliveries) {
    const size = JSON.stringify(delivery.payload).length;
    if (bytes + size > WEBHOOK_INSERT_MAX_BYTES || slice.length >= WEBHOOK_JOBS_PER_INSERT) {
      await flush();
    }
    slice.push(delivery);
    bytes += size;
  }
  await flush();
}

/** One page of a webhook's log, newest first, and how many it holds. */
export async function pageDeliveries(
  em: Em,
  webhookId: string,
  page: {
    limit: number;
    offset: number;
    after: DeliveryPosition | undefined;
    status?: WebhookDeliveryStatus | undefined;
  },
): Promise<{ rows: DeliveryRow[]; total: number }> {
  const k = sqlOf(em);
  const status = page.status;
  let rows = k
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .$if(status !== undefined, (q) => q.where('status', '=', status!))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit);
  if (page.after) {
    const { createdAt, id } = page.after;
    rows = rows.where(sql<SqlBool>`(created_at, id) < (${createdAt}::timestamptz, ${id}::uuid)`);
  } else {
    rows = rows.offset(page.offset);
  }
  const [data, count] = await Promise.all([
    rows.execute(),
    k
      .selectFrom('webhook_deliveries')
      .select(sql<number>`count(*)::int`.as('total'))
      .where('webhook_id', '=', webhookId)
      .$if(status !== undefined, (q) => q.where('status', '=', status!))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: data, total: count.total };
}

export function findDelivery(
  em: Em,
  webhookId: string,
  deliveryId: string,
): Promise<DeliveryRow | undefined> {
  return sqlOf(em)
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .where('id', '=', deliveryId)
    .executeTakeFirst();
}

/** A delivery with what the worker needs of its webhook; undefined once either is gone. */
export function deliveryWithWebhook(em: Em, deliveryId: string) {
  return sqlOf(em)
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .select([
      'd.id',
      'd.webhook_id',
      'd.event',
      'd.message_id',
      'd.payload',
      'd.status',
      'w.url',
      'w.secret_ciphertext',
      'w.previous_secret_ciphertext',
      sql<boolean>`coalesce(w.previous_secret_expires_at > now(), false)`.as('previous_valid'),
    ])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
}

/** The outcome of one attempt; every attempt counts, whatever it ended in. */
export async function recordAttempt(
  em: Em,
  deliveryId: string,
  outcome: {
    status: WebhookDeliveryStatus;
    responseStatus: number | null;
    durationMs: number;
    lastError: string | null;
  },
): Promise<void> {
  await sqlOf(em)
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      status: outcome.status,
      attempts: eb('attempts', '+', 1),
      response_status: outcome.responseStatus,
      duration_ms: outcome.durationMs,
      // A success keeps the error before it: what the receiver went through stays readable.
      last_error: outcome.lastError ?? eb.ref('last_error'),
      delivered_at: outcome.status === 'delivered' ? new Date() : null,
    }))
    .where('id', '=', deliveryId)
    .execute();
}

/** Puts a finished delivery back in the queue; undefined when it was pending already. */
export async function reopenDelivery(tx: Tx, deliveryId: string): Promise<DeliveryRow | undefined> {
  return sqlOf(tx)
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', delivered_at: null })
    .where('id', '=', deliveryId)
    .where('status', '!=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

/**
 * Deletes finished deliveries older than their retention, a batch at a time so that no
 * statement holds many locks. Pending ones stay, whatever their age: the queue still owes them.
 */
export async function pruneDeliveries(
  em: Em,
  cutoffs: { delivered: Date; failed: Date },
  batch: number,
): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with doomed as (
      select id from webhook_deliveries
      where (status = 'delivered' and created_at < ${cutoffs.delivered})
         or (status = 'failed' and created_at < ${cutoffs.failed})
      limit ${batch}
    ), gone as (delete from webhook_deliveries where id in (select id from doomed) returning 1)
    select count(*)::int as n from gone`.execute(sqlOf(em));
  return rows[0]?.n ?? 0;
}

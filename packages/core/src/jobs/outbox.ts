import { fromKysely, type PgBoss } from 'pg-boss';
import { WEBHOOK_INSERT_MAX_BYTES, WEBHOOK_JOBS_PER_INSERT } from '../domain/limits.ts';
import { sqlOf, type Tx } from '../services/database.ts';
import { type AccountEmailJob, type EmailJob, queues, type WebhookJob } from './queues.ts';

/** pg-boss's statements, run on the caller's transaction instead of pg-boss's own pool. */
const onTransaction = (tx: Tx) => fromKysely(sqlOf(tx));

/**
 * The transactional outbox (spec R16): jobs are inserted by the same transaction as the change
 * they announce, so they commit together or not at all. A worker picks them up afterwards.
 */
export class Outbox {
  readonly #boss: PgBoss;

  constructor(boss: PgBoss) {
    this.#boss = boss;
  }

  async emails(tx: Tx, deliveries: EmailJob[]): Promise<void> {
    if (deliveries.length === 0) return;
    const jobs = deliveries.map((data) => ({ data }));
    await this.#boss.insert(queues.email, jobs, { db: onTransaction(tx) });
  }

  async accountEmail(tx: Tx, job: AccountEmailJob): Promise<void> {
    await this.#boss.insert(queues.accountEmail, [{ data: job }], { db: onTransaction(tx) });
  }

  /**
   * Each delivery carries its invite, and a bulk create queues one per invite and webhook:
   * they are inserted a slice at a time, so that the JSON of one statement stays about 1 MiB
   * whatever the invites carry (R22).
   */
  async webhooks(tx: Tx, deliveries: WebhookJob[]): Promise<void> {
    let slice: { data: WebhookJob }[] = [];
    let bytes = 0;
    for (const data of deliveries) {
      const size = JSON.stringify(data).length;
      if (
        slice.length > 0 &&
        (bytes + size > WEBHOOK_INSERT_MAX_BYTES || slice.length >= WEBHOOK_JOBS_PER_INSERT)
      ) {
        await this.#boss.insert(queues.webhook, slice, { db: onTransaction(tx) });
        slice = [];
        bytes = 0;
      }
      slice.push({ data });
      bytes += size;
    }
    if (slice.length > 0) await this.#boss.insert(queues.webhook, slice, { db: onTransaction(tx) });
  }
}

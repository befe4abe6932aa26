import { fromKysely, type PgBoss } from 'pg-boss';
import { WEBHOOK_JOBS_PER_INSERT } from '../domain/limits.ts';
import { type Em, sqlOf } from '../services/database.ts';
import { type EmailJob, queues, type WebhookJob } from './queues.ts';

/** pg-boss's statements, run on the caller's transaction instead of pg-boss's own pool. */
const inTransaction = (em: Em) => fromKysely(sqlOf(em));

/**
 * The transactional outbox (spec R16): jobs are inserted by the same transaction as the change
 * they announce, so they commit together or not at all. A worker picks them up afterwards.
 */
export class Outbox {
  readonly #boss: PgBoss;

  constructor(boss: PgBoss) {
    this.#boss = boss;
  }

  async emails(em: Em, deliveries: EmailJob[]): Promise<void> {
    if (deliveries.length === 0) return;
    const jobs = deliveries.map((data) => ({ data }));
    await this.#boss.insert(queues.email, jobs, { db: inTransaction(em) });
  }

  /**
   * Each delivery carries its invite, and a bulk create queues one per invite and webhook:
   * inserted a slice at a time, so the JSON of one statement stays a few MiB (R22).
   */
  async webhooks(em: Em, deliveries: WebhookJob[]): Promise<void> {
    for (let start = 0; start < deliveries.length; start += WEBHOOK_JOBS_PER_INSERT) {
      const jobs = deliveries
        .slice(start, start + WEBHOOK_JOBS_PER_INSERT)
        .map((data) => ({ data }));
      await this.#boss.insert(queues.webhook, jobs, { db: inTransaction(em) });
    }
  }
}

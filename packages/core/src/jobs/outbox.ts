import { fromKysely, type PgBoss } from 'pg-boss';
import { WEBHOOK_JOBS_PER_INSERT } from '../domain/limits.ts';
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
   * One job per delivery of the log; a bulk create queues one per invite and webhook (16,000
   * for 1,000 invites), inserted a slice at a time so no statement grows with the request (R22).
   */
  async webhooks(tx: Tx, deliveries: WebhookJob[]): Promise<void> {
    for (let i = 0; i < deliveries.length; i += WEBHOOK_JOBS_PER_INSERT) {
      const slice = deliveries.slice(i, i + WEBHOOK_JOBS_PER_INSERT).map((data) => ({ data }));
      await this.#boss.insert(queues.webhook, slice, { db: onTransaction(tx) });
    }
  }
}

import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type Em, sqlOf } from '../services/database.ts';

/**
 * The counters' table belongs to rate-limiter-flexible, which reads and writes it through a
 * pool of its own (services/rate-limits.ts); this is only what the sweep removes.
 */
export class RateLimitRepository {
  readonly #db: Kysely<DB>;

  constructor(em: Em) {
    this.#db = sqlOf(em);
  }

  /** Deletes the counters that expired before `nowMs`; answers how many. */
  async deleteExpired(nowMs: number): Promise<number> {
    // rate-limiter-flexible's rows carry their expiry in epoch milliseconds.
    const result = await this.#db
      .deleteFrom('rate_limits')
      .where('expire', '<', nowMs)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

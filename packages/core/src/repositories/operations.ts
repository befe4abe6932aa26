import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type Em, sqlOf } from '../services/database.ts';

/** What monitoring reads of the database, across aggregates and pg-boss's own tables. */
export class OperationsRepository {
  readonly #db: Kysely<DB>;

  constructor(em: Em) {
    this.#db = sqlOf(em);
  }

  /** Invites by status as read (a pending invite past its date counts as expired) and delivery. */
  async inviteCounts(): Promise<{ status: string; delivery: string; count: number }[]> {
    const rows = await this.#db
      .selectFrom('invites')
      .select((eb) => [
        sql<string>`case when status = 'pending' and expires_at is not null and expires_at <= now()
                    then 'expired' else status end`.as('status'),
        eb.fn.coalesce('delivery_status', sql.lit('none')).as('delivery'),
        eb.fn.countAll().as('count'),
      ])
      .groupBy([sql`1`, sql`2`])
      .orderBy(sql`1`)
      .orderBy(sql`2`)
      .execute();
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  }

  /**
   * Jobs by queue and pg-boss state. pg-boss's tables are its own, outside the entities and
   * so outside `DB`: the row's type is declared here.
   */
  async jobCounts(): Promise<{ queue: string; state: string; count: number }[]> {
    const { rows } = await sql<{ queue: string; state: string; count: string }>`
      select name as queue, state::text as state, count(*) as count
        from pgboss.job group by 1, 2 order by 1, 2`.execute(this.#db);
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  }
}

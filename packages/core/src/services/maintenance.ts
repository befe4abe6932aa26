import { sql } from 'kysely';
import { type Em, sqlOf } from './database.ts';
import type { InviteService } from './invites/invite-service.ts';

export interface SweepResult {
  expiredInvites: number;
  rateLimitRows: number;
  sessions: number;
}

/** What `/metrics` reports of the database: the same figures from every server process. */
export interface OperationalStats {
  /** Invites by status as read (a pending invite past its date counts as expired) and delivery. */
  invites: { status: string; delivery: string; count: number }[];
  /** Jobs by queue and pg-boss state (created, retry, active, completed, failed, ...). */
  jobs: { queue: string; state: string; count: number }[];
}

/** Invites expired per transaction: small enough to keep locks short, large enough to keep up. */
const EXPIRE_BATCH = 500;

/** What the worker does on a schedule. Safe to run in every worker at once. */
export class Maintenance {
  readonly #fork: () => Em;
  readonly #invites: InviteService;

  constructor(fork: () => Em, invites: InviteService) {
    this.#fork = fork;
    this.#invites = invites;
  }

  async sweep(): Promise<SweepResult> {
    let expiredInvites = 0;
    for (;;) {
      const n = await this.#invites.expireDue(EXPIRE_BATCH);
      expiredInvites += n;
      if (n < EXPIRE_BATCH) break;
    }
    const k = sqlOf(this.#fork());
    // rate-limiter-flexible's rows carry their expiry in epoch milliseconds.
    const limits = await sql`delete from rate_limits where expire < ${Date.now()}`.execute(k);
    const sessions = await sql`delete from sessions where expires_at < now()`.execute(k);
    return {
      expiredInvites,
      rateLimitRows: Number(limits.numAffectedRows ?? 0),
      sessions: Number(sessions.numAffectedRows ?? 0),
    };
  }

  /**
   * Counts for monitoring. Two grouped scans: about a tenth of a second at a million invites,
   * so a scrape every 15 s or more costs little.
   */
  async stats(): Promise<OperationalStats> {
    const k = sqlOf(this.#fork());
    const [invites, jobs] = await Promise.all([
      sql<{ status: string; delivery: string; count: string }>`
        select case when status = 'pending' and expires_at is not null and expires_at <= now()
                    then 'expired' else status end as status,
               coalesce(delivery_status, 'none') as delivery, count(*) as count
          from invites group by 1, 2 order by 1, 2`.execute(k),
      sql<{ queue: string; state: string; count: string }>`
        select name as queue, state::text as state, count(*) as count
          from pgboss.job group by 1, 2 order by 1, 2`.execute(k),
    ]);
    return {
      invites: invites.rows.map((row) => ({ ...row, count: Number(row.count) })),
      jobs: jobs.rows.map((row) => ({ ...row, count: Number(row.count) })),
    };
  }
}

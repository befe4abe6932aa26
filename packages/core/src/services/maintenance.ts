import { sql } from 'kysely';
import { type Em, sqlOf } from './database.ts';
import type { InviteService } from './invites/invite-service.ts';

export interface SweepResult {
  expiredInvites: number;
  rateLimitRows: number;
  sessions: number;
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
}

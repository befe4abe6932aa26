import { AccountTokenRepository } from '../repositories/account-tokens.ts';
import { OperationsRepository } from '../repositories/operations.ts';
import { RateLimitRepository } from '../repositories/rate-limits.ts';
import { SessionRepository } from '../repositories/sessions.ts';
import type { Em } from './database.ts';
import type { InviteService } from './invites/invite-service.ts';

export interface SweepResult {
  expiredInvites: number;
  rateLimitRows: number;
  sessions: number;
  accountTokens: number;
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
    const em = this.#fork();
    const rateLimitRows = await new RateLimitRepository(em).deleteExpired(Date.now());
    const sessions = await new SessionRepository(em).deleteExpired();
    const accountTokens = await new AccountTokenRepository(em).deleteExpired();
    return { expiredInvites, rateLimitRows, sessions, accountTokens };
  }

  /**
   * Counts for monitoring. Two grouped scans: about a tenth of a second at a million invites,
   * so a scrape every 15 s or more costs little.
   */
  async stats(): Promise<OperationalStats> {
    const operations = new OperationsRepository(this.#fork());
    const [invites, jobs] = await Promise.all([operations.inviteCounts(), operations.jobCounts()]);
    return { invites, jobs };
  }
}

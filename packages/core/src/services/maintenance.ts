import {
  WEBHOOK_DELIVERED_RETENTION_DAYS,
  WEBHOOK_FAILED_RETENTION_DAYS,
  WEBHOOK_PRUNE_BATCH,
} from '../domain/limits.ts';
import { AccountTokenRepository } from '../repositories/account-tokens.ts';
import { OperationsRepository } from '../repositories/operations.ts';
import { RateLimitRepository } from '../repositories/rate-limits.ts';
import { SessionRepository } from '../repositories/sessions.ts';
import { pruneDeliveries } from '../repositories/webhook-deliveries.ts';
import type { Em } from './database.ts';
import type { InviteService } from './invites/invite-service.ts';

export interface SweepResult {
  expiredInvites: number;
  rateLimitRows: number;
  sessions: number;
  accountTokens: number;
  /** Finished webhook deliveries past their retention, deleted from the log. */
  webhookDeliveries: number;
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
    const webhookDeliveries = await this.#pruneDeliveries(em);
    return { expiredInvites, rateLimitRows, sessions, accountTokens, webhookDeliveries };
  }

  /** The deliveries log's retention (R22): a batch at a time until none is left to delete. */
  async #pruneDeliveries(em: Em): Promise<number> {
    const day = 86_400_000;
    const cutoffs = {
      delivered: new Date(Date.now() - WEBHOOK_DELIVERED_RETENTION_DAYS * day),
      failed: new Date(Date.now() - WEBHOOK_FAILED_RETENTION_DAYS * day),
    };
    let deleted = 0;
    for (;;) {
      const n = await pruneDeliveries(em, cutoffs, WEBHOOK_PRUNE_BATCH);
      deleted += n;
      if (n < WEBHOOK_PRUNE_BATCH) return deleted;
    }
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

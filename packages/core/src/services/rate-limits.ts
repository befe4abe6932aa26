import pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../domain/errors.ts';

/**
 * Per-client-IP limits (spec R18), counted in PostgreSQL so that every server process
 * shares them. `codes` guards what guesses invite codes (validate, accept, register with a
 * code); `auth` guards what guesses passwords (register, login).
 */
export type RateLimitBucket = 'codes' | 'auth';

export interface RateLimitConfig {
  /** Requests per minute per IP; 0 turns the limit off. */
  codes: number;
  auth: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = { codes: 60, auth: 20 };

export class RateLimits {
  readonly #pool: pg.Pool;
  readonly #limiters: Partial<Record<RateLimitBucket, RateLimiterPostgres>> = {};

  constructor(databaseUrl: string, config: RateLimitConfig) {
    // A small pool of its own: a limit check must not wait behind the domain's queries.
    this.#pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    // An idle connection the server drops (restart, failover) must not take the process down;
    // the pool replaces it on the next checkout.
    this.#pool.on('error', () => {});
    for (const bucket of ['codes', 'auth'] as const) {
      if (config[bucket] <= 0) continue;
      this.#limiters[bucket] = new RateLimiterPostgres({
        storeClient: this.#pool,
        tableName: 'rate_limits',
        tableCreated: true, // by the migrations
        clearExpiredByTimeout: false,
        keyPrefix: bucket,
        points: config[bucket],
        duration: 60,
      });
    }
  }

  /** Counts one request of `ip` against each bucket; 429 RATE_LIMITED when one is exhausted. */
  async hit(ip: string | null, ...buckets: RateLimitBucket[]): Promise<void> {
    for (const bucket of buckets) {
      const limiter = this.#limiters[bucket];
      if (!limiter) continue;
      try {
        await limiter.consume(ip ?? 'unknown');
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new DomainError(
          'RATE_LIMITED',
          `Too many requests; try again in ${retryAfter}s`,
          undefined,
          retryAfter,
        );
      }
    }
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}

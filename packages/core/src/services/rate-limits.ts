import ipaddr from 'ipaddr.js';
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

/**
 * The key a client is counted under (R23): its IPv4 address, or its IPv6 /64. One host on
 * IPv6 usually holds a whole /64, so counting per address would hand it 2^64 budgets; an
 * IPv4-mapped address (`::ffff:a.b.c.d`, what a dual-stack socket reports) is the IPv4 client.
 */
export function rateLimitKey(ip: string | null): string {
  if (!ip) return 'unknown';
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const network = (address as ipaddr.IPv6).toByteArray().slice(0, 8);
  network.push(0, 0, 0, 0, 0, 0, 0, 0);
  return `${ipaddr.fromByteArray(network).toString()}/64`;
}

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
    let key: string | undefined;
    for (const bucket of buckets) {
      const limiter = this.#limiters[bucket];
      if (!limiter) continue;
      key ??= rateLimitKey(ip);
      try {
        await limiter.consume(key);
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

import { defineEntity, p } from '@mikro-orm/core';

/**
 * Counters of rate-limiter-flexible's RateLimiterPostgres, shared by every process. Its
 * layout is the library's; it is declared here so migrations create it and keep it.
 */
export const RateLimitSchema = defineEntity({
  name: 'RateLimit',
  tableName: 'rate_limits',
  properties: {
    key: p.string().length(255).primary(),
    points: p.integer().default(0),
    expire: p.bigint('number').nullable(),
  },
});

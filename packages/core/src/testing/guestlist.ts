import { generateSecretKey } from '../domain/secrets.ts';
import type { WebhookAddressCheck } from '../domain/webhook-url.ts';
import { createGuestlist, type Guestlist } from '../guestlist.ts';
import type { RetryPolicy } from '../jobs/queues.ts';
import type { RateLimitConfig } from '../services/rate-limits.ts';
import { createTestDatabase } from './database.ts';

export interface TestGuestlist {
  guestlist: Guestlist;
  databaseUrl: string;
  secretKey: string;
  /** An API key with `*`, for acting as the operator. */
  adminKey: string;
  close(): Promise<void>;
}

/** Retries within seconds, so tests of outages do not wait for production backoff. */
export const FAST_RETRIES: RetryPolicy = {
  retryLimit: 30,
  retryDelaySeconds: 1,
  retryDelayMaxSeconds: 2,
  expireInSeconds: 3,
};

/** A migrated Guestlist on a database of its own, with an operator key. */
export async function testGuestlist(
  serverUrl: string,
  options: {
    publicUrl?: string;
    rateLimits?: RateLimitConfig;
    retryPolicy?: Partial<RetryPolicy>;
    /** How a webhook's host is judged at registration; none: only its shape is checked. */
    webhookAddressCheck?: WebhookAddressCheck;
  } = {},
): Promise<TestGuestlist> {
  const database = await createTestDatabase(serverUrl);
  const secretKey = generateSecretKey();
  const guestlist = await createGuestlist({
    databaseUrl: database.url,
    secretKey,
    publicUrl: options.publicUrl ?? 'http://guestlist.test',
    poolSize: 5,
    // Generous unless a test is about the limits: other tests make many calls from one IP.
    rateLimits: options.rateLimits ?? { codes: 100_000, auth: 100_000 },
    retryPolicy: { ...FAST_RETRIES, ...options.retryPolicy },
    ...(options.webhookAddressCheck ? { webhookAddressCheck: options.webhookAddressCheck } : {}),
  });
  await guestlist.migrate();
  const { generated } = await guestlist.apiKeys.ensureAdminKey(undefined);
  return {
    guestlist,
    databaseUrl: database.url,
    secretKey,
    adminKey: generated!,
    async close() {
      await guestlist.close();
      await database.drop();
    },
  };
}

import type { RateLimitConfig, RetryPolicy } from '@guestlist/core';
import { type TestGuestlist, testGuestlist } from '@guestlist/core/testing';
import { webhookAddressCheck } from '@guestlist/worker';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { buildServer, type ServerOptions } from './app.ts';
import { createLogger } from './logger.ts';

export interface TestServer extends TestGuestlist {
  app: FastifyInstance;
  /** `http://127.0.0.1:PORT`, a real listening socket. */
  url: string;
}

/**
 * A real Guestlist HTTP server on a free loopback port, on a database of its own.
 * `serverUrl` is the test PostgreSQL server (vitest: `inject('databaseServerUrl')`).
 */
export async function startTestServer(
  serverUrl: string,
  options: {
    logLevel?: string;
    logDestination?: DestinationStream;
    rateLimits?: RateLimitConfig;
    /** The outbox's retries; quick ones unless given (a test of a failed delivery wants few). */
    retryPolicy?: Partial<RetryPolicy>;
    trustProxy?: boolean;
    webhookAllowPrivateNetworks?: boolean;
    /** `PUBLIC_URL`; `http://guestlist.test` unless given. */
    publicUrl?: string;
    server?: Pick<
      ServerOptions,
      'bodyLimit' | 'corsOrigins' | 'requestTimeoutMs' | 'headersTimeoutMs' | 'webRoot'
    >;
    /** Mounts more routes on the built server before it listens (a reference to compare to). */
    beforeListen?: (app: FastifyInstance, guestlist: TestGuestlist['guestlist']) => Promise<void>;
  } = {},
): Promise<TestServer> {
  const base = await testGuestlist(serverUrl, {
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
    // Test receivers listen on loopback.
    webhookAddressCheck: webhookAddressCheck(options.webhookAllowPrivateNetworks ?? true),
  });
  const app = await buildServer({
    guestlist: base.guestlist,
    logger: createLogger(options.logLevel ?? 'silent', options.logDestination),
    publicUrl: options.publicUrl ?? 'http://guestlist.test',
    trustProxy: options.trustProxy ?? false,
    version: '0.0.0-test',
    ...options.server,
  });
  await options.beforeListen?.(app, base.guestlist);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    ...base,
    app,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await base.close();
    },
  };
}

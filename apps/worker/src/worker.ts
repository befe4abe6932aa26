import type { Guestlist } from '@guestlist/core';
import type { Logger } from 'pino';

export interface Worker {
  stop(): Promise<void>;
}

export interface WorkerOptions {
  guestlist: Guestlist;
  logger: Logger;
}

/**
 * The background process. It holds no jobs yet: email delivery, webhook deliveries and the
 * expiry sweep arrive with the outbox. Until then it only proves the database is reachable,
 * so the production split (server and worker processes) can already be deployed.
 */
export async function startWorker({ guestlist, logger }: WorkerOptions): Promise<Worker> {
  if (!(await guestlist.ready())) throw new Error('worker: the database is not ready');
  logger.info('worker started');
  return {
    async stop() {
      logger.info('worker stopped');
    },
  };
}

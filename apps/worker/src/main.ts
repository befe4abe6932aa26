/** A worker process on its own (the production split): `node apps/worker/src/main.ts`. */
import path from 'node:path';
import { createGuestlist } from '@guestlist/core';
import { loadDotEnv, resolveSecretKey } from '@guestlist/core/database';
import pino from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { readEnv } from './env.ts';
import { defaultLogDestination } from './log-destination.ts';
import { createWorkerMetrics } from './metrics.ts';
import { serveMetrics } from './metrics-server.ts';
import { webhookAddressCheck } from './webhooks/public-address.ts';
import { startWorker } from './worker.ts';

loadDotEnv();
const env = readEnv();
const destination = defaultLogDestination();
const logger = destination
  ? pino({ level: env.LOG_LEVEL }, destination)
  : pino({ level: env.LOG_LEVEL });
const { secretKey } = await resolveSecretKey(env.SECRET_KEY, env.dataDir);
const guestlist = await createGuestlist({
  databaseUrl: env.DATABASE_URL,
  secretKey,
  publicUrl: env.PUBLIC_URL,
  webhookAddressCheck: webhookAddressCheck(env.WEBHOOK_ALLOW_PRIVATE_NETWORKS),
  onBackgroundError: (err) => logger.error({ err }, 'job queue error'),
});
await guestlist.migrate();
const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'guestlist_' });
const worker = await startWorker({
  guestlist,
  logger,
  mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, mailDir: path.join(env.dataDir, 'mail') },
  webhooks: { allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS },
  sweepIntervalSeconds: env.SWEEP_INTERVAL_SECONDS,
  metrics: createWorkerMetrics(registry),
});
const metricsServer =
  env.METRICS_PORT === undefined
    ? null
    : await serveMetrics(guestlist, registry, { port: env.METRICS_PORT, host: env.METRICS_HOST });
if (metricsServer) logger.info({ port: env.METRICS_PORT }, 'serving GET /metrics');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  metricsServer?.close();
  await worker.stop();
  await guestlist.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

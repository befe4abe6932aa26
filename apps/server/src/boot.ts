import { existsSync } from 'node:fs';
import path from 'node:path';
import { createGuestlist } from '@guestlist/core';
import {
  type EmbeddedDatabase,
  resolveDatabase,
  resolveSecretKey,
  writePrivateFile,
} from '@guestlist/core/database';
import {
  createWorkerMetrics,
  startWorker,
  type Worker,
  webhookAddressCheck,
} from '@guestlist/worker';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import packageJson from '../package.json' with { type: 'json' };
import { buildServer } from './app.ts';
import type { Env } from './env.ts';
import { createLogger } from './logger.ts';

/**
 * The browser app's build (`apps/web`, `vite build`): `web/` beside the bundle in the production
 * build, else next to this app in the repository.
 */
const WEB_ROOT =
  [
    path.resolve(import.meta.dirname, '../web'),
    path.resolve(import.meta.dirname, '../../web/dist'),
  ].find((dir) => existsSync(path.join(dir, 'index.html'))) ??
  path.resolve(import.meta.dirname, '../../web/dist');

export interface Running {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts Guestlist in this process: the database (embedded unless DATABASE_URL), migrations,
 * the operator's key, the HTTP server, and with `withWorker` the worker beside it.
 */
export async function boot(
  env: Env,
  { withWorker, signal }: { withWorker: boolean; signal?: AbortSignal },
): Promise<Running> {
  /** A stop asked for while starting: unwind what has started instead of running on. */
  const checkpoint = () => {
    if (signal?.aborted) throw new Error('stopped while starting');
  };
  const logger = createLogger(env.LOG_LEVEL);
  const { secretKey, generated: newSecret } = await resolveSecretKey(env.SECRET_KEY, env.dataDir);
  if (newSecret)
    logger.warn(
      'SECRET_KEY is not set: generated one into DATA_DIR/secret-key. Set SECRET_KEY in production.',
    );
  const database = await resolveDatabase(env.DATABASE_URL, env.dataDir, (line) =>
    logger.debug({ postgres: line }),
  );
  if (database.embedded)
    logger.info({ databaseDir: database.embedded.databaseDir }, 'using embedded PostgreSQL');

  // Whatever started must stop again if a later step fails, or the embedded server is orphaned.
  const started: (() => Promise<unknown>)[] = [];
  const unwind = async () => {
    for (const stop of started.reverse()) await stop().catch(() => {});
  };
  if (database.embedded) started.push(() => database.embedded!.stop());
  try {
    const guestlist = await createGuestlist({
      databaseUrl: database.url,
      secretKey,
      publicUrl: env.publicUrl,
      rateLimits: { codes: env.RATE_LIMIT_CODES, auth: env.RATE_LIMIT_AUTH },
      webhookAddressCheck: webhookAddressCheck(env.WEBHOOK_ALLOW_PRIVATE_NETWORKS),
      onBackgroundError: (err) => logger.error({ err }, 'job queue error'),
    });
    started.push(() => guestlist.close());
    checkpoint();
    const applied = await guestlist.migrate();
    if (applied.length > 0) logger.info({ migrations: applied }, 'applied migrations');

    const { generated } = await guestlist.apiKeys.ensureAdminKey(env.ADMIN_API_KEY);
    // Saved at once: if a later step fails, the key exists and the operator still has it.
    const keyFile = path.join(env.dataDir, 'admin-api-key');
    if (generated) await writePrivateFile(keyFile, `${generated}\n`);
    const metricsRegistry = new Registry();
    const app = await buildServer({
      guestlist,
      logger,
      publicUrl: env.publicUrl,
      trustProxy: env.TRUST_PROXY,
      corsOrigins: env.CORS_ORIGINS,
      version: packageJson.version,
      webRoot: WEB_ROOT,
      metricsRegistry,
    });
    if (!existsSync(path.join(WEB_ROOT, 'index.html')))
      logger.warn('the browser app is not built (pnpm --filter @guestlist/web build): API only');
    started.push(() => app.close());
    checkpoint();
    await app.listen({ port: env.PORT, host: env.HOST });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : env.PORT;
    const host = env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
    const url = `http://${host}:${port}`;

    const worker: Worker | null = withWorker
      ? await startWorker({
          guestlist,
          logger,
          mail: {
            smtpUrl: env.SMTP_URL,
            from: env.MAIL_FROM,
            mailDir: path.join(env.dataDir, 'mail'),
          },
          webhooks: { allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS },
          sweepIntervalSeconds: env.SWEEP_INTERVAL_SECONDS,
          metrics: createWorkerMetrics(metricsRegistry),
        })
      : null;
    if (worker) started.push(() => worker.stop());

    // Shown once, on the terminal, never through the logger: logs are shipped and kept.
    const lines = [`Guestlist is listening on ${url}`, `  API reference: ${url}/docs`];
    if (database.embedded) lines.push(...embeddedLines(database.embedded));
    if (generated)
      lines.push(`  Admin API key (shown once, also saved to ${keyFile}):`, `  ${generated}`);
    process.stdout.write(`\n${lines.join('\n')}\n\n`);
    let stopped: Promise<void> | undefined;
    return {
      app,
      url,
      stop() {
        stopped ??= (async () => {
          await app.close();
          await worker?.stop();
          await guestlist.close();
          await database.embedded?.stop();
        })();
        return stopped;
      },
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}

/** Where the embedded cluster is, said at start: under root it may have moved out of DATA_DIR. */
function embeddedLines(embedded: EmbeddedDatabase): string[] {
  const lines = [`  Embedded PostgreSQL: ${embedded.databaseDir}`];
  if (embedded.copiedPrograms)
    lines.push(
      `  PostgreSQL programs (copied for the postgres account): ${embedded.copiedPrograms}`,
    );
  return lines;
}

/** Boots, or explains on stderr why it cannot (a configuration error is not a crash). */
export async function bootOrExit(
  env: () => Env,
  options: { withWorker: boolean },
): Promise<Running> {
  // A SIGTERM before start-up completes must still stop the embedded database: it aborts the
  // boot, which unwinds what it started.
  const starting = new AbortController();
  const abort = () => starting.abort();
  process.once('SIGTERM', abort);
  process.once('SIGINT', abort);
  try {
    const running = await boot(env(), { ...options, signal: starting.signal });
    if (starting.signal.aborted) {
      await running.stop();
      process.exit(0);
    }
    return running;
  } catch (error) {
    const message = starting.signal.aborted
      ? 'stopped while starting'
      : error instanceof Error
        ? error.message
        : String(error);
    process.stderr.write(`Guestlist could not start: ${message}\n`);
    process.exit(starting.signal.aborted ? 0 : 1);
  } finally {
    process.off('SIGTERM', abort);
    process.off('SIGINT', abort);
  }
}

/** Stops cleanly on SIGTERM and SIGINT: in-flight requests finish, then the database closes. */
export function stopOnSignals(running: Running): void {
  const stop = (signal: string) => {
    running.app.log.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        running.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

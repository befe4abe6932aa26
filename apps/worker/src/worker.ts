import {
  type AccountEmailJob,
  type EmailJob,
  type Guestlist,
  type LegacyWebhookJob,
  queues,
  type WebhookJob,
} from '@guestlist/core';
import type { Job, JobResult, JobWithMetadata } from 'pg-boss';
import type { Logger } from 'pino';
import { sendAccountEmail } from './mail/account-emails.ts';
import { sendInviteEmails } from './mail/invite-emails.ts';
import { createMailTransport, type MailConfig } from './mail/transport.ts';
import { createWorkerMetrics, type WorkerMetrics } from './metrics.ts';
import { deliverWebhook, type WebhookDeliveryOptions } from './webhooks/deliver.ts';

export interface Worker {
  /** Its counters (emails, webhook deliveries, expired invites, jobs by result). */
  metrics: WorkerMetrics;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  guestlist: Guestlist;
  logger: Logger;
  mail: MailConfig;
  webhooks?: Partial<WebhookDeliveryOptions>;
  /** Seconds between expiry sweeps (R17). */
  sweepIntervalSeconds?: number;
  /**
   * How often the queue looks for jobs whose worker died mid-run, to retry them. pg-boss
   * checks every minute; tests shorten it.
   */
  superviseIntervalSeconds?: number;
  /** Seconds between polls when no notification arrives. */
  pollingIntervalSeconds?: number;
  /** Where its counters go: the server's registry when both run in one process. */
  metrics?: WorkerMetrics;
}

/** Jobs fetched per poll; each batch runs concurrently and reports per job. */
const BATCH_SIZE = 20;

/**
 * Invite emails come in larger batches, more of them at once. A batch costs the same few
 * statements however large, and commits wait on the disk: at a backlog of 20 per batch, two
 * at a time, the worker spent most of its time waiting between batches while the mail
 * server's connections sat idle. Webhooks keep the smaller figures: each is a request to
 * someone else's server.
 */
const EMAIL_BATCH_SIZE = 50;
const EMAIL_BATCHES_AT_ONCE = 4;

/**
 * The background process: invite and account emails and webhook deliveries from the outbox (pg-boss, in
 * the same database), and the expiry sweep. Any number of workers may run against one
 * database: a job is claimed by one of them (`SKIP LOCKED`), and the sweep is safe to overlap.
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const { guestlist, logger } = options;
  if (!(await guestlist.ready())) throw new Error('worker: the database is not ready');
  const metrics = options.metrics ?? createWorkerMetrics();
  const transport = createMailTransport(options.mail);
  const webhookOptions: WebhookDeliveryOptions = {
    allowPrivateNetworks: options.webhooks?.allowPrivateNetworks ?? false,
    timeoutMs: options.webhooks?.timeoutMs ?? 10_000,
  };
  const supervise = options.superviseIntervalSeconds ?? 60;
  const boss = guestlist.jobQueue({
    supervise: true,
    superviseIntervalSeconds: supervise,
    monitorIntervalSeconds: supervise,
    // One connection listens for new jobs; polling stays as the fallback.
    useListenNotify: true,
    max: 10,
  });
  await boss.start();

  const polling = options.pollingIntervalSeconds ?? 2;
  const work = {
    batchSize: BATCH_SIZE,
    perJobResults: true,
    pollingIntervalSeconds: polling,
    // A retry coming due sends no notification: keep polling at the same pace.
    notifyPollingIntervalSeconds: polling,
    // A backlog is drained without pausing between full batches, two batches at a time.
    burstWhenBatchFull: true,
    localConcurrency: 2,
  } as const;
  const emailWork = {
    ...work,
    batchSize: EMAIL_BATCH_SIZE,
    localConcurrency: EMAIL_BATCHES_AT_ONCE,
  } as const;
  /** Counts a queue's batches: how long each took and how its jobs ended. */
  const timed =
    <J extends Job<unknown>>(queue: string, run: (jobs: J[]) => Promise<JobResult[]>) =>
    async (jobs: J[]): Promise<JobResult[]> => {
      const started = performance.now();
      const results = await run(jobs);
      metrics.batch(queue, results, (performance.now() - started) / 1000);
      return results;
    };
  /** Runs a batch concurrently; an unexpected error fails that job alone, to be retried. */
  const each =
    <J extends Job<unknown>>(handle: (job: J) => Promise<JobResult>) =>
    (jobs: J[]): Promise<JobResult[]> =>
      Promise.all(
        jobs.map((job) =>
          handle(job).catch((error: unknown): JobResult => {
            logger.error({ err: error, queue: job.name }, 'job failed unexpectedly');
            return { id: job.id, status: 'failed', output: { error: String(error) } };
          }),
        ),
      );

  await boss.work<EmailJob>(
    queues.email,
    emailWork,
    timed(queues.email, (jobs) => sendInviteEmails(guestlist, transport, logger, metrics, jobs)),
  );
  await boss.work<EmailJob>(
    queues.emailFailed,
    work,
    timed(
      queues.emailFailed,
      each(async (job) => {
        await guestlist.delivery.gaveUp(job.data);
        metrics.emails('abandoned');
        return { id: job.id, status: 'completed' };
      }),
    ),
  );
  await boss.work<AccountEmailJob>(
    queues.accountEmail,
    work,
    timed(
      queues.accountEmail,
      each((job) => sendAccountEmail(guestlist, transport, logger, metrics, job)),
    ),
  );
  // With its metadata, a job tells its last attempt, which the deliveries log marks failed.
  await boss.work(
    queues.webhook,
    { ...work, includeMetadata: true } as const,
    timed(
      queues.webhook,
      each((job: JobWithMetadata<WebhookJob | LegacyWebhookJob>) =>
        deliverWebhook(guestlist, webhookOptions, logger, metrics, job),
      ),
    ),
  );

  let sweeping: Promise<void> | null = null;
  const sweep = () => {
    sweeping ??= guestlist.maintenance
      .sweep()
      .then((result) => {
        metrics.expired(result.expiredInvites);
        if (result.expiredInvites > 0) logger.info(result, 'expired invites swept');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'sweep failed'))
      .finally(() => {
        sweeping = null;
      });
    return sweeping;
  };
  const interval = (options.sweepIntervalSeconds ?? 60) * 1000;
  const timer = setInterval(sweep, interval);
  timer.unref();
  void sweep();

  logger.info({ mail: transport.description }, 'worker started');
  return {
    metrics,
    async stop() {
      clearInterval(timer);
      await sweeping;
      // Graceful: jobs in hand get ten seconds to finish; pg-boss fails what is still running
      // then, and those jobs are retried (an email in flight at that moment may go out twice).
      await boss.stop({ graceful: true, timeout: 10_000, close: true });
      transport.close();
      logger.info('worker stopped');
    },
  };
}

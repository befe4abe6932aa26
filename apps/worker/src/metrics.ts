import { Counter, Histogram, Registry } from 'prom-client';

export type EmailOutcome =
  /** The mail server accepted it. */
  | 'sent'
  /** A transient failure: the job is retried with backoff. */
  | 'failed'
  /** Refused for good (recipient or message): recorded on the invite, never retried. */
  | 'rejected'
  /** Out of attempts after transient failures: recorded on the invite. */
  | 'abandoned'
  /** Nothing to send: the invite was canceled, deleted or already sent meanwhile. */
  | 'skipped';

export type WebhookOutcome =
  /** The receiver answered 2xx. */
  | 'delivered'
  /** The receiver answered something else, or could not be reached: retried. */
  | 'failed'
  /** The address now resolves to a private network: never retried. */
  | 'blocked'
  /** The webhook was deleted before its delivery: dropped. */
  | 'dropped';

/**
 * What this worker did, as Prometheus counters. The database gauges that a server's
 * `/metrics` reads (invites by state, jobs by queue and state) say where things stand; these
 * say what happened, per process, and survive the jobs' retention.
 */
export interface WorkerMetrics {
  registry: Registry;
  emails(outcome: EmailOutcome, count?: number): void;
  webhook(outcome: WebhookOutcome): void;
  expired(count: number): void;
  /** One batch of a queue, its jobs' results and how long it took. */
  batch(queue: string, results: readonly { status?: string }[], seconds: number): void;
}

/** Counters registered in `registry` (the server's, when the worker runs inside it). */
export function createWorkerMetrics(registry: Registry = new Registry()): WorkerMetrics {
  const emails = new Counter({
    name: 'guestlist_emails_total',
    help: 'Invite email attempts by this worker, by outcome (sent, failed, rejected, abandoned, skipped)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const webhooks = new Counter({
    name: 'guestlist_webhook_deliveries_total',
    help: 'Webhook deliveries attempted by this worker, by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const expired = new Counter({
    name: 'guestlist_invites_expired_total',
    help: 'Invites this worker marked expired in its sweeps',
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'guestlist_worker_jobs_total',
    help: "Outbox jobs this worker finished, by queue and pg-boss' result",
    labelNames: ['queue', 'result'] as const,
    registers: [registry],
  });
  const batches = new Histogram({
    name: 'guestlist_worker_batch_duration_seconds',
    help: 'Time to run one batch of jobs, by queue',
    labelNames: ['queue'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return {
    registry,
    emails: (outcome, count = 1) => {
      if (count > 0) emails.inc({ outcome }, count);
    },
    webhook: (outcome) => webhooks.inc({ outcome }),
    expired: (count) => {
      if (count > 0) expired.inc(count);
    },
    batch: (queue, results, seconds) => {
      for (const { status } of results) jobs.inc({ queue, result: status ?? 'completed' });
      batches.observe({ queue }, seconds);
    },
  };
}

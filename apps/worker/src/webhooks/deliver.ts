import type { Guestlist, LegacyWebhookJob, WebhookJob } from '@guestlist/core';
import type { JobResult } from 'pg-boss';
import type { Logger } from 'pino';
import { Webhook } from 'standardwebhooks';
import type { WorkerMetrics } from '../metrics.ts';
import { postJson } from './post.ts';
import { PrivateAddressError } from './public-address.ts';

export interface WebhookDeliveryOptions {
  allowPrivateNetworks: boolean;
  timeoutMs: number;
}

/** A job as the queue hands it over, with what tells its last attempt from the others. */
export interface WebhookDeliveryJob {
  id: string;
  data: WebhookJob | LegacyWebhookJob;
  retryCount: number;
  retryLimit: number;
}

/**
 * Standard Webhooks' headers: one `v1,` signature per secret, space-separated, so that during
 * a rotation a receiver holding either secret verifies (spec §9).
 */
function signedHeaders(secrets: string[], messageId: string, body: string) {
  const now = new Date();
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': secrets
      .map((secret) => new Webhook(secret).sign(messageId, now, body))
      .join(' '),
  };
}

/** An error as the log keeps it: the origin stands for the URL, whose path may hold a token. */
function describe(error: unknown, url: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return URL.canParse(url) ? message.replaceAll(url, new URL(url).origin) : message;
}

/**
 * Delivers one event to one webhook, signed per Standard Webhooks, and records the attempt in
 * the deliveries log. A 2xx answer completes it; anything else answers `failed`, and the queue
 * retries with backoff until its retries run out, when the log marks it failed. The
 * `webhook-id` stays the same across attempts and retries so a receiver can discard duplicates.
 */
export async function deliverWebhook(
  guestlist: Guestlist,
  options: WebhookDeliveryOptions,
  logger: Logger,
  metrics: WorkerMetrics,
  job: WebhookDeliveryJob,
): Promise<JobResult> {
  const { data } = job;
  if (!('deliveryId' in data)) {
    return deliverLegacy(guestlist, options, logger, metrics, { id: job.id, data });
  }
  const log = guestlist.webhookDeliveries;
  const attempt = await log.forAttempt(data.deliveryId);
  // Its webhook was deleted (and the log with it), or it was settled already.
  if (!attempt) {
    metrics.webhook('dropped');
    return { id: job.id, status: 'completed' };
  }
  const { deliveryId, webhookId, type, url, body } = attempt;
  const headers = signedHeaders(attempt.secrets, attempt.messageId, body);
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const last = job.retryCount >= job.retryLimit;
  try {
    const { status } = await postJson(url, body, headers, {
      allowPrivate: options.allowPrivateNetworks,
      timeoutMs: options.timeoutMs,
    });
    const durationMs = elapsed();
    if (status >= 200 && status < 300) {
      await log.recordAttempt(deliveryId, {
        status: 'delivered',
        responseStatus: status,
        durationMs,
        error: null,
      });
      metrics.webhook('delivered');
      return { id: job.id, status: 'completed' };
    }
    await log.recordAttempt(deliveryId, {
      status: last ? 'failed' : 'pending',
      responseStatus: status,
      durationMs,
      // The receiver's body is not kept: it is theirs, and may echo anything.
      error: `The receiver answered HTTP ${status}`,
    });
    metrics.webhook('failed');
    logger.warn({ webhookId, type, status }, 'webhook receiver refused a delivery');
    return { id: job.id, status: 'failed', output: { status } };
  } catch (error) {
    const message = describe(error, url);
    // The host now resolves to a private address: retrying cannot make that safe.
    const final = error instanceof PrivateAddressError;
    await log.recordAttempt(deliveryId, {
      status: final || last ? 'failed' : 'pending',
      responseStatus: null,
      durationMs: elapsed(),
      error: message,
    });
    metrics.webhook(final ? 'blocked' : 'failed');
    logger.warn({ webhookId, type, final, err: message }, 'webhook delivery failed');
    return { id: job.id, status: final ? 'deadletter' : 'failed', output: { error: message } };
  }
}

/** A job queued before the deliveries log existed: delivered as it was, with no log to keep. */
async function deliverLegacy(
  guestlist: Guestlist,
  options: WebhookDeliveryOptions,
  logger: Logger,
  metrics: WorkerMetrics,
  job: { id: string; data: LegacyWebhookJob },
): Promise<JobResult> {
  const { webhookId, messageId, type, timestamp, data } = job.data;
  const hook = await guestlist.webhookDeliveries.forLegacyJob(webhookId);
  if (!hook) {
    metrics.webhook('dropped');
    return { id: job.id, status: 'completed' };
  }
  const body = JSON.stringify({ type, timestamp, data });
  try {
    const { status } = await postJson(
      hook.url,
      body,
      signedHeaders(hook.secrets, messageId, body),
      {
        allowPrivate: options.allowPrivateNetworks,
        timeoutMs: options.timeoutMs,
      },
    );
    if (status >= 200 && status < 300) {
      metrics.webhook('delivered');
      return { id: job.id, status: 'completed' };
    }
    metrics.webhook('failed');
    logger.warn({ webhookId, type, status }, 'webhook receiver refused a delivery');
    return { id: job.id, status: 'failed', output: { status } };
  } catch (error) {
    const message = describe(error, hook.url);
    const final = error instanceof PrivateAddressError;
    metrics.webhook(final ? 'blocked' : 'failed');
    logger.warn({ webhookId, type, final, err: message }, 'webhook delivery failed');
    return { id: job.id, status: final ? 'deadletter' : 'failed', output: { error: message } };
  }
}

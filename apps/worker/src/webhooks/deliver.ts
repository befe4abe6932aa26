import type { Guestlist, WebhookJob } from '@guestlist/core';
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

/**
 * Delivers one event to one webhook, signed per Standard Webhooks. A 2xx answer completes it;
 * anything else answers `failed`, and the queue retries with backoff. The `webhook-id` stays
 * the same across attempts so a receiver can discard duplicates.
 */
export async function deliverWebhook(
  guestlist: Guestlist,
  options: WebhookDeliveryOptions,
  logger: Logger,
  metrics: WorkerMetrics,
  job: { id: string; data: WebhookJob },
): Promise<JobResult> {
  const { webhookId, messageId, type, timestamp, data } = job.data;
  const hook = await guestlist.webhooks.forDelivery(webhookId);
  // Deleted since: its deliveries are dropped.
  if (!hook) {
    metrics.webhook('dropped');
    return { id: job.id, status: 'completed' };
  }
  const body = JSON.stringify({ type, timestamp, data });
  const now = new Date();
  const signature = new Webhook(hook.secret).sign(messageId, now, body);
  const headers = {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signature,
  };
  try {
    const { status } = await postJson(hook.url, body, headers, {
      allowPrivate: options.allowPrivateNetworks,
      timeoutMs: options.timeoutMs,
    });
    if (status >= 200 && status < 300) {
      metrics.webhook('delivered');
      return { id: job.id, status: 'completed' };
    }
    metrics.webhook('failed');
    logger.warn({ webhookId, type, status }, 'webhook receiver refused a delivery');
    return { id: job.id, status: 'failed', output: { status } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The host now resolves to a private address: retrying cannot make that safe.
    const final = error instanceof PrivateAddressError;
    metrics.webhook(final ? 'blocked' : 'failed');
    logger.warn({ webhookId, type, final, err: message }, 'webhook delivery failed');
    return { id: job.id, status: final ? 'deadletter' : 'failed', output: { error: message } };
  }
}

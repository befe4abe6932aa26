import type { PgBoss, QueueOptions } from 'pg-boss';

/**
 * The queues of the outbox. Jobs carry ids and event payloads, never a code or a secret: the
 * worker reads what it needs from the database when it runs the job (spec §7).
 */
export const queues = {
  /** One email for one invite: `{ inviteId, deliveryId }`. */
  email: 'invite-email',
  /** Emails whose retries ran out, moved here by pg-boss to be recorded as failed. */
  emailFailed: 'invite-email-failed',
  /** One verification or password-reset email: {@link AccountEmailJob}. */
  accountEmail: 'account-email',
  /** One event for one webhook: {@link WebhookJob} (or, queued by an older version, {@link LegacyWebhookJob}). */
  webhook: 'webhook-delivery',
} as const;

export interface EmailJob {
  inviteId: string;
  /** The delivery it was queued for; a resend starts another and retires this job. */
  deliveryId: string;
}

/**
 * An account's email (spec §8). The token is needed at send time and the database keeps only
 * its digest, so the job carries it sealed under `SECRET_KEY` (AES-256-GCM): a copy of the
 * job table without the key yields no usable link.
 */
export interface AccountEmailJob {
  tokenId: string;
  sealed: string;
  /** The `Accept-Language` of the request that caused it: its language, unless absent (§11). */
  acceptLanguage?: string | null;
}

/**
 * One delivery of the log (spec §9): the worker reads its payload and webhook when it runs, so
 * a retry sends the same message and a rotated or deleted webhook is seen at once.
 */
export interface WebhookJob {
  deliveryId: string;
}

/** A job queued before the deliveries log existed: it carried its event whole. */
export interface LegacyWebhookJob {
  webhookId: string;
  /** Standard Webhooks' `webhook-id`: the same for every attempt, so receivers can deduplicate. */
  messageId: string;
  type: string;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: Record<string, unknown>;
}

/** How hard the outbox tries. The defaults ride out an SMTP or receiver outage of about a day. */
export interface RetryPolicy {
  /** Attempts after the first. */
  retryLimit: number;
  /** Seconds before the first retry; each retry waits about twice as long as the last. */
  retryDelaySeconds: number;
  retryDelayMaxSeconds: number;
  /** A job still running after this long is taken to be lost (its worker died) and retried. */
  expireInSeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  // 15 s doubling up to 3 h apart: 16 retries span about a day (22 to 25 hours with jitter).
  retryLimit: 16,
  retryDelaySeconds: 15,
  retryDelayMaxSeconds: 3 * 60 * 60,
  expireInSeconds: 120,
};

function queueOptions(policy: RetryPolicy): QueueOptions & { notify: boolean } {
  return {
    retryLimit: policy.retryLimit,
    retryDelay: policy.retryDelaySeconds,
    retryBackoff: true,
    retryDelayMax: policy.retryDelayMaxSeconds,
    expireInSeconds: policy.expireInSeconds,
    // A new job wakes listening workers at commit instead of at their next poll.
    notify: true,
  };
}

/**
 * Creates the queues that do not exist yet. Every process runs this at start; pg-boss creates
 * a queue under an advisory lock, so concurrent starts are safe. An existing queue keeps its
 * policy: change it with pg-boss's `updateQueue`, not by restarting with other defaults.
 */
export async function installQueues(boss: PgBoss, policy: RetryPolicy): Promise<void> {
  const options = queueOptions(policy);
  const wanted = [
    [queues.emailFailed, {}],
    [queues.email, { ...options, deadLetter: queues.emailFailed }],
    [queues.webhook, options],
    [queues.accountEmail, options],
  ] as const;
  for (const [name, queueOptions] of wanted) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name, queueOptions);
  }
}

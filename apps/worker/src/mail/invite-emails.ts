import {
  type EmailDraft,
  type EmailJob,
  type Guestlist,
  inviteTemplateKinds,
  type SettingsView,
} from '@guestlist/core';
import type { JobResult } from 'pg-boss';
import type { Logger } from 'pino';
import type { WorkerMetrics } from '../metrics.ts';
import { renderInviteEmail, type TemplateRenderer } from './render.ts';
import { isPermanentMailError, type MailTransport } from './transport.ts';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

type EmailJobInHand = { id: string; data: EmailJob; expireInSeconds: number };

/**
 * Sends a batch of invite emails and records each outcome on its invite (`delivery`). The
 * deliveries are claimed first, for as long as pg-boss gives the jobs, so a copy of a job
 * handed out again meanwhile waits instead of sending twice. The emails go out concurrently
 * (the transport pools its connections); the sent ones are recorded together. A transient
 * failure answers `failed`, and the queue retries that job with backoff; a refusal of the
 * recipient or the message is final at once.
 */
export async function sendInviteEmails(
  guestlist: Guestlist,
  transport: MailTransport,
  logger: Logger,
  metrics: WorkerMetrics,
  jobs: readonly EmailJobInHand[],
): Promise<JobResult[]> {
  const hold = Math.min(...jobs.map((job) => job.expireInSeconds));
  // Once per batch, beside the claim: the branding, labels, default language and templates.
  const [claims, { settings, render }] = await Promise.all([
    guestlist.delivery.claim(
      jobs.map((job) => job.data),
      hold,
    ),
    guestlist.templates.forBatch(inviteTemplateKinds),
  ]);
  const sent: EmailJobInHand[] = [];
  const results = await Promise.all(
    jobs.map(async (job, i): Promise<JobResult | null> => {
      const claim = claims[i];
      if (claim === 'stale') {
        metrics.emails('skipped');
        return { id: job.id, status: 'completed' };
      }
      if (claim === 'busy' || claim === undefined)
        return { id: job.id, status: 'failed', output: { error: 'in progress' } };
      try {
        const email = { render, settings, draft: claim.draft };
        const outcome = await send(guestlist, transport, logger, job, email);
        if (outcome) {
          metrics.emails(outcome.status === 'completed' ? 'rejected' : 'failed');
          return outcome;
        }
        sent.push(job);
        return null;
      } catch (error) {
        // Recording a failure failed (the database): this job alone is retried.
        logger.error({ err: error, inviteId: job.data.inviteId }, 'invite email job failed');
        return { id: job.id, status: 'failed', output: { error: messageOf(error) } };
      }
    }),
  );
  try {
    await guestlist.delivery.sent(sent.map((job) => job.data));
  } catch (error) {
    // The emails went out but their outcome is not recorded: the jobs are retried, and those
    // emails may arrive twice (delivery is at least once).
    logger.error({ err: error }, 'sent emails not recorded');
    const failed = new Set(sent.map((job) => job.id));
    return jobs.map(
      (job, i) =>
        (failed.has(job.id)
          ? { id: job.id, status: 'failed', output: { error: messageOf(error) } }
          : results[i]) as JobResult,
    );
  }
  metrics.emails('sent', sent.length);
  for (const job of sent) logger.debug({ inviteId: job.data.inviteId }, 'invite email sent');
  return jobs.map((job, i) => results[i] ?? { id: job.id, status: 'completed' });
}

/** One email; `null` when the mail server accepted it, else the job's result after recording why. */
async function send(
  guestlist: Guestlist,
  transport: MailTransport,
  logger: Logger,
  job: EmailJobInHand,
  {
    render,
    settings,
    draft,
  }: { render: TemplateRenderer; settings: SettingsView; draft: EmailDraft },
): Promise<JobResult | null> {
  let final = false;
  try {
    const email = await renderInviteEmail(render, draft, settings);
    try {
      await transport.send({ to: draft.to, ...email });
    } catch (error) {
      final = isPermanentMailError(error);
      throw error;
    }
    return null;
  } catch (error) {
    // Whatever failed (the mail server, a wrong SECRET_KEY, the template), the invite shows it;
    // but the inviter of a user never learns that user's address from a mail server's words.
    const message = withoutAddress(messageOf(error), draft);
    await guestlist.delivery.failed(job.data, message, { final });
    logger.warn({ inviteId: job.data.inviteId, final, err: message }, 'invite email not delivered');
    return { id: job.id, status: final ? 'completed' : 'failed', output: { error: message } };
  }
}

/** The error as the invite's readers may see it: a user's own address is not theirs to read. */
function withoutAddress(message: string, draft: EmailDraft): string {
  if (draft.addressedTo === 'email') return message;
  const escaped = draft.to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return message.replace(new RegExp(escaped, 'gi'), '[the invitee’s address]');
}

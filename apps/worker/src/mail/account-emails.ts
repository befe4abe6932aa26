import type { AccountEmailJob, Guestlist } from '@guestlist/core';
import type { Job, JobResult } from 'pg-boss';
import type { Logger } from 'pino';
import type { WorkerMetrics } from '../metrics.ts';
import { renderAccountEmail } from './render.ts';
import { isPermanentMailError, type MailTransport } from './transport.ts';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Sends one verification or password-reset email (spec §8). The token is opened from the job
 * only now, and only while it can still be used: a token used, expired or retired by a newer
 * link sends nothing. A transient failure answers `failed` and the queue retries with backoff,
 * as for invite emails; a refusal of the recipient or the message is final.
 */
export async function sendAccountEmail(
  guestlist: Guestlist,
  transport: MailTransport,
  logger: Logger,
  metrics: WorkerMetrics,
  job: Job<AccountEmailJob>,
): Promise<JobResult> {
  const draft = await guestlist.accountMail.draft(job.data);
  if (!draft) {
    metrics.emails('skipped');
    return { id: job.id, status: 'completed' };
  }
  try {
    const settings = await guestlist.templates.settings();
    const email = await renderAccountEmail(
      (kind, locale, variables) => guestlist.templates.render(kind, locale, variables),
      draft,
      settings,
      job.data.acceptLanguage,
    );
    await transport.send({
      to: draft.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
    });
  } catch (error) {
    const final = isPermanentMailError(error);
    const message = messageOf(error);
    logger.warn(
      { tokenId: job.data.tokenId, purpose: draft.purpose, final, err: message },
      'account email not delivered',
    );
    metrics.emails(final ? 'rejected' : 'failed');
    return { id: job.id, status: final ? 'completed' : 'failed', output: { error: message } };
  }
  metrics.emails('sent');
  logger.debug({ tokenId: job.data.tokenId, purpose: draft.purpose }, 'account email sent');
  return { id: job.id, status: 'completed' };
}

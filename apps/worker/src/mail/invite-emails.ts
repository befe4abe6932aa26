import type { Guestlist } from '@guestlist/core';
import type { JobResult } from 'pg-boss';
import type { Logger } from 'pino';
import { renderInviteEmail } from './render.ts';
import { isPermanentMailError, type MailTransport } from './transport.ts';

export interface EmailJobInput {
  id: string;
  data: { inviteId: string };
}

/**
 * Sends one invite's email and records the outcome on the invite (`delivery`). A transient
 * failure answers `failed`, so the queue retries it with backoff; a refusal by the mail server
 * is final at once.
 */
export async function sendInviteEmail(
  guestlist: Guestlist,
  transport: MailTransport,
  logger: Logger,
  job: EmailJobInput,
): Promise<JobResult> {
  const { inviteId } = job.data;
  const draft = await guestlist.delivery.draft(inviteId);
  // Deleted, canceled, used or expired since, or already sent: nothing to do.
  if (!draft) return { id: job.id, status: 'completed' };
  const email = renderInviteEmail({ ...draft, productName: 'Guestlist' });
  try {
    await transport.send({ to: draft.to, ...email });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const final = isPermanentMailError(error);
    await guestlist.delivery.failed(inviteId, message, { final });
    logger.warn({ inviteId, final, err: message }, 'invite email not delivered');
    return { id: job.id, status: final ? 'completed' : 'failed', output: { error: message } };
  }
  await guestlist.delivery.sent(inviteId);
  logger.debug({ inviteId }, 'invite email sent');
  return { id: job.id, status: 'completed' };
}

import type { EmailJob, Guestlist } from '@guestlist/core';
import type { JobResult } from 'pg-boss';
import type { Logger } from 'pino';
import { renderInviteEmail } from './render.ts';
import { isPermanentMailError, type MailTransport } from './transport.ts';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Sends one invite's email and records the outcome on the invite (`delivery`). The delivery is
 * claimed first, for as long as pg-boss gives the job, so a copy of the job handed out again
 * meanwhile waits instead of sending twice. A transient failure answers `failed`, and the queue
 * retries it with backoff; a refusal of the recipient or the message is final at once.
 */
export async function sendInviteEmail(
  guestlist: Guestlist,
  transport: MailTransport,
  logger: Logger,
  job: { id: string; data: EmailJob; expireInSeconds: number },
): Promise<JobResult> {
  const claim = await guestlist.delivery.claim(job.data, job.expireInSeconds);
  if (claim === 'stale') return { id: job.id, status: 'completed' };
  if (claim === 'busy') return { id: job.id, status: 'failed', output: { error: 'in progress' } };
  let final = false;
  try {
    const { draft } = claim;
    const email = renderInviteEmail({ ...draft, productName: 'Guestlist' });
    try {
      await transport.send({ to: draft.to, ...email });
    } catch (error) {
      final = isPermanentMailError(error);
      throw error;
    }
  } catch (error) {
    // Whatever failed (the mail server, a wrong SECRET_KEY, the template), the invite shows it.
    const message = messageOf(error);
    await guestlist.delivery.failed(job.data, message, { final });
    logger.warn({ inviteId: job.data.inviteId, final, err: message }, 'invite email not delivered');
    return { id: job.id, status: final ? 'completed' : 'failed', output: { error: message } };
  }
  await guestlist.delivery.sent(job.data);
  logger.debug({ inviteId: job.data.inviteId }, 'invite email sent');
  return { id: job.id, status: 'completed' };
}

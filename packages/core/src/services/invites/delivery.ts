import type { Actor } from '../../domain/principal.ts';
import type { InviteType } from '../../domain/types.ts';
import type { Locale } from '../../domain/vocabulary.ts';
import type { EmailJob } from '../../jobs/queues.ts';
import {
  claimDeliveries,
  inviteeAddresses,
  markSent,
  releaseClaims,
  stillQueued,
  updateDelivery,
} from '../../repositories/invite-delivery.ts';
import { type InviteRelations, loadInviteRelations } from '../../repositories/invite-relations.ts';
import type { InviteChanges, InviteRow } from '../../repositories/invites.ts';
import { type Em, inTransaction, type Tx } from '../database.ts';
import type { InviteEvents } from './invite-events.ts';
import type { InviteViews } from './invite-view.ts';
import { effectiveStatus } from './rules.ts';

/** Everything an invite's email says (R16): the link, the inviter, what it grants, until when. */
export interface EmailDraft {
  inviteId: string;
  to: string;
  /**
   * `user`: a notice to a user's own address, which the inviter did not give and must not
   * learn (an error naming it is not shown to them as is).
   */
  addressedTo: 'user' | 'email';
  link: string;
  inviter: { name: string | null; username: string } | null;
  type: InviteType;
  namespace: { path: string } | null;
  role: string | null;
  permissions: string[];
  groups: { name: string }[];
  expiresAt: Date | null;
  /** The invite's language (§11); null: the default one. */
  locale: Locale | null;
}

/** What a claimed job is to do: send this draft, or nothing (`stale`), or later (`busy`). */
export type Claim = { draft: EmailDraft } | 'stale' | 'busy';

/** The worker's side of an email's life: what to send, and how each attempt went. */
const SYSTEM: Actor = { principal: null, ip: null };

/** Errors are shown to operators (`delivery.lastError`); a bounded line is enough. */
const ERROR_MAX_LENGTH = 500;

export class DeliveryService {
  readonly #fork: () => Em;
  readonly #views: InviteViews;
  readonly #events: InviteEvents;

  constructor(fork: () => Em, views: InviteViews, events: InviteEvents) {
    this.#fork = fork;
    this.#views = views;
    this.#events = events;
  }

  /**
   * Claims queued deliveries for `holdSeconds` and answers, job by job, what to send. `stale`:
   * there is nothing to send for this job any more (the invite was deleted, canceled, used or
   * expired, its email already went out, or a resend replaced this delivery). `busy`: another
   * copy of the job is sending it right now (a job pg-boss handed out again while its first run
   * was still going); retry later rather than send twice. A whole batch costs a few statements,
   * not a few per email: at a backlog, round trips and commits are what the worker waits on.
   */
  async claim(jobs: readonly EmailJob[], holdSeconds: number): Promise<Claim[]> {
    if (jobs.length === 0) return [];
    // Each statement commits on its own: a claim must be visible to other workers at once.
    const em = this.#fork();
    const rows = await claimDeliveries(em, jobs, holdSeconds);
    // An invite to a user is a notice to their address as it is now, not as it was when sent.
    const addresses = await inviteeAddresses(
      em,
      rows.flatMap((row) => (row.email === null && row.invitee_id ? [row.invitee_id] : [])),
    );
    const recipientOf = (row: InviteRow) =>
      row.email ?? (row.invitee_id === null ? undefined : addresses.get(row.invitee_id));
    const now = new Date();
    const claimed = new Map<string, InviteRow>();
    const unsendable: InviteRow[] = [];
    for (const row of rows) {
      if (recipientOf(row) !== undefined && effectiveStatus(row, now) === 'pending')
        claimed.set(row.id, row);
      else unsendable.push(row);
    }
    await releaseClaims(
      em,
      unsendable.map((row) => row.id),
    );
    const isClaimed = (job: EmailJob) => claimed.get(job.inviteId)?.delivery_id === job.deliveryId;
    const released = new Set(unsendable.map((row) => row.id));
    const missed = jobs.filter((job) => !isClaimed(job) && !released.has(job.inviteId));
    const held = missed.length > 0 ? await stillQueued(em, missed) : new Set<string>();
    const relations = await loadInviteRelations(em, [...claimed.values()]);
    return jobs.map((job): Claim => {
      const row = claimed.get(job.inviteId);
      if (row && isClaimed(job)) {
        // One send per claimed row: a second copy of this job in the same batch has nothing
        // left to do (`stale`), its twin sends the email and records the outcome.
        claimed.delete(job.inviteId);
        return { draft: this.#draft(row, recipientOf(row)!, relations) };
      }
      return held.has(`${job.inviteId}/${job.deliveryId}`) ? 'busy' : 'stale';
    });
  }

  #draft(row: InviteRow, to: string, relations: InviteRelations): EmailDraft {
    const inviter = row.inviter_id ? relations.users.get(row.inviter_id) : undefined;
    return {
      inviteId: row.id,
      to,
      addressedTo: row.email === null ? 'user' : 'email',
      link: this.#views.linkOf(row),
      inviter: inviter ? { name: inviter.name, username: inviter.username } : null,
      type: row.type,
      namespace: (row.namespace_id && relations.namespaces.get(row.namespace_id)) || null,
      role: row.role,
      permissions: [...row.permissions],
      groups: (relations.groups.get(row.id) ?? []).map(({ name }) => ({ name })),
      expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
      locale: row.locale,
    };
  }

  /** The mail server accepted these emails: `invite.sent` for each, in one transaction. */
  async sent(jobs: readonly EmailJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await inTransaction(this.#fork, async (tx) => {
      const rows = await markSent(tx, jobs);
      await this.#events.record(
        tx,
        SYSTEM,
        rows.map((row) => ({ action: 'invite.sent', row })),
      );
    });
  }

  /**
   * An attempt failed. A transient failure is counted and left to the queue to retry; a final
   * one (the mail server refused the recipient or the message) marks the delivery failed:
   * `invite.delivery_failed`.
   */
  async failed(job: EmailJob, error: string, { final }: { final: boolean }): Promise<void> {
    const lastError = error.slice(0, ERROR_MAX_LENGTH);
    await this.#update(
      job,
      {
        delivery_last_error: lastError,
        delivery_claimed_until: null,
        ...(final ? { delivery_status: 'failed' as const } : {}),
      },
      async (tx, updated) => {
        if (final) await this.#recordFailure(tx, updated);
      },
      { countAttempt: true },
    );
  }

  /** The queue ran out of retries for this delivery: it failed, with the last error it saw. */
  async gaveUp(job: EmailJob): Promise<void> {
    await this.#update(
      job,
      { delivery_status: 'failed', delivery_claimed_until: null },
      (tx, updated) => this.#recordFailure(tx, updated),
    );
  }

  async #recordFailure(tx: Tx, row: InviteRow): Promise<void> {
    await this.#events.record(tx, SYSTEM, [
      { action: 'invite.delivery_failed', row, data: { error: row.delivery_last_error } },
    ]);
  }

  /**
   * Applies `changes` to the invite, then `after` in the same transaction, when this job's
   * delivery is still the current one and still queued: an outcome arriving after a resend or
   * a success changes nothing. One guarded UPDATE: it takes the row lock and checks at once.
   */
  async #update(
    job: EmailJob,
    changes: InviteChanges,
    after: (tx: Tx, updated: InviteRow) => Promise<void>,
    options: { countAttempt?: boolean } = {},
  ): Promise<void> {
    await inTransaction(this.#fork, async (tx) => {
      const updated = await updateDelivery(tx, job, changes, options);
      if (updated) await after(tx, updated);
    });
  }
}

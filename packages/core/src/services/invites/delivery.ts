import { sql } from 'kysely';
import type { Actor } from '../../domain/principal.ts';
import type { InviteType } from '../../domain/types.ts';
import type { EmailJob } from '../../jobs/queues.ts';
import { type Em, sqlOf } from '../database.ts';
import type { InviteEvents } from './invite-events.ts';
import { loadInviteRelations } from './invite-relations.ts';
import { effectiveStatus, type InviteRow } from './invite-row.ts';
import type { InviteViews } from './invite-view.ts';

/** Everything an invite's email says (R16): the link, the inviter, what it grants, until when. */
export interface EmailDraft {
  inviteId: string;
  to: string;
  link: string;
  inviter: { name: string | null; username: string } | null;
  type: InviteType;
  namespace: { path: string } | null;
  role: string | null;
  permissions: string[];
  groups: { name: string }[];
  expiresAt: Date | null;
}

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
   * Claims a queued delivery for `holdSeconds` and answers what to send. `stale`: there is
   * nothing to send for this job any more (the invite was deleted, canceled, used or expired,
   * its email already went out, or a resend replaced this delivery). `busy`: another copy of
   * the job is sending it right now (a job pg-boss handed out again while its first run was
   * still going); retry later rather than send twice.
   */
  async claim(
    job: EmailJob,
    holdSeconds: number,
  ): Promise<{ draft: EmailDraft } | 'stale' | 'busy'> {
    const em = this.#fork();
    const { rows } = await sql<InviteRow>`
      update invites set delivery_claimed_until = now() + make_interval(secs => ${holdSeconds})
       where id = ${job.inviteId} and delivery_id = ${job.deliveryId} and delivery_status = 'queued'
         and (delivery_claimed_until is null or delivery_claimed_until < now())
      returning *`.execute(sqlOf(em));
    const row = rows[0];
    if (!row) {
      const held = await sqlOf(em)
        .selectFrom('invites')
        .select('id')
        .where('id', '=', job.inviteId)
        .where('delivery_id', '=', job.deliveryId)
        .where('delivery_status', '=', 'queued')
        .executeTakeFirst();
      return held ? 'busy' : 'stale';
    }
    if (row.email === null || effectiveStatus(row, new Date()) !== 'pending') {
      await this.#release(em, job);
      return 'stale';
    }
    const relations = await loadInviteRelations(em, [row]);
    const inviter = row.inviter_id ? relations.users.get(row.inviter_id) : undefined;
    return {
      draft: {
        inviteId: row.id,
        to: row.email,
        link: this.#views.linkOf(row),
        inviter: inviter ? { name: inviter.name, username: inviter.username } : null,
        type: row.type,
        namespace: (row.namespace_id && relations.namespaces.get(row.namespace_id)) || null,
        role: row.role,
        permissions: [...row.permissions],
        groups: (relations.groups.get(row.id) ?? []).map(({ name }) => ({ name })),
        expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
      },
    };
  }

  /** The mail server accepted the email: `invite.sent`. */
  async sent(job: EmailJob): Promise<void> {
    await this.#update(
      job,
      {
        delivery_status: 'sent',
        delivery_attempts: sql`delivery_attempts + 1`,
        delivery_last_error: null,
        delivery_sent_at: new Date(),
        delivery_claimed_until: null,
      },
      (em, updated) => this.#events.record(em, SYSTEM, [{ action: 'invite.sent', row: updated }]),
    );
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
        delivery_attempts: sql`delivery_attempts + 1`,
        delivery_last_error: lastError,
        delivery_claimed_until: null,
        ...(final ? { delivery_status: 'failed' } : {}),
      },
      async (em, updated) => {
        if (final) await this.#recordFailure(em, updated);
      },
    );
  }

  /** The queue ran out of retries for this delivery: it failed, with the last error it saw. */
  async gaveUp(job: EmailJob): Promise<void> {
    await this.#update(
      job,
      { delivery_status: 'failed', delivery_claimed_until: null },
      (em, updated) => this.#recordFailure(em, updated),
    );
  }

  async #recordFailure(em: Em, row: InviteRow): Promise<void> {
    await this.#events.record(em, SYSTEM, [
      { action: 'invite.delivery_failed', row, data: { error: row.delivery_last_error } },
    ]);
  }

  async #release(em: Em, job: EmailJob): Promise<void> {
    await sqlOf(em)
      .updateTable('invites')
      .set({ delivery_claimed_until: null })
      .where('id', '=', job.inviteId)
      .where('delivery_id', '=', job.deliveryId)
      .execute();
  }

  /**
   * Applies `changes` to the invite, then `after` in the same transaction, when this job's
   * delivery is still the current one and still queued: an outcome arriving after a resend or
   * a success changes nothing. One guarded UPDATE: it takes the row lock and checks at once.
   */
  async #update(
    job: EmailJob,
    changes: Record<string, unknown>,
    after: (em: Em, updated: InviteRow) => Promise<void>,
  ): Promise<void> {
    await this.#fork().transactional(async (em) => {
      const updated = (await sqlOf(em)
        .updateTable('invites')
        .set(changes)
        .where('id', '=', job.inviteId)
        .where('delivery_id', '=', job.deliveryId)
        .where('delivery_status', '=', 'queued')
        .returningAll()
        .executeTakeFirst()) as InviteRow | undefined;
      if (updated) await after(em, updated);
    });
  }
}

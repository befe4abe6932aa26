import { sql } from 'kysely';
import type { Actor } from '../../domain/principal.ts';
import type { InviteType } from '../../domain/types.ts';
import type { EmailJob } from '../../jobs/queues.ts';
import { type Em, sqlOf } from '../database.ts';
import type { InviteEvents } from './invite-events.ts';
import { type InviteRelations, loadInviteRelations } from './invite-relations.ts';
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
    const em = this.#fork();
    const k = sqlOf(em);
    const { rows } = await sql<InviteRow>`
      update invites i set delivery_claimed_until = now() + make_interval(secs => ${holdSeconds})
        from unnest(${jobs.map((j) => j.inviteId)}::uuid[], ${jobs.map((j) => j.deliveryId)}::uuid[])
             as j(invite_id, delivery_id)
       where i.id = j.invite_id and i.delivery_id = j.delivery_id and i.delivery_status = 'queued'
         and (i.delivery_claimed_until is null or i.delivery_claimed_until < now())
      returning i.*`.execute(k);
    const now = new Date();
    const claimed = new Map<string, InviteRow>();
    const unsendable: InviteRow[] = [];
    for (const row of rows) {
      if (row.email !== null && effectiveStatus(row, now) === 'pending') claimed.set(row.id, row);
      else unsendable.push(row);
    }
    if (unsendable.length > 0) await this.#release(em, unsendable);
    const isClaimed = (job: EmailJob) => claimed.get(job.inviteId)?.delivery_id === job.deliveryId;
    const released = new Set(unsendable.map((row) => row.id));
    const missed = jobs.filter((job) => !isClaimed(job) && !released.has(job.inviteId));
    const held = new Set<string>();
    if (missed.length > 0) {
      const { rows: queued } = await sql<{ id: string; delivery_id: string }>`
        select id, delivery_id from invites
         where (id, delivery_id) in (select * from unnest(${missed.map((j) => j.inviteId)}::uuid[],
                                                          ${missed.map((j) => j.deliveryId)}::uuid[]))
           and delivery_status = 'queued'`.execute(k);
      for (const row of queued) held.add(`${row.id}/${row.delivery_id}`);
    }
    const relations = await loadInviteRelations(em, [...claimed.values()]);
    return jobs.map((job): Claim => {
      const row = claimed.get(job.inviteId);
      if (row && isClaimed(job)) {
        // One send per claimed row: a second copy of this job in the same batch has nothing
        // left to do (`stale`), its twin sends the email and records the outcome.
        claimed.delete(job.inviteId);
        return { draft: this.#draft(row, relations) };
      }
      return held.has(`${job.inviteId}/${job.deliveryId}`) ? 'busy' : 'stale';
    });
  }

  #draft(row: InviteRow, relations: InviteRelations): EmailDraft {
    const inviter = row.inviter_id ? relations.users.get(row.inviter_id) : undefined;
    return {
      inviteId: row.id,
      to: row.email as string,
      link: this.#views.linkOf(row),
      inviter: inviter ? { name: inviter.name, username: inviter.username } : null,
      type: row.type,
      namespace: (row.namespace_id && relations.namespaces.get(row.namespace_id)) || null,
      role: row.role,
      permissions: [...row.permissions],
      groups: (relations.groups.get(row.id) ?? []).map(({ name }) => ({ name })),
      expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
    };
  }

  /** The mail server accepted these emails: `invite.sent` for each, in one transaction. */
  async sent(jobs: readonly EmailJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.#fork().transactional(async (em) => {
      const { rows } = await sql<InviteRow>`
        update invites i
           set delivery_status = 'sent', delivery_attempts = i.delivery_attempts + 1,
               delivery_last_error = null, delivery_sent_at = now(), delivery_claimed_until = null
          from unnest(${jobs.map((j) => j.inviteId)}::uuid[], ${jobs.map((j) => j.deliveryId)}::uuid[])
               as j(invite_id, delivery_id)
         where i.id = j.invite_id and i.delivery_id = j.delivery_id and i.delivery_status = 'queued'
        returning i.*`.execute(sqlOf(em));
      await this.#events.record(
        em,
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

  async #release(em: Em, rows: readonly InviteRow[]): Promise<void> {
    await sqlOf(em)
      .updateTable('invites')
      .set({ delivery_claimed_until: null })
      .where(
        'id',
        'in',
        rows.map((row) => row.id),
      )
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

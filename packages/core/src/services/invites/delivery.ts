import { sql } from 'kysely';
import type { Actor } from '../../domain/principal.ts';
import type { InviteType } from '../../domain/types.ts';
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
   * The email to send for an invite, or null when there is none any more: the invite was
   * deleted, canceled, used or expired since, or its email already went out (a job run twice).
   */
  async draft(inviteId: string): Promise<EmailDraft | null> {
    const em = this.#fork();
    const row = (await sqlOf(em)
      .selectFrom('invites')
      .selectAll()
      .where('id', '=', inviteId)
      .executeTakeFirst()) as InviteRow | undefined;
    if (!row || row.email === null || row.delivery_status !== 'queued') return null;
    if (effectiveStatus(row, new Date()) !== 'pending') return null;
    const relations = await loadInviteRelations(em, [row]);
    const inviter = row.inviter_id ? relations.users.get(row.inviter_id) : undefined;
    return {
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
    };
  }

  /** The email was accepted by the mail server: `invite.sent`. */
  async sent(inviteId: string): Promise<void> {
    await this.#update(inviteId, (em, row) =>
      this.#apply(em, row, {
        delivery_status: 'sent',
        delivery_attempts: sql`delivery_attempts + 1`,
        delivery_last_error: null,
        delivery_sent_at: new Date(),
      }).then((updated) =>
        this.#events.record(em, SYSTEM, [{ action: 'invite.sent', row: updated }]),
      ),
    );
  }

  /**
   * An attempt failed. A transient failure is counted and left to the queue to retry; a final
   * one (refused by the mail server) marks the delivery failed: `invite.delivery_failed`.
   */
  async failed(inviteId: string, error: string, { final }: { final: boolean }): Promise<void> {
    const lastError = error.slice(0, ERROR_MAX_LENGTH);
    await this.#update(inviteId, async (em, row) => {
      const updated = await this.#apply(em, row, {
        delivery_attempts: sql`delivery_attempts + 1`,
        delivery_last_error: lastError,
        ...(final ? { delivery_status: 'failed' } : {}),
      });
      if (final) await this.#recordFailure(em, updated);
    });
  }

  /** The queue ran out of retries: the delivery failed, with the last error it saw. */
  async gaveUp(inviteId: string): Promise<void> {
    await this.#update(inviteId, async (em, row) => {
      // Not after a resend or a success that came in between.
      if (row.delivery_status !== 'queued') return;
      await this.#recordFailure(em, await this.#apply(em, row, { delivery_status: 'failed' }));
    });
  }

  async #recordFailure(em: Em, row: InviteRow): Promise<void> {
    await this.#events.record(em, SYSTEM, [
      { action: 'invite.delivery_failed', row, data: { error: row.delivery_last_error } },
    ]);
  }

  async #update(inviteId: string, work: (em: Em, row: InviteRow) => Promise<void>): Promise<void> {
    await this.#fork().transactional(async (em) => {
      const row = (await sqlOf(em)
        .selectFrom('invites')
        .selectAll()
        .where('id', '=', inviteId)
        .forUpdate()
        .executeTakeFirst()) as InviteRow | undefined;
      if (row) await work(em, row);
    });
  }

  async #apply(em: Em, row: InviteRow, changes: Record<string, unknown>): Promise<InviteRow> {
    return (await sqlOf(em)
      .updateTable('invites')
      .set(changes)
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow()) as InviteRow;
  }
}

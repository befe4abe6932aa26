import type { FilterQuery } from '@mikro-orm/core';
import type { Insertable, Kysely } from 'kysely';
import { type AuditEvent, AuditEventSchema } from '../db/entities/audit-event.ts';
import type { DB } from '../db/schema.ts';
import { type Em, sqlOf } from '../services/database.ts';

export interface AuditFilter {
  action?: string | undefined;
  inviteId?: string | undefined;
  actorId?: string | undefined;
}

/** The SQL of the audit log, in the caller's unit of work. */
export class AuditRepository {
  readonly #em: Em;
  readonly #db: Kysely<DB>;

  /** `em`: the caller's transaction, or a fresh fork for a read. */
  constructor(em: Em) {
    this.#em = em;
    this.#db = sqlOf(em);
  }

  /**
   * One multi-row INSERT through Kysely: a bulk create writes a thousand events at once, and
   * the ORM's per-entity bookkeeping would cost more than the insert.
   */
  async insertMany(events: Insertable<DB['audit_events']>[]): Promise<void> {
    if (events.length === 0) return;
    await this.#db.insertInto('audit_events').values(events).execute();
  }

  /** One page of events matching every given filter, newest first, and how many match. */
  page(
    filter: AuditFilter,
    window: { limit: number; offset: number },
  ): Promise<[AuditEvent[], number]> {
    const where: FilterQuery<AuditEvent> = {
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.inviteId ? { inviteId: filter.inviteId } : {}),
      ...(filter.actorId ? { actorId: filter.actorId } : {}),
    };
    return this.#em.findAndCount(AuditEventSchema, where, {
      orderBy: { createdAt: 'desc', id: 'desc' },
      ...window,
    });
  }
}

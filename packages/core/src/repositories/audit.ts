import {
  type Expression,
  type Insertable,
  type Kysely,
  type Selectable,
  type SqlBool,
  sql,
} from 'kysely';
import type { DB } from '../db/schema.ts';
import { type Em, sqlOf } from '../services/database.ts';
import { prepared } from './prepared.ts';

export interface AuditFilter {
  action?: string | undefined;
  inviteId?: string | undefined;
  actorId?: string | undefined;
}

/** An event as written: every column but the id, which the database assigns. */
export type AuditInsert = Required<Omit<Insertable<DB['audit_events']>, 'id'>>;

type InsertArgs = [
  action: AuditInsert['action'],
  actorType: AuditInsert['actor_type'],
  actorId: AuditInsert['actor_id'],
  targetType: AuditInsert['target_type'],
  targetId: AuditInsert['target_id'],
  inviteId: AuditInsert['invite_id'],
  ip: AuditInsert['ip'],
  data: AuditInsert['data'],
];

const insertOne = prepared(
  'guestlist_insert_audit_event',
  9,
  (
    db,
    ...[action, actorType, actorId, targetType, targetId, inviteId, ip, data, createdAt]: [
      ...InsertArgs,
      AuditInsert['created_at'],
    ]
  ) =>
    db.insertInto('audit_events').values({
      action,
      actor_type: actorType,
      actor_id: actorId,
      target_type: targetType,
      target_id: targetId,
      invite_id: inviteId,
      ip,
      data,
      created_at: createdAt,
    }),
);

/** The SQL of the audit log, in the caller's unit of work. */
export class AuditRepository {
  readonly #db: Kysely<DB>;
  readonly #em: Em;

  /** `em`: the caller's transaction, or a fresh fork for a read. */
  constructor(em: Em) {
    this.#db = sqlOf(em);
    this.#em = em;
  }

  /**
   * One multi-row INSERT through Kysely: a bulk create writes a thousand events at once, and
   * the ORM's per-entity bookkeeping would cost more than the insert.
   */
  async insertMany(events: AuditInsert[]): Promise<void> {
    if (events.length === 0) return;
    // One event, the common case, by a prepared statement; a multi-row insert's text varies
    // with the number of rows, so it is not one.
    if (events.length === 1) {
      const [e] = events as [AuditInsert];
      const { action, actor_type, actor_id, target_type, target_id, invite_id, ip, data } = e;
      const row = [action, actor_type, actor_id, target_type, target_id, invite_id, ip, data];
      await insertOne(this.#em, ...(row as InsertArgs), e.created_at);
      return;
    }
    await this.#db.insertInto('audit_events').values(events).execute();
  }

  /**
   * One page of events matching every given filter, newest first, and how many match. With
   * `after`, the page starts just past that (created_at, id): a row-value comparison walks
   * the (created_at, id) index from there, so events written meanwhile do not shift it.
   */
  async page(
    filter: AuditFilter,
    window: { limit: number; offset: number; after?: { at: string; id: string } | undefined },
  ): Promise<[Selectable<DB['audit_events']>[], number]> {
    const matching = this.#db.selectFrom('audit_events').where((eb) => {
      const conditions: Expression<SqlBool>[] = [];
      if (filter.action) conditions.push(eb('action', '=', filter.action));
      if (filter.inviteId) conditions.push(eb('invite_id', '=', filter.inviteId));
      if (filter.actorId) conditions.push(eb('actor_id', '=', filter.actorId));
      return eb.and(conditions);
    });
    let rows = matching.selectAll();
    if (window.after) {
      const { at, id } = window.after;
      rows = rows.where(sql<SqlBool>`("created_at", "id") < (${at}::timestamptz, ${id}::uuid)`);
    } else if (window.offset > 0) {
      rows = rows.offset(window.offset);
    }
    const [data, count] = await Promise.all([
      rows.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(window.limit).execute(),
      matching.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return [data, count.n];
  }
}

import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type Em, sqlOf } from '../services/database.ts';

export type GroupRow = Selectable<DB['groups']>;

/** The SQL of groups, in the caller's unit of work. */
export class GroupRepository {
  readonly #db: Kysely<DB>;

  /** `em`: the caller's transaction, or a fresh fork for a read. */
  constructor(em: Em) {
    this.#db = sqlOf(em);
  }

  /** One page of groups by name, and how many there are. */
  async page(window: { limit: number; offset: number }): Promise<[GroupRow[], number]> {
    const [rows, total] = await Promise.all([
      this.#db
        .selectFrom('groups')
        .selectAll()
        .orderBy('name')
        .limit(window.limit)
        .offset(window.offset)
        .execute(),
      this.#db
        .selectFrom('groups')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return [rows, total.n];
  }

  /** A group by id; with `forUpdate`, locked until the caller's transaction ends. */
  findById(id: string, options: { forUpdate?: boolean } = {}): Promise<GroupRow | undefined> {
    return this.#db
      .selectFrom('groups')
      .selectAll()
      .where('id', '=', id)
      .$if(options.forUpdate === true, (q) => q.forUpdate())
      .executeTakeFirst();
  }

  insert(group: Insertable<DB['groups']>): Promise<GroupRow> {
    return this.#db.insertInto('groups').values(group).returningAll().executeTakeFirstOrThrow();
  }

  update(id: string, changes: Updateable<DB['groups']>): Promise<GroupRow> {
    return this.#db
      .updateTable('groups')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Deletes a group; its memberships and invite grants go with it (foreign keys cascade). */
  async delete(id: string): Promise<void> {
    await this.#db.deleteFrom('groups').where('id', '=', id).execute();
  }
}

import { type Insertable, type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type Em, sqlOf } from '../services/database.ts';
import { type UserPrincipalRow, userPrincipalColumns } from './users.ts';

/** The SQL of sessions (kept as their token's digest), in the caller's unit of work. */
export class SessionRepository {
  readonly #db: Kysely<DB>;

  /** `em`: the caller's transaction, or a fresh fork for a read. */
  constructor(em: Em) {
    this.#db = sqlOf(em);
  }

  async insert(session: Insertable<DB['sessions']>): Promise<void> {
    await this.#db.insertInto('sessions').values(session).execute();
  }

  async revoke(tokenDigest: Buffer, at: Date): Promise<void> {
    await this.#db
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('token_digest', '=', tokenDigest)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /**
   * Ends the user's live sessions, all of them or all but `keep` (the caller's own). A password
   * change or a proof of the address (spec §8) ends what was opened before it.
   */
  async revokeAllOf(userId: string, at: Date, keep?: Buffer): Promise<void> {
    let query = this.#db
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null);
    if (keep) query = query.where('token_digest', '<>', keep);
    await query.execute();
  }

  /** The user a live session (neither expired nor revoked) belongs to, as a principal. */
  findLivePrincipal(tokenDigest: Buffer): Promise<UserPrincipalRow | undefined> {
    return this.#db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(userPrincipalColumns)
      .where('s.token_digest', '=', tokenDigest)
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', sql<string>`now()`)
      .executeTakeFirst();
  }

  /** Deletes expired sessions; answers how many. */
  async deleteExpired(): Promise<number> {
    const result = await this.#db
      .deleteFrom('sessions')
      .where('expires_at', '<', sql<string>`now()`)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

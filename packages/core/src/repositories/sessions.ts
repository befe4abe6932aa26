import { type Insertable, type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type Em, sqlOf } from '../services/database.ts';
import { prepared } from './prepared.ts';
import { type UserPrincipalRow, userPrincipalColumns } from './users.ts';

/**
 * A live session's user, as a principal, by the token's digest: the lookup of every signed-in
 * call, so a prepared statement (prepared.ts), planned once per connection.
 */
const livePrincipal = prepared('guestlist_live_session_principal', 1, (db, digest: Buffer) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(userPrincipalColumns)
    .where('s.token_digest', '=', digest)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', sql<string>`now()`),
);

/** The SQL of sessions (kept as their token's digest), in the caller's unit of work. */
export class SessionRepository {
  readonly #em: Em;
  readonly #db: Kysely<DB>;

  /** `em`: the caller's transaction, or the root for a read. */
  constructor(em: Em) {
    this.#em = em;
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
  async findLivePrincipal(tokenDigest: Buffer): Promise<UserPrincipalRow | undefined> {
    return (await livePrincipal(this.#em, tokenDigest))[0];
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

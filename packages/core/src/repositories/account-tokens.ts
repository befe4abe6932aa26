import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AccountTokenPurpose } from '../domain/vocabulary.ts';
import { type Em, sqlOf } from '../services/database.ts';

export type AccountTokenRow = Selectable<DB['account_tokens']>;

/** The SQL of account tokens (spec §8), kept as their digests, in the caller's unit of work. */
export class AccountTokenRepository {
  readonly #db: Kysely<DB>;

  /** `em`: the caller's transaction, or a fresh fork for a read. */
  constructor(em: Em) {
    this.#db = sqlOf(em);
  }

  /**
   * Stores a new token and retires the user's unused tokens of the same purpose: only the
   * latest link works. Retired rows are deleted, so a job queued for one finds nothing to send.
   */
  async issue(token: {
    userId: string;
    purpose: AccountTokenPurpose;
    digest: Buffer;
    email: string;
    expiresAt: Date;
  }): Promise<string> {
    await this.retire(token.userId, token.purpose);
    const row = await this.#db
      .insertInto('account_tokens')
      .values({
        user_id: token.userId,
        purpose: token.purpose,
        token_digest: token.digest,
        email: token.email,
        expires_at: token.expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async retire(userId: string, purpose: AccountTokenPurpose): Promise<void> {
    await this.#db
      .deleteFrom('account_tokens')
      .where('user_id', '=', userId)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .execute();
  }

  /**
   * The token with this digest and purpose, locked until the caller's transaction ends: two
   * confirmations of one token queue here, and the second sees it used.
   */
  lockByDigest(digest: Buffer, purpose: AccountTokenPurpose): Promise<AccountTokenRow | undefined> {
    return this.#db
      .selectFrom('account_tokens')
      .selectAll()
      .where('token_digest', '=', digest)
      .where('purpose', '=', purpose)
      .forUpdate()
      .executeTakeFirst();
  }

  async markUsed(id: string, at: Date): Promise<void> {
    await this.#db
      .updateTable('account_tokens')
      .set({ used_at: at })
      .where('id', '=', id)
      .execute();
  }

  /** What the worker needs to send a token's email: the token, if still usable, and its address. */
  findSendable(
    id: string,
  ): Promise<Pick<AccountTokenRow, 'purpose' | 'email' | 'expires_at'> | undefined> {
    return this.#db
      .selectFrom('account_tokens')
      .select(['purpose', 'email', 'expires_at'])
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<string>`now()`)
      .executeTakeFirst();
  }

  /** Deletes tokens that expired a day ago or more; answers how many. */
  async deleteExpired(): Promise<number> {
    const result = await this.#db
      .deleteFrom('account_tokens')
      .where('expires_at', '<', sql<string>`now() - interval '1 day'`)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

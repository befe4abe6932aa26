import type { RequiredEntityData } from '@mikro-orm/core';
import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import { type ApiKey, ApiKeySchema } from '../db/entities/api-key.ts';
import type { DB } from '../db/schema.ts';
import { type Em, sqlOf } from '../services/database.ts';
import { prepared } from './prepared.ts';
import { effectivePermissionsOf } from './users.ts';

/** A key as a principal: for a key a user minted, that user's permissions now as its bound. */
export type KeyPrincipalRow = Pick<
  Selectable<DB['api_keys']>,
  'id' | 'permissions' | 'last_used_at'
> & { bound: string[] | null };

/** What the user who minted a key holds now, or null for a key nobody minted (R21). */
function boundOf(minter: RawBuilder<unknown>): RawBuilder<string[] | null> {
  return sql<string[] | null>`case when ${minter} is null then null
    else ${effectivePermissionsOf(minter)} end`;
}

/** A key as a principal, from `api_keys k`. */
const keyPrincipalColumns = [
  'k.id',
  'k.permissions',
  'k.last_used_at',
  boundOf(sql.ref('k.created_by_user_id')).as('bound'),
] as const;

/**
 * A live (unrevoked) key by its secret's digest: the lookup of every API call, so a prepared
 * statement (prepared.ts), planned once per connection rather than built and planned each time.
 */
const liveKeyByDigest = prepared('guestlist_live_key_by_digest', 1, (db, digest: Buffer) =>
  db
    .selectFrom('api_keys as k')
    .select(keyPrincipalColumns)
    .where('k.revoked_at', 'is', null)
    .where('k.secret_digest', '=', digest),
);

/** Serializes the start-up check for the operator's key across processes. */
const ADMIN_KEY_LOCK = 0x6b65_7973;

/** The SQL of API keys, in the caller's unit of work. */
export class ApiKeyRepository {
  readonly #em: Em;
  readonly #db: Kysely<DB>;

  /** `em`: the caller's transaction, or a fresh fork for a read. */
  constructor(em: Em) {
    this.#em = em;
    this.#db = sqlOf(em);
  }

  /** A live (unrevoked) key by its secret's digest. */
  async findLiveBySecretDigest(secretDigest: Buffer): Promise<KeyPrincipalRow | undefined> {
    return (await liveKeyByDigest(this.#em, secretDigest))[0];
  }

  /** A key by id, revoked or not. */
  findPrincipal(id: string): Promise<KeyPrincipalRow | undefined> {
    return this.#db
      .selectFrom('api_keys as k')
      .select(keyPrincipalColumns)
      .where('k.id', '=', id)
      .executeTakeFirst();
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.#db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  /** The user who minted the key, directly or through a key they minted; null for none. */
  async findMinter(id: string): Promise<string | null> {
    const row = await this.#db
      .selectFrom('api_keys')
      .select('created_by_user_id')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.created_by_user_id ?? null;
  }

  /** One page of keys, newest first, and how many there are. */
  page(window: { limit: number; offset: number }): Promise<[ApiKey[], number]> {
    return this.#em.findAndCount(
      ApiKeySchema,
      {},
      { orderBy: { createdAt: 'desc', id: 'desc' }, ...window },
    );
  }

  findById(id: string): Promise<ApiKey | null> {
    return this.#em.findOne(ApiKeySchema, { id });
  }

  findBySecretDigest(secretDigest: Buffer): Promise<ApiKey | null> {
    return this.#em.findOne(ApiKeySchema, { secretDigest });
  }

  /** How many of the operator's keys are live. */
  countLiveBootstrap(): Promise<number> {
    return this.#em.count(ApiKeySchema, { bootstrap: true, revokedAt: null });
  }

  /**
   * Holds, until the caller's transaction ends, the lock that makes two processes starting
   * together see each other's operator key instead of both generating one.
   */
  async lockBootstrap(): Promise<void> {
    await this.#em.execute('select pg_advisory_xact_lock(?)', [ADMIN_KEY_LOCK]);
  }

  /** Inserts a key (its id and defaults are filled in on the entity). */
  async create(data: RequiredEntityData<ApiKey>): Promise<ApiKey> {
    const key = this.#em.create(ApiKeySchema, data);
    await this.#em.flush();
    return key;
  }

  /** Writes the changes made to keys loaded through this repository. */
  save(): Promise<void> {
    return this.#em.flush();
  }
}

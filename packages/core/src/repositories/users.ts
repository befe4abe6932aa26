import { type Insertable, type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB } from '../db/schema.ts';
import { EFFECTIVE_PERMISSIONS_MAX_BYTES, GROUP_REFS_MAX } from '../domain/limits.ts';
import { type Em, sqlOf } from '../services/database.ts';

/**
 * A user's effective permissions (direct and from groups), as one SQL array expression.
 * `userId` must be qualified (`u.id`): a bare `id` would resolve inside the subqueries.
 */
export function effectivePermissionsOf(userId: RawBuilder<unknown>): RawBuilder<string[]> {
  return sql<string[]>`array(
    select distinct p from (
      select unnest(eu.permissions) as p from users eu where eu.id = ${userId}
      union all
      select unnest(g.permissions) from user_groups ug join groups g on g.id = ug.group_id
       where ug.user_id = ${userId}
    ) all_permissions)`;
}

/** A user as a principal: `permissions` are the effective ones, not only the direct ones. */
export type UserPrincipalRow = Pick<
  Selectable<DB['users']>,
  'id' | 'email' | 'email_verified' | 'permissions'
>;

/** A user as a principal, from `users u`, with effective permissions. */
export const userPrincipalColumns = [
  'u.id',
  'u.email',
  'u.email_verified',
  effectivePermissionsOf(sql.ref('u.id')).as('permissions'),
] as const;

/** Who a change to permissions is checked for: some users, or every member of a group. */
export type BoundsScope = { users: readonly string[] } | { group: string };

/** A user with direct permissions and groups: what the API shows of a user. */
export type UserWithGroupsRow = Awaited<ReturnType<UserRepository['findWithGroups']>>[number];

/** The SQL of users and their group memberships, in the caller's unit of work. */
export class UserRepository {
  readonly #db: Kysely<DB>;

  /** `em`: the caller's transaction, or a fresh fork for a read. */
  constructor(em: Em) {
    this.#db = sqlOf(em);
  }

  async insert(user: Insertable<DB['users']>): Promise<void> {
    await this.#db.insertInto('users').values(user).execute();
  }

  async markEmailVerified(id: string): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({ email_verified: true })
      .where('id', '=', id)
      .execute();
  }

  /** The account's address and password hash, locked against concurrent changes of either. */
  lockAccount(id: string) {
    return this.findAccount(id).forUpdate().executeTakeFirst();
  }

  /** The account's address and password hash, as a query (`executeTakeFirst()` reads it). */
  findAccount(id: string) {
    return this.#db
      .selectFrom('users')
      .select(['id', 'email', 'email_verified', 'password_hash'])
      .where('id', '=', id);
  }

  /** A change of the account's own fields (spec §8): name, address and whether it is proven. */
  async updateAccount(
    id: string,
    changes: {
      name?: string | null;
      email?: string;
      email_verified?: boolean;
      password_hash?: string;
    },
  ): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  /** What signing in checks, by lower-cased email or username. */
  findCredentials(handle: { email: string } | { username: string }) {
    return this.#db
      .selectFrom('users')
      .select(['id', 'password_hash'])
      .where((eb) =>
        'email' in handle ? eb('email', '=', handle.email) : eb('username', '=', handle.username),
      )
      .executeTakeFirst();
  }

  findPrincipal(id: string): Promise<UserPrincipalRow | undefined> {
    return this.#db
      .selectFrom('users as u')
      .select(userPrincipalColumns)
      .where('u.id', '=', id)
      .executeTakeFirst();
  }

  /** Locks the user against concurrent changes and answers what they hold now. */
  async lockEffectivePermissions(id: string): Promise<string[] | undefined> {
    const row = await this.#db
      .selectFrom('users as u')
      .select(effectivePermissionsOf(sql.ref('u.id')).as('permissions'))
      .where('u.id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row?.permissions;
  }

  async setPermissions(id: string, permissions: string[]): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({ permissions, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  /** Makes `groups` the user's groups, and only those. */
  async replaceGroups(id: string, groups: readonly string[]): Promise<void> {
    await this.#db.deleteFrom('user_groups').where('user_id', '=', id).execute();
    const distinct = [...new Set(groups)];
    if (distinct.length === 0) return;
    await this.#db
      .insertInto('user_groups')
      .values(distinct.map((group_id) => ({ user_id: id, group_id })))
      .execute();
  }

  /**
   * One page of ids, newest first, and how many users there are. `search` keeps the users
   * whose username, email or name contains it, case-insensitively: a plain ILIKE, so every
   * search reads the whole table (no trigram index exists to serve a substring).
   */
  async page(
    window: { limit: number; offset: number },
    search?: string,
  ): Promise<{ ids: string[]; total: number }> {
    const matching = this.#db.selectFrom('users').where((eb) => {
      if (search === undefined) return eb.and([]);
      const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return eb.or([
        eb('username', 'ilike', pattern),
        eb('email', 'ilike', pattern),
        eb('name', 'ilike', pattern),
      ]);
    });
    const [rows, total] = await Promise.all([
      matching
        .select('id')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(window.limit)
        .offset(window.offset)
        .execute(),
      matching.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return { ids: rows.map((row) => row.id), total: total.n };
  }

  /** Users with their groups, in one query. */
  findWithGroups(ids: readonly string[]) {
    return this.#db
      .selectFrom('users as u')
      .select((eb) => [
        'u.id',
        'u.email',
        'u.email_verified',
        'u.username',
        'u.name',
        'u.permissions',
        'u.created_at',
        jsonArrayFrom(
          eb
            .selectFrom('user_groups as ug')
            .innerJoin('groups as g', 'g.id', 'ug.group_id')
            .select(['g.id', 'g.name', 'g.permissions'])
            .whereRef('ug.user_id', '=', 'u.id'),
        ).as('groups'),
      ])
      .where('u.id', '=', sql<string>`any(${[...new Set(ids)]}::uuid[])`)
      .execute();
  }

  /**
   * The first user in `scope` holding more than EFFECTIVE_PERMISSIONS_MAX_BYTES of effective
   * permissions (their own and their groups', each counted once) or more than GROUP_REFS_MAX
   * groups; undefined when there is none.
   */
  async firstOverBounds(scope: BoundsScope): Promise<string | undefined> {
    const who =
      'users' in scope
        ? sql`u.id = any(${[...scope.users]}::uuid[])`
        : sql`u.id in (select user_id from user_groups where group_id = ${scope.group})`;
    const { rows } = await sql<{ id: string }>`
      select u.id from users u
       where ${who}
         and ((select coalesce(sum(octet_length(p)), 0) from (
                select unnest(u.permissions) as p
                union
                select unnest(g.permissions) from user_groups ug join groups g on g.id = ug.group_id
                 where ug.user_id = u.id) effective) > ${EFFECTIVE_PERMISSIONS_MAX_BYTES}
           or (select count(*) from user_groups where user_id = u.id) > ${GROUP_REFS_MAX})
       limit 1`.execute(this.#db);
    return rows[0]?.id;
  }
}

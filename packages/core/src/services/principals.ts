import { type RawBuilder, sql } from 'kysely';
import type { Principal } from '../domain/principal.ts';
import { type Em, sqlOf } from './database.ts';

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

interface KeyRow {
  id: string;
  permissions: string[];
  bound: string[] | null;
  last_used_at: Date | null;
}

/**
 * A live API key with what it holds now: its own permissions, and for a key a user minted,
 * that user's current effective permissions as the bound (R21).
 */
export async function loadKey(em: Em, secretDigest: Buffer): Promise<KeyRow | undefined> {
  const { rows } = await sql<KeyRow>`
    select k.id, k.permissions, k.last_used_at,
           case when k.created_by_user_id is null then null
                else ${effectivePermissionsOf(sql.ref('k.created_by_user_id'))} end as bound
      from api_keys k
     where k.revoked_at is null
       and k.secret_digest = ${secretDigest}`.execute(sqlOf(em));
  return rows[0];
}

export function keyPrincipal(row: KeyRow): Principal {
  return { kind: 'api_key', id: row.id, permissions: [...row.permissions], bound: row.bound };
}

export function userPrincipal(row: {
  id: string;
  email: string;
  email_verified: boolean;
  permissions: string[];
}): Principal {
  return {
    kind: 'user',
    id: row.id,
    email: row.email,
    permissions: row.permissions,
    emailVerified: row.email_verified,
  };
}

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

/** A key as a principal, from `api_keys k`: for a key a user minted, that user's bound (R21). */
const keyColumns = sql`k.id, k.permissions, k.last_used_at,
  case when k.created_by_user_id is null then null
       else ${effectivePermissionsOf(sql.ref('k.created_by_user_id'))} end as bound`;

export interface UserPrincipalRow {
  id: string;
  email: string;
  email_verified: boolean;
  permissions: string[];
}

/** A user as a principal, from `users u`, with effective permissions. */
export const userPrincipalColumns = sql`u.id, u.email, u.email_verified,
  ${effectivePermissionsOf(sql.ref('u.id'))} as permissions`;

/**
 * A live API key with what it holds now: its own permissions, and for a key a user minted,
 * that user's current effective permissions as the bound (R21).
 */
export async function loadKey(em: Em, secretDigest: Buffer): Promise<KeyRow | undefined> {
  const { rows } = await sql<KeyRow>`
    select ${keyColumns} from api_keys k
     where k.revoked_at is null
       and k.secret_digest = ${secretDigest}`.execute(sqlOf(em));
  return rows[0];
}

/**
 * Whoever an invite speaks for, with what they hold now (R21): the key that made it, bounded by
 * the user behind that key, or else the user who made it. Null when neither exists any more.
 * A revoked key still speaks for what it made: revoking a key retires the secret, and the
 * operator cancels its invites if they should go too.
 */
export async function creatorOf(
  em: Em,
  invite: { created_by_key_id: string | null; inviter_id: string | null },
): Promise<Principal | null> {
  if (invite.created_by_key_id !== null) {
    const { rows } = await sql<KeyRow>`
      select ${keyColumns} from api_keys k where k.id = ${invite.created_by_key_id}`.execute(
      sqlOf(em),
    );
    return rows[0] ? keyPrincipal(rows[0]) : null;
  }
  if (invite.inviter_id === null) return null;
  const { rows } = await sql<UserPrincipalRow>`
    select ${userPrincipalColumns} from users u where u.id = ${invite.inviter_id}`.execute(
    sqlOf(em),
  );
  return rows[0] ? userPrincipal(rows[0]) : null;
}

export function keyPrincipal(row: KeyRow): Principal {
  return { kind: 'api_key', id: row.id, permissions: [...row.permissions], bound: row.bound };
}

export function userPrincipal(row: UserPrincipalRow): Principal {
  return {
    kind: 'user',
    id: row.id,
    email: row.email,
    permissions: row.permissions,
    emailVerified: row.email_verified,
  };
}

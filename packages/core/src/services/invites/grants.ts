import { sql } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { requireWithin } from '../../domain/policy.ts';
import type { Principal } from '../../domain/principal.ts';
import { type Em, sqlOf } from '../database.ts';
import { requireEffectiveWithinBounds } from '../users/effective-permissions.ts';

/**
 * Checks that every referenced group exists (400 naming the first unknown one) and that the
 * caller holds everything each grants (R21: 403).
 */
export async function checkGroups(
  em: Em,
  principal: Principal,
  groupIds: readonly string[] | undefined,
  path = 'groups',
): Promise<void> {
  if (!groupIds || groupIds.length === 0) return;
  const { rows } = await sql<{ id: string; permissions: string[] }>`
    select id, permissions from groups where id = any(${[...new Set(groupIds)]}::uuid[])`.execute(
    sqlOf(em),
  );
  const found = new Map(rows.map((r) => [r.id, r.permissions]));
  for (const [i, id] of groupIds.entries()) {
    const permissions = found.get(id);
    if (!permissions) {
      throw new DomainError('VALIDATION_FAILED', `Unknown group "${id}"`, [
        { path: `${path}.${i}`, message: 'no such group' },
      ]);
    }
    requireWithin(principal, permissions, `hand out the group "${id}"`);
  }
}

/** The permissions an invite's groups grant, for the ceiling of a change to it (R21). */
export async function permissionsOfInviteGroups(em: Em, inviteId: string): Promise<string[]> {
  const { rows } = await sql<{ permission: string }>`
    select distinct unnest(g.permissions) as permission
      from invite_groups ig join groups g on g.id = ig.group_id
     where ig.invite_id = ${inviteId}`.execute(sqlOf(em));
  return rows.map((row) => row.permission);
}

/** Replaces the groups an invite grants. */
export async function setInviteGroups(
  em: Em,
  inviteIds: readonly string[],
  groupIds: readonly string[],
): Promise<void> {
  const k = sqlOf(em);
  await k
    .deleteFrom('invite_groups')
    .where('invite_id', 'in', [...inviteIds])
    .execute();
  const unique = [...new Set(groupIds)];
  if (inviteIds.length === 0 || unique.length === 0) return;
  // Two array parameters, whatever the count: 1000 invites × 100 groups stays one statement.
  await sql`
    insert into invite_groups (invite_id, group_id)
    select i, g from unnest(${[...inviteIds]}::uuid[]) as i cross join unnest(${unique}::uuid[]) as g`.execute(
    k,
  );
}

/**
 * Gives a user what an account invite grants (spec R10): its permissions, added to theirs,
 * and its groups, joined. Idempotent, so a grant never duplicates.
 */
export async function grantInvite(
  em: Em,
  userId: string,
  inviteId: string,
  permissions: readonly string[],
): Promise<void> {
  const k = sqlOf(em);
  if (permissions.length > 0) {
    await sql`
      update users set permissions = array(select distinct unnest(permissions || ${[...permissions]}::text[])),
             updated_at = now()
       where id = ${userId}`.execute(k);
  }
  await sql`
    insert into user_groups (user_id, group_id)
    select ${userId}, group_id from invite_groups where invite_id = ${inviteId}
    on conflict do nothing`.execute(k);
  await requireEffectiveWithinBounds(em, { users: [userId] });
}

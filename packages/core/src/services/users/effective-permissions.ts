import { sql } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { EFFECTIVE_PERMISSIONS_MAX_BYTES, GROUP_REFS_MAX } from '../../domain/limits.ts';
import { type Em, sqlOf } from '../database.ts';

/**
 * Refuses a change that leaves a user holding more than EFFECTIVE_PERMISSIONS_MAX_BYTES of
 * effective permissions (their own and their groups', each counted once) or more than
 * GROUP_REFS_MAX groups (spec R22): every request of that user loads them, and every page of
 * users answers them. Runs after the change, in its transaction, so the refusal rolls it back.
 * `users` names the users to check; `group` checks every member of a group.
 */
export async function requireEffectiveWithinBounds(
  em: Em,
  who: { users: readonly string[] } | { group: string },
): Promise<void> {
  const scope =
    'users' in who
      ? sql`u.id = any(${[...who.users]}::uuid[])`
      : sql`u.id in (select user_id from user_groups where group_id = ${who.group})`;
  const { rows } = await sql<{ id: string }>`
    select u.id from users u
     where ${scope}
       and ((select coalesce(sum(octet_length(p)), 0) from (
              select unnest(u.permissions) as p
              union
              select unnest(g.permissions) from user_groups ug join groups g on g.id = ug.group_id
               where ug.user_id = u.id) effective) > ${EFFECTIVE_PERMISSIONS_MAX_BYTES}
         or (select count(*) from user_groups where user_id = u.id) > ${GROUP_REFS_MAX})
     limit 1`.execute(sqlOf(em));
  if (rows.length > 0) {
    throw new DomainError(
      'LIMIT_EXCEEDED',
      `A user may hold at most ${EFFECTIVE_PERMISSIONS_MAX_BYTES / 1024} KiB of effective permissions (their own and their groups') and ${GROUP_REFS_MAX} groups; this would give user ${rows[0]!.id} more`,
    );
  }
}

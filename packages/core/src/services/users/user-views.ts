import type { UserView } from '../../domain/types.ts';
import { UserRepository, type UserWithGroupsRow } from '../../repositories/users.ts';
import { type Tx, toIso } from '../database.ts';

/** Users as the API shows them, with groups and effective permissions, in one query. */
export async function loadUserViews(
  tx: Tx,
  ids: readonly string[],
): Promise<Map<string, UserView>> {
  const views = new Map<string, UserView>();
  if (ids.length === 0) return views;
  const rows = await new UserRepository(tx).findWithGroups(ids);
  for (const row of rows) views.set(row.id, toUserView(row));
  return views;
}

export function toUserView(row: UserWithGroupsRow): UserView {
  const groups = [...row.groups].sort((a, b) => a.name.localeCompare(b.name));
  const effective = new Set([...row.permissions, ...groups.flatMap((g) => g.permissions)]);
  return {
    id: row.id,
    email: row.email,
    emailVerified: row.email_verified,
    username: row.username,
    name: row.name,
    permissions: [...row.permissions],
    groups: groups.map(({ id, name }) => ({ id, name })),
    effectivePermissions: [...effective].sort(),
    createdAt: toIso(row.created_at),
  };
}

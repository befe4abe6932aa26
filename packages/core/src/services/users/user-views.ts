import { sql } from 'kysely';
import type { UserView } from '../../domain/types.ts';
import { type Em, sqlOf, toIso } from '../database.ts';

interface UserRow {
  id: string;
  email: string;
  email_verified: boolean;
  username: string;
  name: string | null;
  permissions: string[];
  created_at: Date | string;
  groups: { id: string; name: string; permissions: string[] }[] | null;
}

/** Users as the API shows them, with groups and effective permissions, in one query. */
export async function loadUserViews(
  em: Em,
  ids: readonly string[],
): Promise<Map<string, UserView>> {
  const views = new Map<string, UserView>();
  if (ids.length === 0) return views;
  const { rows } = await sql<UserRow>`
    select u.id, u.email, u.email_verified, u.username, u.name, u.permissions, u.created_at,
      (select json_agg(json_build_object('id', g.id, 'name', g.name, 'permissions', g.permissions))
         from user_groups ug join groups g on g.id = ug.group_id
        where ug.user_id = u.id) as groups
      from users u
     where u.id = any(${[...new Set(ids)]}::uuid[])`.execute(sqlOf(em));
  for (const row of rows) views.set(row.id, toUserView(row));
  return views;
}

export function toUserView(row: UserRow): UserView {
  const groups = (row.groups ?? []).sort((a, b) => a.name.localeCompare(b.name));
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

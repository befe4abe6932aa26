import { sql } from 'kysely';
import type { CollaboratorRole } from '../../domain/types.ts';
import { type Em, sqlOf } from '../database.ts';
import type { InviteRow } from './invite-row.ts';

export interface InviteRelations {
  users: Map<string, { id: string; username: string; name: string | null }>;
  groups: Map<string, { id: string; name: string }[]>;
  /**
   * By group: what it grants, for deciding who may see a code. Keyed by group, not invite:
   * a thousand invites naming the same large groups hold their permissions once.
   */
  groupPermissions: Map<string, string[]>;
  namespaces: Map<string, { id: string; path: string }>;
  /** By namespace: the viewing user's role in it, when a viewer was given. */
  viewerRoles: Map<string, CollaboratorRole>;
}

export const NO_RELATIONS: InviteRelations = {
  users: new Map(),
  groups: new Map(),
  groupPermissions: new Map(),
  namespaces: new Map(),
  viewerRoles: new Map(),
};

/**
 * The inviters, groups (and what each grants) and namespaces of a page of invites, and the
 * viewing user's roles in those namespaces: at most five queries, whatever its size.
 */
export async function loadInviteRelations(
  em: Em,
  rows: readonly InviteRow[],
  {
    groups: withGroups = true,
    viewerId = null,
  }: { groups?: boolean; viewerId?: string | null } = {},
): Promise<InviteRelations> {
  if (rows.length === 0) return NO_RELATIONS;
  const userIds = [...new Set(rows.flatMap((r) => (r.inviter_id ? [r.inviter_id] : [])))];
  const inviteIds = rows.map((r) => r.id);
  const namespaceIds = [...new Set(rows.flatMap((r) => (r.namespace_id ? [r.namespace_id] : [])))];
  const k = sqlOf(em);
  const [users, groups, groupGrants, namespaces, roles] = await Promise.all([
    userIds.length === 0
      ? Promise.resolve({ rows: [] as { id: string; username: string; name: string | null }[] })
      : sql<{ id: string; username: string; name: string | null }>`
          select id, username, name from users where id = any(${userIds}::uuid[])`.execute(k),
    withGroups
      ? sql<{ invite_id: string; id: string; name: string }>`
          select ig.invite_id, g.id, g.name
            from invite_groups ig join groups g on g.id = ig.group_id
           where ig.invite_id = any(${inviteIds}::uuid[]) order by g.name`.execute(k)
      : Promise.resolve({ rows: [] as { invite_id: string; id: string; name: string }[] }),
    withGroups
      ? sql<{ id: string; permissions: string[] }>`
          select g.id, g.permissions from groups g
           where g.id in (select group_id from invite_groups where invite_id = any(${inviteIds}::uuid[]))`.execute(
          k,
        )
      : Promise.resolve({ rows: [] as { id: string; permissions: string[] }[] }),
    namespaceIds.length === 0
      ? Promise.resolve({ rows: [] as { id: string; path: string }[] })
      : sql<{ id: string; path: string }>`
          select id, path from namespaces where id = any(${namespaceIds}::uuid[])`.execute(k),
    viewerId === null || namespaceIds.length === 0
      ? Promise.resolve({ rows: [] as { namespace_id: string; role: CollaboratorRole }[] })
      : sql<{ namespace_id: string; role: CollaboratorRole }>`
          select namespace_id, role from collaborators
           where user_id = ${viewerId} and namespace_id = any(${namespaceIds}::uuid[])`.execute(k),
  ]);
  const byInvite = new Map<string, { id: string; name: string }[]>();
  for (const { invite_id, id, name } of groups.rows) {
    const list = byInvite.get(invite_id) ?? [];
    list.push({ id, name });
    byInvite.set(invite_id, list);
  }
  return {
    users: new Map(users.rows.map((u) => [u.id, u])),
    groups: byInvite,
    groupPermissions: new Map(groupGrants.rows.map((g) => [g.id, g.permissions])),
    namespaces: new Map(namespaces.rows.map((n) => [n.id, n])),
    viewerRoles: new Map(roles.rows.map((r) => [r.namespace_id, r.role])),
  };
}

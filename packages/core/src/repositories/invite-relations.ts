import { sql } from 'kysely';
import type { CollaboratorRole } from '../domain/vocabulary.ts';
import { sqlOf, type Tx } from '../services/database.ts';
import type { InviteRow } from './invites.ts';
import { prepared } from './prepared.ts';

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

/**
 * Each group of some invites once, with what it grants and the invites naming it: a page of
 * invites that name the same large groups does not repeat their permissions. Read for every
 * invite shown, so a prepared statement (prepared.ts), planned once per connection.
 */
const groupsOfInvites = prepared('guestlist_groups_of_invites', 1, (db, ids: string[]) =>
  db
    .selectFrom('invite_groups as ig')
    .innerJoin('groups as g', 'g.id', 'ig.group_id')
    .select(['g.id', 'g.name', 'g.permissions'])
    .select(sql<string[]>`array_agg(ig.invite_id)`.as('invite_ids'))
    .where('ig.invite_id', '=', sql<string>`any(${ids}::uuid[])`)
    .groupBy('g.id')
    .orderBy('g.name'),
);

/** `= any($1::uuid[])`: one array parameter, however many ids. */
const anyUuid = (ids: readonly string[]) => sql<string>`any(${[...ids]}::uuid[])`;

export const NO_RELATIONS: InviteRelations = {
  users: new Map(),
  groups: new Map(),
  groupPermissions: new Map(),
  namespaces: new Map(),
  viewerRoles: new Map(),
};

/**
 * The inviters, groups (and what each grants) and namespaces of a page of invites, and the
 * viewing user's roles in those namespaces: at most four queries, whatever its size.
 */
export async function loadInviteRelations(
  tx: Tx,
  rows: readonly InviteRow[],
  {
    groups: withGroups = true,
    viewerId = null,
    parties,
  }: {
    groups?: boolean;
    viewerId?: string | null;
    /** The inviters and namespaces, when the rows were read with them (invite-lookup.ts). */
    parties?: Pick<InviteRelations, 'users' | 'namespaces'> | undefined;
  } = {},
): Promise<InviteRelations> {
  if (rows.length === 0) return NO_RELATIONS;
  const userIds = parties
    ? []
    : [...new Set(rows.flatMap((r) => (r.inviter_id ? [r.inviter_id] : [])))];
  const inviteIds = rows.map((r) => r.id);
  const namespaceIds = [...new Set(rows.flatMap((r) => (r.namespace_id ? [r.namespace_id] : [])))];
  const k = sqlOf(tx);
  const [users, groups, namespaces, roles] = await Promise.all([
    userIds.length === 0
      ? []
      : k
          .selectFrom('users')
          .select(['id', 'username', 'name'])
          .where('id', '=', anyUuid(userIds))
          .execute(),
    withGroups ? groupsOfInvites(tx, inviteIds) : [],
    namespaceIds.length === 0 || parties
      ? []
      : k
          .selectFrom('namespaces')
          .select(['id', 'path'])
          .where('id', '=', anyUuid(namespaceIds))
          .execute(),
    viewerId === null || namespaceIds.length === 0
      ? []
      : k
          .selectFrom('collaborators')
          .select(['namespace_id', 'role'])
          .where('user_id', '=', viewerId)
          .where('namespace_id', '=', anyUuid(namespaceIds))
          .execute(),
  ]);
  const byInvite = new Map<string, { id: string; name: string }[]>();
  for (const { id, name, invite_ids } of groups) {
    for (const inviteId of invite_ids) {
      const list = byInvite.get(inviteId) ?? [];
      list.push({ id, name });
      byInvite.set(inviteId, list);
    }
  }
  return {
    users: parties?.users ?? new Map(users.map((u) => [u.id, u])),
    groups: byInvite,
    groupPermissions: new Map(groups.map((g) => [g.id, g.permissions])),
    namespaces: parties?.namespaces ?? new Map(namespaces.map((n) => [n.id, n])),
    viewerRoles: new Map(roles.map((r) => [r.namespace_id, r.role])),
  };
}

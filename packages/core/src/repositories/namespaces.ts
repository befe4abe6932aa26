import { type Selectable, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { CollaboratorRole } from '../domain/vocabulary.ts';
import { sqlOf, type Tx } from '../services/database.ts';

/**
 * The namespace repository: every statement on `namespaces` and `collaborators`. Each function
 * runs in the unit of work it is given (`tx`).
 */

/** A namespace with its owner's username, as the API shows it. */
export type NamespaceRow = Selectable<DB['namespaces']> & { owner_username: string };

export type CollaboratorRow = Pick<Selectable<DB['users']>, 'id' | 'username' | 'name'> &
  Pick<Selectable<DB['collaborators']>, 'role' | 'since'>;

/** A user's role in a namespace, or null when they do not collaborate on it. */
export async function roleIn(
  tx: Tx,
  namespaceId: string,
  userId: string,
): Promise<CollaboratorRole | null> {
  const row = await sqlOf(tx)
    .selectFrom('collaborators')
    .select('role')
    .where('namespace_id', '=', namespaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role ?? null;
}

export async function findNamespace(tx: Tx, path: string): Promise<NamespaceRow | undefined> {
  return sqlOf(tx)
    .selectFrom('namespaces as n')
    .innerJoin('users as u', 'u.id', 'n.owner_id')
    .selectAll('n')
    .select('u.username as owner_username')
    .where('n.path', '=', path.toLowerCase())
    .executeTakeFirst();
}

/** Inserts the namespace and makes its owner its first collaborator. */
export async function insertNamespace(
  tx: Tx,
  namespace: {
    id: string;
    name: string;
    path: string;
    ownerId: string;
    description: string | null;
  },
): Promise<void> {
  const k = sqlOf(tx);
  await k
    .insertInto('namespaces')
    .values({
      id: namespace.id,
      name: namespace.name,
      path: namespace.path,
      owner_id: namespace.ownerId,
      description: namespace.description,
    })
    .execute();
  await k
    .insertInto('collaborators')
    .values({ namespace_id: namespace.id, user_id: namespace.ownerId, role: 'owner' })
    .execute();
}

/**
 * Holds the namespace's advisory lock until the transaction ends: whoever checks, then writes,
 * one at a time.
 */
export async function lockNamespace(tx: Tx, namespaceId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${namespaceId}))`.execute(sqlOf(tx));
}

/** One page of collaborators, owner first, then admins, then members; and how many there are. */
export async function listCollaborators(
  tx: Tx,
  namespaceId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: CollaboratorRow[]; total: number }> {
  const k = sqlOf(tx);
  const [rows, count] = await Promise.all([
    k
      .selectFrom('collaborators as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['u.id', 'u.username', 'u.name', 'c.role', 'c.since'])
      .where('c.namespace_id', '=', namespaceId)
      .orderBy(sql`case c.role when 'owner' then 0 when 'admin' then 1 else 2 end`)
      .orderBy('c.since')
      .orderBy('u.username')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    k
      .selectFrom('collaborators')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('namespace_id', '=', namespaceId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** One page of the namespaces a user collaborates in (owned ones included), by path; and how many. */
export async function listNamespacesOf(
  tx: Tx,
  userId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: (NamespaceRow & Pick<CollaboratorRow, 'role' | 'since'>)[]; total: number }> {
  const k = sqlOf(tx);
  const [rows, count] = await Promise.all([
    k
      .selectFrom('collaborators as c')
      .innerJoin('namespaces as n', 'n.id', 'c.namespace_id')
      .innerJoin('users as u', 'u.id', 'n.owner_id')
      .selectAll('n')
      .select(['u.username as owner_username', 'c.role', 'c.since'])
      .where('c.user_id', '=', userId)
      .orderBy('n.path')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    k
      .selectFrom('collaborators')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** The collaborator named `username` on the namespace at `path`, with their role. */
export async function findCollaborator(tx: Tx, path: string, username: string) {
  return sqlOf(tx)
    .selectFrom('collaborators as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .innerJoin('namespaces as n', 'n.id', 'c.namespace_id')
    .select(['c.user_id', 'c.role', 'n.id as namespace_id'])
    .where('n.path', '=', path.toLowerCase())
    .where('u.username', '=', username.toLowerCase())
    .executeTakeFirst();
}

/**
 * Makes the user a collaborator. The primary key of `collaborators` keeps one row per user and
 * namespace: a second insert fails with a unique violation (23505), even when two race.
 */
export async function insertCollaborator(
  tx: Tx,
  collaborator: { namespaceId: string; userId: string; role: CollaboratorRole; since: Date },
): Promise<void> {
  await sqlOf(tx)
    .insertInto('collaborators')
    .values({
      namespace_id: collaborator.namespaceId,
      user_id: collaborator.userId,
      role: collaborator.role,
      since: collaborator.since,
    })
    .execute();
}

export async function deleteCollaborator(
  tx: Tx,
  namespaceId: string,
  userId: string,
): Promise<void> {
  await sqlOf(tx)
    .deleteFrom('collaborators')
    .where('namespace_id', '=', namespaceId)
    .where('user_id', '=', userId)
    .execute();
}

/** The user's username (the first part of their namespaces' paths). */
export async function usernameOf(tx: Tx, userId: string): Promise<string> {
  const { username } = await sqlOf(tx)
    .selectFrom('users')
    .select('username')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return username;
}

/** The user behind a username, or behind an address (`email`) only once they proved it. */
export async function findInvitee(tx: Tx, by: 'email' | 'username', handle: string) {
  return sqlOf(tx)
    .selectFrom('users')
    .select(['id', 'email', 'email_verified'])
    .where(by, '=', handle)
    .$if(by === 'email', (q) => q.where('email_verified', '=', true))
    .executeTakeFirst();
}

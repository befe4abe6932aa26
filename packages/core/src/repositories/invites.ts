import { type Selectable, sql, type Updateable } from 'kysely';
import type { DB } from '../db/schema.ts';
import { sqlOf, type Tx } from '../services/database.ts';

/**
 * The invite repository: every statement on `invites`, `invite_groups` and `redemptions`, and
 * the few reads an invite's rules need from tables around them. Each function runs in the unit
 * of work it is given (`tx`): a transaction for a change, a fresh fork for a read. The list
 * query, the insert, the relations of a page and the worker's delivery statements are its other parts
 * (`invite-list.ts`, `invite-relations.ts`, `invite-delivery.ts`).
 */

/** An `invites` row as SQL returns it; timestamps are text (see `db/schema.ts`). */
export type InviteRow = Selectable<DB['invites']>;
/** A change to an invite row: typed columns, checked against the schema. */
export type InviteChanges = Updateable<DB['invites']>;

export { insertInvites, type RowColumns, type SharedColumns } from './invite-insert.ts';

/**
 * An invite by id or by code digest (`id` null: by code alone), optionally locking its row:
 * the lock is what makes a change or a redemption atomic.
 */
export async function findInvite(
  tx: Tx,
  key: { id: string | null; digests: Buffer[] },
  { forUpdate = false }: { forUpdate?: boolean } = {},
): Promise<InviteRow | undefined> {
  const { id, digests } = key;
  return (
    sqlOf(tx)
      .selectFrom('invites')
      .selectAll()
      .where((eb) =>
        id !== null
          ? eb.or([eb('id', '=', id), eb('code_digest', 'in', digests)])
          : eb('code_digest', 'in', digests),
      )
      // A reference names one invite: the id first, then the code as given (see lookupDigests).
      .$if(id !== null, (q) => q.orderBy(sql`id = ${id}`, 'desc'))
      .orderBy(sql`code_digest = ${digests[0]}`, 'desc')
      .limit(1)
      .$if(forUpdate, (q) => q.forUpdate())
      .executeTakeFirst()
  );
}

/** Applies `changes` to the invite and answers it as it is now. */
export async function updateInvite(tx: Tx, id: string, changes: InviteChanges): Promise<InviteRow> {
  return sqlOf(tx)
    .updateTable('invites')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteInvite(tx: Tx, id: string): Promise<void> {
  await sqlOf(tx).deleteFrom('invites').where('id', '=', id).execute();
}

/**
 * Marks up to `limit` pending invites past their date as expired. Sweepers running at once
 * skip each other's rows (`SKIP LOCKED`), and a swept row is no longer pending, so each invite
 * expires once however many workers sweep.
 */
export async function expireDueInvites(tx: Tx, limit: number): Promise<InviteRow[]> {
  const { rows } = await sql<InviteRow>`
    update invites set status = 'expired', updated_at = now()
     where id in (
       select id from invites
        where status = 'pending' and expires_at is not null and expires_at <= now()
        order by expires_at
        limit ${limit}
        for update skip locked)
    returning *`.execute(sqlOf(tx));
  return rows;
}

/** A namespace's pending invites past their date, to the invitee or the address: now expired. */
export async function expireStaleNamespaceInvites(
  tx: Tx,
  namespaceId: string,
  to: { inviteeId: string | null; email: string | null },
): Promise<InviteRow[]> {
  const { rows } = await sql<InviteRow>`
    update invites set status = 'expired', updated_at = now()
     where namespace_id = ${namespaceId} and status = 'pending' and expires_at <= now()
       and (invitee_id = ${to.inviteeId}::uuid or email = ${to.email}::text)
    returning *`.execute(sqlOf(tx));
  return rows;
}

/** Whether the namespace has a pending invite to the invitee or to the address. */
export async function hasPendingNamespaceInvite(
  tx: Tx,
  namespaceId: string,
  to: { inviteeId: string | null; email: string | null },
): Promise<boolean> {
  const pending = await sqlOf(tx)
    .selectFrom('invites')
    .select('id')
    .where('namespace_id', '=', namespaceId)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('invitee_id', '=', to.inviteeId), eb('email', '=', to.email)]))
    .executeTakeFirst();
  return pending !== undefined;
}

/** Cancels the pending invites a user sent on a namespace's behalf. */
export async function cancelPendingInvitesBy(
  tx: Tx,
  namespaceId: string,
  inviterId: string,
): Promise<InviteRow[]> {
  const { rows } = await sql<InviteRow>`
    update invites set status = 'canceled', canceled_at = now(), updated_at = now()
     where namespace_id = ${namespaceId} and inviter_id = ${inviterId} and status = 'pending'
    returning *`.execute(sqlOf(tx));
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Groups an invite grants

/** What each of the groups grants, for those that exist. */
export async function groupGrants(
  tx: Tx,
  groupIds: readonly string[],
): Promise<Map<string, string[]>> {
  const rows = await sqlOf(tx)
    .selectFrom('groups')
    .select(['id', 'permissions'])
    .where('id', '=', sql<string>`any(${[...new Set(groupIds)]}::uuid[])`)
    .execute();
  return new Map(rows.map((r) => [r.id, r.permissions]));
}

/** The permissions an invite's groups grant, for the ceiling of a change to it (R21). */
export async function permissionsOfInviteGroups(tx: Tx, inviteId: string): Promise<string[]> {
  return (await grantsOfInviteGroups(tx, inviteId)).permissions;
}

/**
 * What an invite's groups grant, and how many it names: a use of an invite naming none and
 * granting nothing has nothing to give, and its answer shows no groups.
 */
export async function grantsOfInviteGroups(
  tx: Tx,
  inviteId: string,
): Promise<{ groups: number; permissions: string[] }> {
  const rows = await sqlOf(tx)
    .selectFrom('invite_groups as ig')
    .innerJoin('groups as g', 'g.id', 'ig.group_id')
    .select('g.permissions')
    .where('ig.invite_id', '=', inviteId)
    .execute();
  return { groups: rows.length, permissions: [...new Set(rows.flatMap((r) => r.permissions))] };
}

export async function setInviteGroups(
  tx: Tx,
  inviteIds: readonly string[],
  groupIds: readonly string[],
): Promise<void> {
  if (inviteIds.length === 0) return;
  await sqlOf(tx)
    .deleteFrom('invite_groups')
    .where('invite_id', 'in', [...inviteIds])
    .execute();
  await addInviteGroups(tx, inviteIds, groupIds);
}

/** Names the groups on invites that name none yet (new ones): no statement when there are none. */
export async function addInviteGroups(
  tx: Tx,
  inviteIds: readonly string[],
  groupIds: readonly string[],
): Promise<void> {
  const unique = [...new Set(groupIds)];
  if (inviteIds.length === 0 || unique.length === 0) return;
  // Two array parameters, whatever the count: 1000 invites × 100 groups stays one statement.
  await sql`
    insert into invite_groups (invite_id, group_id)
    select i, g from unnest(${[...inviteIds]}::uuid[]) as i cross join unnest(${unique}::uuid[]) as g`.execute(
    sqlOf(tx),
  );
}

/**
 * Adds an account invite's permissions to the user's own and joins them to its groups.
 * Idempotent, so a grant never duplicates.
 */
export async function grantInviteTo(
  tx: Tx,
  userId: string,
  inviteId: string,
  permissions: readonly string[],
): Promise<void> {
  const k = sqlOf(tx);
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
}

// ---------------------------------------------------------------------------------------------
// Redemptions

/** Who redeems: a Guestlist user, or an application's subject (§9). */
export type RedeemerKey = { userId: string; subject: null } | { userId: null; subject: string };

export async function hasRedeemed(tx: Tx, inviteId: string, who: RedeemerKey): Promise<boolean> {
  const found = await sqlOf(tx)
    .selectFrom('redemptions')
    .select('id')
    .where('invite_id', '=', inviteId)
    .where(who.userId === null ? 'subject' : 'user_id', '=', who.userId ?? who.subject)
    .executeTakeFirst();
  return found !== undefined;
}

export async function insertRedemption(
  tx: Tx,
  redemption: { id: string; inviteId: string; at: Date } & RedeemerKey,
): Promise<void> {
  await sqlOf(tx)
    .insertInto('redemptions')
    .values({
      id: redemption.id,
      invite_id: redemption.inviteId,
      user_id: redemption.userId,
      subject: redemption.subject,
      at: redemption.at,
    })
    .execute();
}

/** A user as a redemption names them. */
export async function userSummary(
  tx: Tx,
  userId: string,
): Promise<{ id: string; username: string; name: string | null }> {
  return sqlOf(tx)
    .selectFrom('users')
    .select(['id', 'username', 'name'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

export interface RedemptionRow {
  user: { id: string; username: string; name: string | null } | null;
  subject: string | null;
  at: string;
}

/** One page of an invite's redemptions, oldest first, and how many there are. */
export async function listRedemptions(
  tx: Tx,
  inviteId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: RedemptionRow[]; total: number }> {
  const k = sqlOf(tx);
  const [rows, count] = await Promise.all([
    k
      .selectFrom('redemptions as r')
      .leftJoin('users as u', 'u.id', 'r.user_id')
      .select(['u.id', 'u.username', 'u.name', 'r.subject', 'r.at'])
      .where('r.invite_id', '=', inviteId)
      .orderBy('r.at')
      .orderBy('r.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute()
      .then((found) =>
        found.map(({ id, username, name, subject, at }) => ({
          user: id !== null && username !== null ? { id, username, name } : null,
          subject,
          at,
        })),
      ),
    k
      .selectFrom('redemptions')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('invite_id', '=', inviteId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

// ---------------------------------------------------------------------------------------------
// Around invites

/** Whether a user with this id exists (an API key naming an inviter). */
export async function userExists(tx: Tx, id: string): Promise<boolean> {
  const found = await sqlOf(tx)
    .selectFrom('users')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  return found !== undefined;
}

import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { requireCreatorHolds, requireRedeemer, runs } from '../../domain/policy.ts';
import type { Actor } from '../../domain/principal.ts';
import type { SettingsView } from '../../domain/types.ts';
import { roleIn } from '../collaborators.ts';
import { type Em, sqlOf } from '../database.ts';
import { creatorOf } from '../principals.ts';
import { grantInvite, permissionsOfInviteGroups } from './grants.ts';
import type { InviteEvents } from './invite-events.ts';
import { effectiveStatus, type InviteRow } from './invite-row.ts';

/** Why an invite cannot be used, for each status that is not `pending` (spec §3: 410). */
export const GONE = {
  expired: ['INVITE_EXPIRED', 'This invite has expired'],
  canceled: ['INVITE_CANCELED', 'This invite was canceled'],
  declined: ['INVITE_DECLINED', 'This invite was declined'],
  accepted: ['INVITE_USED', 'This invite has been used'],
} as const;

export function requireUsable(row: InviteRow, now: Date): void {
  const status = effectiveStatus(row, now);
  if (status !== 'pending') {
    const [code, message] = GONE[status];
    throw new DomainError(code, message);
  }
}

export function requireInvitesEnabled(settings: SettingsView): void {
  if (!settings.invitesEnabled) {
    throw new DomainError('INVITES_DISABLED', 'Invites are disabled on this instance');
  }
}

/**
 * One use of an invite by a user, inside the caller's transaction (spec R6, R7, R9, R10).
 *
 * `row` must have been read `FOR UPDATE` in this transaction: the row lock is what makes
 * redemption atomic. Concurrent redeemers queue on it; each sees the uses of those before it,
 * so a single-use invite succeeds once and a multi-use one never passes `maxUses`. Every
 * check runs before any write, and a failure rolls the whole transaction back: nothing is
 * consumed by a redemption that does not complete.
 */
export async function redeem(
  em: Em,
  events: InviteEvents,
  actor: Actor,
  row: InviteRow,
  user: { id: string; email: string; emailVerified: boolean },
  settings: SettingsView,
  now: Date,
): Promise<InviteRow> {
  requireInvitesEnabled(settings);
  requireUsable(row, now);
  requireRedeemer(user, { inviteeId: row.invitee_id, email: row.email });
  if (row.max_uses !== null && row.uses >= row.max_uses) {
    throw new DomainError('INVITE_USED', 'This invite has been used');
  }
  const k = sqlOf(em);
  const already = await k
    .selectFrom('redemptions')
    .select('id')
    .where('invite_id', '=', row.id)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (already) throw new DomainError('ALREADY_REDEEMED', 'You have already redeemed this invite');
  if (row.type === 'account') await requireCreatorStillGrants(em, row);

  const uses = row.uses + 1;
  const usedUp = row.max_uses !== null && uses >= row.max_uses;
  const updated = (await k
    .updateTable('invites')
    .set({
      uses,
      status: usedUp ? 'accepted' : 'pending',
      accepted_at: row.accepted_at === null ? now : new Date(row.accepted_at),
      // The invitee is the one person who used a single-use invite.
      invitee_id: row.max_uses === 1 ? user.id : row.invitee_id,
      updated_at: now,
    })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow()) as InviteRow;
  await k
    .insertInto('redemptions')
    .values({ id: randomUUID(), invite_id: row.id, user_id: user.id, at: now })
    .execute();
  if (row.type === 'namespace') await joinNamespace(em, row, user.id, now);
  else await grantInvite(em, user.id, row.id, row.permissions);
  await events.record(em, actor, [
    { action: 'invite.accepted', row: updated, data: { userId: user.id, uses } },
  ]);
  return updated;
}

/** An account invite grants only while its creator still holds all it grants (R21). */
async function requireCreatorStillGrants(em: Em, row: InviteRow): Promise<void> {
  const grants = [...row.permissions, ...(await permissionsOfInviteGroups(em, row.id))];
  if (grants.length > 0) requireCreatorHolds(await creatorOf(em, row), grants);
}

/**
 * Makes the user a collaborator with the invite's role (spec R10). The primary key of
 * `collaborators` keeps one row per user and namespace, even when two invites race.
 */
async function joinNamespace(em: Em, row: InviteRow, userId: string, now: Date): Promise<void> {
  // An invite speaks for its inviter: once they no longer run the namespace, it is void.
  if (row.inviter_id !== null && !runs(await roleIn(em, row.namespace_id!, row.inviter_id))) {
    throw new DomainError('INVITE_CANCELED', 'This invite was withdrawn');
  }
  const k = sqlOf(em);
  if ((await roleIn(em, row.namespace_id!, userId)) !== null)
    throw new DomainError(
      'ALREADY_COLLABORATOR',
      'You are already a collaborator of this namespace',
    );
  try {
    await k
      .insertInto('collaborators')
      .values({
        namespace_id: row.namespace_id!,
        user_id: userId,
        role: row.role ?? 'member',
        since: now,
      })
      .execute();
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new DomainError(
        'ALREADY_COLLABORATOR',
        'You are already a collaborator of this namespace',
      );
    }
    throw error;
  }
}

/** The redeemers of an invite, oldest first. */
/** One page of an invite's redemptions, oldest first, and how many there are. */
export async function listRedemptions(
  em: Em,
  inviteId: string,
  page: { limit: number; offset: number },
) {
  const k = sqlOf(em);
  const [{ rows }, { rows: count }] = await Promise.all([
    sql<{
      id: string;
      username: string;
      name: string | null;
      at: Date | string;
    }>`
      select u.id, u.username, u.name, r.at from redemptions r join users u on u.id = r.user_id
       where r.invite_id = ${inviteId} order by r.at, r.id
       limit ${page.limit} offset ${page.offset}`.execute(k),
    sql<{
      n: number;
    }>`select count(*)::int as n from redemptions where invite_id = ${inviteId}`.execute(k),
  ]);
  return { rows, total: count[0]!.n };
}

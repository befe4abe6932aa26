import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import {
  authorizeRedeem,
  requireCreatorHolds,
  requireDecliner,
  requireRedeemer,
  requireSubjectRedeemer,
  runs,
} from '../../domain/policy.ts';
import { type Actor, requireAuthenticated, requireUser } from '../../domain/principal.ts';
import type { InviteView, RedeemResult, RedemptionView, SettingsView } from '../../domain/types.ts';
import { type CollaboratorRole, invitableRoles } from '../../domain/vocabulary.ts';
import {
  grantsOfInviteGroups,
  hasRedeemed,
  type InviteRow,
  insertRedemption,
  type RedeemerKey,
  updateInvite,
  userSummary,
} from '../../repositories/invites.ts';
import { insertCollaborator, roleIn } from '../../repositories/namespaces.ts';
import type { Tx } from '../database.ts';
import { creatorOf } from '../principals.ts';
import { loadSettings } from '../settings.ts';
import {
  authorize,
  factsFor,
  findByRef,
  type InviteDeps,
  isIdOf,
  locked,
  notFound,
  presentOne,
  transition,
} from './context.ts';
import { grantInvite } from './grants.ts';
import type { InviteEvents } from './invite-events.ts';
import { factsOf } from './invite-view.ts';
import { requireInvitesEnabled, requireUsable } from './rules.ts';

/** §9: who an application redeems for, and the address it vouches for. */
export interface SubjectRedemption {
  subject: string;
  email?: string | null | undefined;
}

/** 1 to 256 characters, as given: no control characters, no broken UTF-16 (§9, R19). */
function requireSubject(subject: string): void {
  const fine = /^[^\p{Cc}]{1,256}$/u.test(subject) && subject.isWellFormed();
  if (!fine) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'subject is 1 to 256 characters, none of them control characters',
      [{ path: 'subject', message: '1 to 256 characters, no control characters' }],
    );
  }
}

/** A user as a redemption needs them: who they are and whether their address is proven. */
export interface Redeemer {
  id: string;
  email: string;
  emailVerified: boolean;
}

/** Using an invite, or refusing it (spec R6, R9, R10): by its id or its code. */
export class RedeemInvites {
  readonly #deps: InviteDeps;

  constructor(deps: InviteDeps) {
    this.#deps = deps;
  }

  /** A signed-in user redeems an invite (spec R6, R9, R10): by its id or its code. */
  async accept(actor: Actor, ref: string): Promise<InviteView> {
    const user = requireUser(actor.principal);
    return locked(this.#deps, ref, async (tx, row) => {
      // The code is the bearer secret; an id is not. Only the invite's addressee may use the id
      // (R9a); by code, `redeem` checks the redeemer.
      if (isIdOf(row, ref)) await authorize(tx, user, row, 'accept');
      const now = new Date();
      const who = { id: user.id, email: user.email, emailVerified: user.emailVerified };
      const settings = await loadSettings(tx);
      const { updated, namesGroups } = await redeem(
        tx,
        this.#deps.events,
        actor,
        row,
        who,
        settings,
        now,
      );
      return presentOne(tx, this.#deps.views, updated, user, now, {
        noGroups: namesGroups === false,
      });
    });
  }

  /**
   * An application redeems an invite for one of its own users, its `subject` (§9, R6, R7, R12):
   * one use, recorded under the subject, nothing granted here. The answer tells the
   * application what to grant: the invite as the caller may see it, and the redemption.
   */
  async forSubject(actor: Actor, ref: string, input: SubjectRedemption): Promise<RedeemResult> {
    const principal = requireAuthenticated(actor.principal);
    requireSubject(input.subject);
    return locked(this.#deps, ref, async (tx, row) => {
      authorizeRedeem(principal, await factsFor(tx, principal, row, 'read'), isIdOf(row, ref));
      requireInvitesEnabled(await loadSettings(tx));
      if (row.type === 'namespace') {
        throw new DomainError(
          'INVITE_NOT_REDEEMABLE',
          'A namespace invite makes a collaborator: only a Guestlist user can accept it',
        );
      }
      const now = new Date();
      requireUsable(row, now);
      requireSubjectRedeemer({ inviteeId: row.invitee_id, email: row.email }, input.email ?? null);
      const who = { userId: null, subject: input.subject };
      const { updated, redemption } = await consume(tx, this.#deps.events, actor, row, who, now);
      const invite = await presentOne(tx, this.#deps.views, updated, principal, now);
      return { invite, redemption };
    });
  }

  /** The addressee refuses a pending invite; it can never be accepted afterwards. */
  async decline(actor: Actor, ref: string): Promise<InviteView> {
    const user = requireUser(actor.principal);
    return locked(this.#deps, ref, async (tx, row) => {
      // By id, the policy decides (R9a: 404 unless they may see it); by code, the code proves
      // the invite exists and only its addressee may decline it (403 otherwise).
      if (isIdOf(row, ref)) await authorize(tx, user, row, 'decline');
      else requireDecliner(user, factsOf(row));
      const now = new Date();
      // Like accepting: an invite that can no longer be used answers 410.
      requireUsable(row, now);
      return transition(tx, this.#deps, actor, row, 'invite.declined', { status: 'declined' }, now);
    });
  }

  /** Redeems by code inside a registration's transaction; the code alone, never an id. */
  async redeemCodeFor(
    tx: Tx,
    actor: Actor,
    code: string,
    user: Redeemer,
    settings: SettingsView,
  ): Promise<InviteRow> {
    const row = await findByRef(tx, this.#deps.secrets, code, { forUpdate: true, codeOnly: true });
    if (!row) throw notFound();
    return (await redeem(tx, this.#deps.events, actor, row, user, settings, new Date())).updated;
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
  tx: Tx,
  events: InviteEvents,
  actor: Actor,
  row: InviteRow,
  user: Redeemer,
  settings: SettingsView,
  now: Date,
): Promise<{ updated: InviteRow; namesGroups: boolean | null }> {
  requireInvitesEnabled(settings);
  requireUsable(row, now);
  requireRedeemer(user, { inviteeId: row.invitee_id, email: row.email });
  const { updated, namesGroups } = await consume(
    tx,
    events,
    actor,
    row,
    { userId: user.id, subject: null },
    now,
  );
  if (row.type === 'namespace') {
    const member = await joinNamespace(tx, row, user.id, now);
    await events.webhooks.memberChanged(tx, 'member.added', member);
  } else await grantInvite(tx, user.id, row.id, row.permissions, namesGroups !== false);
  return { updated, namesGroups };
}

/**
 * One use of the invite by `who`, after the caller's checks of who may use it, under the row
 * lock (R6): its uses, its redemption and its `invite.accepted` event, which carries the
 * redemption (§9). What the use grants is the caller's to give.
 */
export async function consume(
  tx: Tx,
  events: InviteEvents,
  actor: Actor,
  row: InviteRow,
  who: RedeemerKey,
  now: Date,
): Promise<{
  updated: InviteRow;
  redemption: RedemptionView;
  /** Whether an account invite names groups; null for a namespace invite (not read). */
  namesGroups: boolean | null;
}> {
  if (row.max_uses !== null && row.uses >= row.max_uses) {
    throw new DomainError('INVITE_USED', 'This invite has been used');
  }
  const already = () =>
    new DomainError(
      'ALREADY_REDEEMED',
      who.subject === null
        ? 'You have already redeemed this invite'
        : 'This subject has already redeemed this invite',
    );
  if (await hasRedeemed(tx, row.id, who)) throw already();
  const groups = row.type === 'account' ? await requireCreatorStillGrants(tx, row) : null;

  const uses = row.uses + 1;
  const usedUp = row.max_uses !== null && uses >= row.max_uses;
  const updated = await updateInvite(tx, row.id, {
    uses,
    status: usedUp ? 'accepted' : 'pending',
    accepted_at: row.accepted_at === null ? now : new Date(row.accepted_at),
    // The invitee is the one person who used a single-use invite.
    invitee_id: row.max_uses === 1 && who.userId !== null ? who.userId : row.invitee_id,
    updated_at: now,
  });
  try {
    await insertRedemption(tx, { id: randomUUID(), inviteId: row.id, at: now, ...who });
  } catch (error) {
    // The unique index stands behind the check above, should two uses ever pass it together.
    if ((error as { code?: string }).code === '23505') throw already();
    throw error;
  }
  const redemption: RedemptionView = {
    user: who.userId === null ? null : await userSummary(tx, who.userId),
    subject: who.subject,
    at: now.toISOString(),
  };
  await events.record(tx, actor, [
    {
      action: 'invite.accepted',
      row: updated,
      data: who.subject === null ? { userId: who.userId, uses } : { subject: who.subject, uses },
      payload: { redemption },
    },
  ]);
  return { updated, redemption, namesGroups: groups === null ? null : groups > 0 };
}

/**
 * An account invite grants only while its creator still holds all it grants (R21). Answers
 * how many groups the invite names.
 */
async function requireCreatorStillGrants(tx: Tx, row: InviteRow): Promise<number> {
  const { groups, permissions } = await grantsOfInviteGroups(tx, row.id);
  const grants = [...row.permissions, ...permissions];
  if (grants.length > 0) requireCreatorHolds(await creatorOf(tx, row), grants);
  return groups;
}

/**
 * Makes the user a collaborator with the invite's role (spec R10). The primary key of
 * `collaborators` keeps one row per user and namespace, even when two invites race.
 */
async function joinNamespace(
  tx: Tx,
  row: InviteRow,
  userId: string,
  now: Date,
): Promise<{ namespaceId: string; userId: string; role: CollaboratorRole }> {
  const namespaceId = row.namespace_id!;
  // An invite speaks for its inviter: once they no longer run the namespace, it is void.
  if (row.inviter_id !== null && !runs(await roleIn(tx, namespaceId, row.inviter_id))) {
    throw new DomainError('INVITE_CANCELED', 'This invite was withdrawn');
  }
  const already = () =>
    new DomainError('ALREADY_COLLABORATOR', 'You are already a collaborator of this namespace');
  if ((await roleIn(tx, namespaceId, userId)) !== null) throw already();
  // Namespace invites carry an invitable role (never `owner`); none means member.
  const role = invitableRoles.find((role) => role === row.role) ?? 'member';
  try {
    await insertCollaborator(tx, { namespaceId, userId, role, since: now });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw already();
    throw error;
  }
  return { namespaceId, userId, role };
}

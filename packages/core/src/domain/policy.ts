/**
 * Who may do what: every authorization rule of the spec, in one module, as pure functions of
 * facts the services load (the caller, the invite, the caller's role in its namespace, what the
 * invite grants). Services ask here and decide nothing themselves. Each rule below names the
 * spec line it implements, so it can be checked against the spec one by one.
 *
 * R20 — seeing comes first. A caller who may not see a resource gets 404 for every action on
 *       it (the answer must not confirm that it exists); one who may see it but not act gets 403.
 * R21 — the ceiling. Nobody grants, changes or removes more than they hold: every change to
 *       something that grants permissions needs all of them, before and after the change.
 * R9a — by id, an invite exists for whoever may read it and for its addressee; by code, the
 *       code proves it exists, and a caller who is not its addressee gets 403.
 * R9  — an address counts as proven by an invite only when its creator could vouch for it.
 * §9  — an application redeems an invite for its own user with invite:redeem, vouching for the
 *       address it names.
 */
import { normalizeEmail } from './email.ts';
import { DomainError } from './errors.ts';
import { can, type Principal } from './principal.ts';
import type { CollaboratorRole, InvitableRole, InviteType } from './vocabulary.ts';

// ---------------------------------------------------------------------------------------------
// Ceilings (R21)

/** The first permission of `permissions` the principal does not hold, if any. */
export function firstNotHeld(
  principal: Principal | null,
  permissions: Iterable<string>,
): string | undefined {
  for (const permission of permissions) if (!can(principal, permission)) return permission;
  return undefined;
}

/**
 * R21: the caller holds every permission involved in what it is about to grant, change or
 * remove. `what` completes "You cannot …" in the refusal.
 */
export function requireWithin(
  principal: Principal | null,
  permissions: Iterable<string>,
  what: string,
): void {
  const missing = firstNotHeld(principal, permissions);
  if (missing !== undefined) {
    throw new DomainError(
      'FORBIDDEN',
      `You cannot ${what}: it involves "${missing}", which you do not hold`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Invites (R9a, R20, R21)

/** What the policy needs to know about an invite. */
export interface InviteFacts {
  type: InviteType;
  inviterId: string | null;
  createdByKeyId: string | null;
  inviteeId: string | null;
  email: string | null;
  /** Registering with its code proves `email` (R9): whoever bound the address vouched for it. */
  emailVouched: boolean;
  /** What redeeming it grants: its permissions and its groups' permissions. */
  grants: readonly string[];
  /** The caller's role in the invite's namespace; null for account invites and outsiders. */
  callerRole: CollaboratorRole | null;
}

export type InviteAction =
  | 'read'
  | 'update'
  | 'cancel'
  | 'resend'
  | 'delete'
  /** By id; by code, `requireRedeemer` decides. */
  | 'accept'
  | 'decline';

/** The caller sent it: as the inviting user, or as the key that created it. */
export function isInviter(principal: Principal | null, invite: InviteFacts): boolean {
  if (!principal) return false;
  return principal.kind === 'user'
    ? invite.inviterId === principal.id
    : invite.createdByKeyId === principal.id;
}

/** It is addressed to the caller: to their user id, or to their proven email (R9). */
export function isAddressee(principal: Principal | null, invite: InviteFacts): boolean {
  if (principal?.kind !== 'user') return false;
  return (
    invite.inviteeId === principal.id ||
    (principal.emailVerified && invite.email !== null && invite.email === principal.email)
  );
}

/** Owners and admins run a namespace: they invite, and change what was sent in its name. */
export function runs(role: CollaboratorRole | null): boolean {
  return role === 'owner' || role === 'admin';
}

/**
 * Who may see an invite (R9a, §5): holders of invite:read, its inviter and its addressee (who
 * finds it in `/me/invites` anyway); for a namespace invite, also whoever runs or operates the
 * namespace, since they list its invites and may withdraw them. Anyone else: it does not exist.
 */
export function mayReadInvite(principal: Principal | null, invite: InviteFacts): boolean {
  return (
    can(principal, 'invite:read') ||
    isInviter(principal, invite) ||
    isAddressee(principal, invite) ||
    (invite.type === 'namespace' &&
      (runs(invite.callerRole) ||
        can(principal, 'namespace:read') ||
        can(principal, 'namespace:write')))
  );
}

/**
 * §4: the code is shown to holders of invite:read and to the inviter. A code is a bearer
 * credential: whoever sees it can register with it, so seeing it is taking what it grants
 * (R21) and proving the address it is bound to (R9). It is shown only to those who hold all it
 * grants, who could vouch for its address if that was vouched for, and, for a namespace invite,
 * who change that namespace's invites. `invite.grants` must include its groups' permissions.
 */
export function mayShowCode(principal: Principal | null, invite: InviteFacts): boolean {
  const reads =
    isInviter(principal, invite) ||
    (can(principal, 'invite:read') &&
      (invite.type === 'account' || managesNamespaceInvite(principal, invite)));
  if (!reads || firstNotHeld(principal, invite.grants) !== undefined) return false;
  return invite.email === null || !invite.emailVouched || vouchesForAddresses(principal);
}

/**
 * R21: a namespace's invites are changed only by its owner and admins and by the invite's
 * inviter; `namespace:write` is the operator's override, as for the namespace itself.
 */
function managesNamespaceInvite(principal: Principal | null, invite: InviteFacts): boolean {
  return (
    isInviter(principal, invite) || runs(invite.callerRole) || can(principal, 'namespace:write')
  );
}

/**
 * R21: who may join a namespace is decided by those who may invite to it. Changing the address
 * of a namespace invite, or how many may use it, is inviting anew: its owner, admins and
 * inviter may; `namespace:write` edits the rest of it but does not choose who joins.
 */
export function requireMayReaddress(principal: Principal | null, invite: InviteFacts): void {
  if (invite.type === 'namespace' && !isInviter(principal, invite) && !runs(invite.callerRole)) {
    throw new DomainError(
      'FORBIDDEN',
      'Only the owner, admins and inviter choose who a namespace invite is for',
    );
  }
}

/** §5: who may perform each action, once the invite is visible to them. */
function mayAct(principal: Principal | null, action: InviteAction, invite: InviteFacts): boolean {
  const account = invite.type === 'account';
  switch (action) {
    case 'read':
      return mayReadInvite(principal, invite);
    case 'update':
      return (
        can(principal, 'invite:write') && (account || managesNamespaceInvite(principal, invite))
      );
    case 'cancel':
    case 'resend':
      return account
        ? can(principal, 'invite:write') || isInviter(principal, invite)
        : managesNamespaceInvite(principal, invite);
    case 'delete':
      return (
        isAddressee(principal, invite) ||
        (account
          ? can(principal, 'invite:delete') || isInviter(principal, invite)
          : managesNamespaceInvite(principal, invite))
      );
    case 'accept':
    case 'decline':
      return isAddressee(principal, invite);
  }
}

/** The actions that change what an invite grants, or whether it can still grant it. */
const CHANGES: ReadonlySet<InviteAction> = new Set(['update', 'cancel', 'resend', 'delete']);

const notFound = () => new DomainError('INVITE_NOT_FOUND', 'No such invite');

/**
 * Decides one action on an invite reached by id (or by code, for everything but accepting and
 * declining), in the order R20 asks: 404 if the caller may not see it, 403 if they may see
 * it but not do this, 403 if doing it would change grants they do not hold (R21). The
 * addressee may always decline or delete what was sent to them.
 */
export function authorizeInvite(
  principal: Principal | null,
  action: InviteAction,
  invite: InviteFacts,
): void {
  if (!mayReadInvite(principal, invite)) throw notFound();
  if (!mayAct(principal, action, invite)) {
    throw new DomainError('FORBIDDEN', `You may not ${action} this invite`);
  }
  if (CHANGES.has(action) && !(action === 'delete' && isAddressee(principal, invite))) {
    requireWithin(principal, invite.grants, `${action} an invite that grants more than you hold`);
  }
}

/**
 * R21 at redemption: an account invite speaks for whoever made it, and grants only while they
 * still hold all of it, as a namespace invite needs its inviter to still run the namespace.
 * Demoting the creator, or widening a group the invite hands out, withdraws it instead of
 * passing on more than they hold. A creator no longer recorded holds nothing.
 */
export function requireCreatorHolds(creator: Principal | null, grants: readonly string[]): void {
  if (grants.length > 0 && firstNotHeld(creator, grants) !== undefined) {
    throw new DomainError(
      'INVITE_CANCELED',
      'This invite was withdrawn: whoever sent it no longer holds what it grants',
    );
  }
}

/**
 * R9, R9a: whether this user may redeem or decline the invite they hold the code of. The code
 * proves the invite exists, so a refusal is a 403 that says why.
 */
export function requireRedeemer(
  user: { id: string; email: string; emailVerified: boolean },
  invite: Pick<InviteFacts, 'inviteeId' | 'email'>,
): void {
  if (invite.inviteeId !== null && invite.inviteeId !== user.id) {
    throw new DomainError('FORBIDDEN', 'This invite is addressed to someone else');
  }
  if (invite.email !== null && invite.email !== user.email) {
    throw new DomainError('INVITE_EMAIL_MISMATCH', 'This invite was sent to another email address');
  }
  // Anyone can sign up claiming an address; only a proven one claims what was sent to it.
  if (invite.email !== null && !user.emailVerified) {
    throw new DomainError('EMAIL_NOT_VERIFIED', 'Verify your email address to accept this invite');
  }
}

/**
 * §9, R9a, R20: an application redeeming an invite for one of its own users (a subject). By
 * id, the invite exists only for whoever may read it (404 otherwise, as for every action); by
 * code, the code is the proof that it exists, as for accepting, so a caller who holds the code
 * but not `invite:redeem` learns only what the public validation of that code tells anyone
 * (403). Either way, redeeming for a subject needs `invite:redeem` (`*` implies it).
 */
export function authorizeRedeem(
  principal: Principal | null,
  invite: InviteFacts,
  byId: boolean,
): void {
  if (byId && !mayReadInvite(principal, invite)) throw notFound();
  if (!can(principal, 'invite:redeem')) {
    throw new DomainError('FORBIDDEN', 'Redeeming an invite for a subject needs invite:redeem');
  }
}

/**
 * §9, R9: the application vouches for its user's address. An email-bound invite is redeemed
 * for a subject only with that address, compared as addresses are (case-insensitively); none
 * given is no proof either. An invite addressed to a Guestlist user is theirs to accept.
 */
export function requireSubjectRedeemer(
  invite: Pick<InviteFacts, 'inviteeId' | 'email'>,
  email: string | null,
): void {
  if (invite.inviteeId !== null) {
    throw new DomainError('FORBIDDEN', 'This invite is addressed to a user, who accepts it');
  }
  if (invite.email !== null && (email === null || normalizeEmail(email) !== invite.email)) {
    throw new DomainError('INVITE_EMAIL_MISMATCH', 'This invite was sent to another email address');
  }
}

/**
 * R9a: declining needs an addressee. An invite bound to nobody is declined by nobody: whoever
 * holds its code may simply not use it.
 */
export function requireDecliner(
  user: { id: string; email: string; emailVerified: boolean },
  invite: Pick<InviteFacts, 'inviteeId' | 'email'>,
): void {
  if (invite.inviteeId === null && invite.email === null) {
    throw new DomainError('FORBIDDEN', 'This invite is not addressed to anyone');
  }
  requireRedeemer(user, invite);
}

// ---------------------------------------------------------------------------------------------
// Namespaces (§5, R20)

/**
 * `member`: what any collaborator may do (read); `admin`: what only its owner and admins may.
 * The levels are named after the roles an invite can grant.
 */
export type NamespaceLevel = InvitableRole;

/**
 * Decides an action on a namespace at `level`, given the caller's role in it. Its
 * collaborators see it, and so do operators (`namespace:read`, and `namespace:write`, whose
 * holders act on it); for anyone else it does not exist (404). Admin-level actions need the
 * owner, an admin or `namespace:write` (403), and a user: an invitation needs a person behind it.
 */
export function authorizeNamespace(
  principal: Principal | null,
  level: NamespaceLevel,
  role: CollaboratorRole | null,
): void {
  const sees =
    role !== null || can(principal, 'namespace:read') || can(principal, 'namespace:write');
  if (!sees) throw new DomainError('NAMESPACE_NOT_FOUND', 'No such namespace');
  if (level === 'member') return;
  if (!runs(role) && !can(principal, 'namespace:write')) {
    throw new DomainError('FORBIDDEN', 'Only the owner and admins of this namespace can do this');
  }
  if (principal?.kind !== 'user') {
    throw new DomainError('FORBIDDEN', 'Only a signed-in user can do this');
  }
}

// ---------------------------------------------------------------------------------------------
// Vouching (R9)

/**
 * Whether an invite's creator vouches for the address it was sent to, so that registering
 * with its code proves the address. Only a creator who could set any user's account anyway:
 * one holding `user:write` (checked with their permissions as they are now).
 */
export function vouchesForAddresses(creator: Principal | null): boolean {
  return can(creator, 'user:write');
}

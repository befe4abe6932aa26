import { DomainError } from '../../domain/errors.ts';
import { requireWithin } from '../../domain/policy.ts';
import type { Principal } from '../../domain/principal.ts';
import { grantInviteTo, groupGrants } from '../../repositories/invites.ts';
import type { Tx } from '../database.ts';
import { requireEffectiveWithinBounds } from '../users/effective-permissions.ts';

/**
 * Checks that every referenced group exists (400 naming the first unknown one) and that the
 * caller holds everything each grants (R21: 403).
 */
export async function checkGroups(
  tx: Tx,
  principal: Principal,
  groupIds: readonly string[] | undefined,
  path = 'groups',
): Promise<void> {
  if (!groupIds || groupIds.length === 0) return;
  const found = await groupGrants(tx, groupIds);
  for (const [i, id] of groupIds.entries()) {
    const permissions = found.get(id);
    if (!permissions) {
      throw new DomainError('VALIDATION_FAILED', `Unknown group "${id}"`, [
        { path: `${path}.${i}`, message: 'no such group' },
      ]);
    }
    requireWithin(principal, permissions, `hand out the group "${id}"`);
  }
}

/**
 * Gives a user what an account invite grants (spec R10): its permissions, added to theirs,
 * and its groups, joined. Idempotent, so a grant never duplicates. An invite that grants no
 * permission and names no group (`namesGroups: false`, known from the caller's read under
 * the row lock) gives nothing, so neither the grant nor the bounds check runs.
 */
export async function grantInvite(
  tx: Tx,
  userId: string,
  inviteId: string,
  permissions: readonly string[],
  namesGroups = true,
): Promise<void> {
  if (permissions.length === 0 && !namesGroups) return;
  await grantInviteTo(tx, userId, inviteId, permissions);
  await requireEffectiveWithinBounds(tx, { users: [userId] });
}

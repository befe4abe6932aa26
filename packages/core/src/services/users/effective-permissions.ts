import { DomainError } from '../../domain/errors.ts';
import { EFFECTIVE_PERMISSIONS_MAX_BYTES, GROUP_REFS_MAX } from '../../domain/limits.ts';
import { type BoundsScope, UserRepository } from '../../repositories/users.ts';
import type { Tx } from '../database.ts';

/**
 * Refuses a change that leaves a user holding more than EFFECTIVE_PERMISSIONS_MAX_BYTES of
 * effective permissions (their own and their groups', each counted once) or more than
 * GROUP_REFS_MAX groups (spec R22): every request of that user loads them, and every page of
 * users answers them. Runs after the change, in its transaction, so the refusal rolls it back.
 * `users` names the users to check; `group` checks every member of a group.
 */
export async function requireEffectiveWithinBounds(tx: Tx, who: BoundsScope): Promise<void> {
  const over = await new UserRepository(tx).firstOverBounds(who);
  if (over !== undefined) {
    throw new DomainError(
      'LIMIT_EXCEEDED',
      `A user may hold at most ${EFFECTIVE_PERMISSIONS_MAX_BYTES / 1024} KiB of effective permissions (their own and their groups') and ${GROUP_REFS_MAX} groups; this would give user ${over} more`,
    );
  }
}

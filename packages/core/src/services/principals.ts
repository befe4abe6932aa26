import type { Principal } from '../domain/principal.ts';
import { ApiKeyRepository, type KeyPrincipalRow } from '../repositories/api-keys.ts';
import { type UserPrincipalRow, UserRepository } from '../repositories/users.ts';
import type { Tx } from './database.ts';

export { effectivePermissionsOf } from '../repositories/users.ts';
export type { KeyPrincipalRow, UserPrincipalRow };

/**
 * A live API key with what it holds now: its own permissions, and for a key a user minted,
 * that user's current effective permissions as the bound (R21).
 */
export function loadKey(tx: Tx, secretDigest: Buffer): Promise<KeyPrincipalRow | undefined> {
  return new ApiKeyRepository(tx).findLiveBySecretDigest(secretDigest);
}

/**
 * Whoever an invite speaks for, with what they hold now (R21): the key that made it, bounded by
 * the user behind that key, or else the user who made it. Null when neither exists any more.
 * A revoked key still speaks for what it made: revoking a key retires the secret, and the
 * operator cancels its invites if they should go too.
 */
export async function creatorOf(
  tx: Tx,
  invite: { created_by_key_id: string | null; inviter_id: string | null },
): Promise<Principal | null> {
  if (invite.created_by_key_id !== null) {
    const key = await new ApiKeyRepository(tx).findPrincipal(invite.created_by_key_id);
    return key ? keyPrincipal(key) : null;
  }
  if (invite.inviter_id === null) return null;
  const user = await new UserRepository(tx).findPrincipal(invite.inviter_id);
  return user ? userPrincipal(user) : null;
}

export function keyPrincipal(row: KeyPrincipalRow): Principal {
  return { kind: 'api_key', id: row.id, permissions: [...row.permissions], bound: row.bound };
}

export function userPrincipal(row: UserPrincipalRow): Principal {
  return {
    kind: 'user',
    id: row.id,
    email: row.email,
    permissions: row.permissions,
    emailVerified: row.email_verified,
  };
}

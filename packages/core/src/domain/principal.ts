import { DomainError } from './errors.ts';
import { isPermitted } from './permissions.ts';

/** Who is calling: an API key or a signed-in user. */
export type Principal =
  | {
      kind: 'api_key';
      id: string;
      permissions: readonly string[];
      /**
       * For a key a user minted: that user's current effective permissions. The key holds a
       * permission only when both grant it, so demoting the user narrows the key at once (R21).
       * Null for keys no user stands behind (the operator's, and keys minted by those).
       */
      bound: readonly string[] | null;
    }
  | {
      kind: 'user';
      id: string;
      permissions: readonly string[];
      email: string;
      /** Proven by a verification or by an invite its creator vouched for (R9). */
      emailVerified: boolean;
    };

/** The caller and where the call came from, as the audit log records it. */
export interface Actor {
  principal: Principal | null;
  ip: string | null;
  /** The request's `Accept-Language`: the language of the account emails it causes (§11). */
  acceptLanguage?: string | null | undefined;
}

/**
 * Whether the principal holds a permission. The one place that reads a principal's
 * permissions: every check, ceilings included, goes through it (see `policy.ts`).
 */
export function can(principal: Principal | null, permission: string): boolean {
  if (principal === null || !isPermitted(principal.permissions, permission)) return false;
  return principal.kind !== 'api_key' || principal.bound === null
    ? true
    : isPermitted(principal.bound, permission);
}

export function requireAuthenticated(principal: Principal | null): Principal {
  if (!principal) throw new DomainError('UNAUTHENTICATED', 'Authentication required');
  return principal;
}

export function requirePermission(principal: Principal | null, permission: string): Principal {
  const who = requireAuthenticated(principal);
  if (!can(who, permission)) {
    throw new DomainError('FORBIDDEN', `Missing permission ${permission}`);
  }
  return who;
}

/** The user behind a principal, if a user is calling. */
export function userIdOf(principal: Principal | null): string | null {
  return principal?.kind === 'user' ? principal.id : null;
}

/** The signed-in user, or 403 for an API key (which is nobody). */
export function requireUser(principal: Principal | null): Extract<Principal, { kind: 'user' }> {
  const who = requireAuthenticated(principal);
  if (who.kind !== 'user') throw new DomainError('FORBIDDEN', 'Only a signed-in user can do this');
  return who;
}

import { DomainError } from './errors.ts';
import { implies, isPermitted } from './permissions.ts';

/** Who is calling: an API key now; signed-in users join in the accounts work. */
export type Principal =
  | { kind: 'api_key'; id: string; permissions: readonly string[] }
  | {
      kind: 'user';
      id: string;
      permissions: readonly string[];
      email: string;
      /** Proven by redeeming an invite sent to it; only a verified address claims email-bound invites. */
      emailVerified: boolean;
    };

/** The caller and where the call came from, as the audit log records it. */
export interface Actor {
  principal: Principal | null;
  ip: string | null;
}

export function can(principal: Principal | null, permission: string): boolean {
  return principal !== null && isPermitted(principal.permissions, permission);
}

export function requireAuthenticated(principal: Principal | null): Principal {
  if (!principal) throw new DomainError('UNAUTHENTICATED', 'Authentication required');
  return principal;
}

export function requirePermission(principal: Principal | null, permission: string): Principal {
  const who = requireAuthenticated(principal);
  if (!isPermitted(who.permissions, permission)) {
    throw new DomainError('FORBIDDEN', `Missing permission ${permission}`);
  }
  return who;
}

/** The user behind a principal, if a user is calling. */
export function userIdOf(principal: Principal | null): string | null {
  return principal?.kind === 'user' ? principal.id : null;
}

/**
 * A caller hands out only what it holds: an API key, a user's permissions, a group or an
 * invite cannot grant more than its creator has (no escalation through delegation).
 */
export function requireGrantable(principal: Principal, permissions: readonly string[]): void {
  for (const permission of permissions) {
    if (!principal.permissions.some((held) => implies(held, permission))) {
      throw new DomainError('FORBIDDEN', `You cannot grant "${permission}", which you do not hold`);
    }
  }
}

/** The signed-in user, or 403 for an API key (which is nobody). */
export function requireUser(principal: Principal | null): Extract<Principal, { kind: 'user' }> {
  const who = requireAuthenticated(principal);
  if (who.kind !== 'user') throw new DomainError('FORBIDDEN', 'Only a signed-in user can do this');
  return who;
}

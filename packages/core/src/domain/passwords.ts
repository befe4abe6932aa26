import { hash, verify } from '@node-rs/argon2';
import { PASSWORD_HASHES_AT_ONCE } from './limits.ts';
import { Semaphore } from './semaphore.ts';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
// `algorithm: 2` is Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Each run takes 19 MiB outside the heap: a burst of sign-ups waits here instead (R22). */
const hashing = new Semaphore(PASSWORD_HASHES_AT_ONCE);

export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => hash(password, OPTIONS));
}

/** A hash of nothing anyone knows: verified against when the user does not exist. */
let decoy: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (no such user) it still does the
 * same work, so response time does not tell whether an account exists.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  decoy ??= hashPassword(`decoy-${Math.random()}`);
  const target = stored ?? (await decoy);
  const ok = await hashing.run(() => verify(target, password)).catch(() => false);
  return stored !== null && ok;
}

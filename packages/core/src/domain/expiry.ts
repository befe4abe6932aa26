import { parseIsoDate } from './dates.ts';
import { MAX_TTL_MS, parseDuration } from './duration.ts';
import { DomainError } from './errors.ts';

export interface ExpiryInput {
  /** An ISO-8601 date in the future, or null for "never". */
  expiresAt?: string | null | undefined;
  /** A duration (`90s`, `30m`, `12h`, `7d`) or `never`. */
  expiresIn?: string | undefined;
}

function invalid(message: string, path: string): DomainError {
  return new DomainError('INVALID_EXPIRY', message, [{ path, message }]);
}

/**
 * When an invite expires (spec R4): from `expiresAt`, from `expiresIn`, or from the instance's
 * default TTL when neither is given. `null` means it never expires.
 */
export function resolveExpiry(input: ExpiryInput, defaultTtl: string, now: Date): Date | null {
  if (input.expiresAt !== undefined && input.expiresIn !== undefined) {
    throw invalid('Give expiresAt or expiresIn, not both', 'expiresIn');
  }
  if (input.expiresAt === null) return null;
  if (input.expiresAt !== undefined) {
    const date = parseIsoDate(input.expiresAt);
    if (!date) throw invalid('expiresAt is not an ISO-8601 date', 'expiresAt');
    if (date.getTime() <= now.getTime()) throw invalid('expiresAt is in the past', 'expiresAt');
    if (date.getTime() > now.getTime() + MAX_TTL_MS)
      throw invalid('expiresAt is more than 100 years away', 'expiresAt');
    return date;
  }
  const ttl = input.expiresIn ?? defaultTtl;
  if (ttl === 'never') return null;
  const ms = parseDuration(ttl);
  if (ms === undefined) {
    throw invalid(`"${ttl}" is not a duration such as 90s, 30m, 12h, 7d or never`, 'expiresIn');
  }
  return new Date(now.getTime() + ms);
}

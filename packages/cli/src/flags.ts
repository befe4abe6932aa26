import { UsageError } from './errors.ts';

/** A flag's whole number from 1 to `max`, or a usage error (exit 2) naming the flag. */
export function positive(raw: string, flag: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1 || value > max)
    throw new UsageError(`${flag} must be a whole number from 1 to ${max}`);
  return value;
}

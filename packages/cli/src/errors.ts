import { isGuestlistError } from '@guestlist/sdk';

/** A refusal of the command line itself (configuration, arguments): exit code 2, no server call. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * One line (and the rejected fields) for stderr, and the exit code: 2 for a usage error, 1 for
 * anything the server or the network refused. Never a stack for an expected failure.
 */
export function describeFailure(error: unknown): { lines: string[]; exitCode: number } {
  if (error instanceof UsageError) return { lines: [`error: ${error.message}`], exitCode: 2 };
  if (isGuestlistError(error)) {
    const status = error.status ? ` (${error.status})` : '';
    const lines = [`error ${error.code}${status}: ${error.message}`];
    for (const field of error.fields ?? []) lines.push(`  ${field.path}: ${field.message}`);
    return { lines, exitCode: 1 };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { lines: [`error: ${message}`], exitCode: 1 };
}

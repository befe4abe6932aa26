import { isGuestlistError } from '@guestlist/sdk';

/** A refusal of the command line itself (configuration, arguments): exit code 2, no server call. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * A command that already reported each of its failures on stderr (`cancel a b c` with one
 * refused): nothing more to print, but the exit code must still say something failed.
 */
export class ReportedFailure extends Error {
  override name = 'ReportedFailure';
}

/**
 * One line (and the rejected fields) for stderr, and the exit code: 2 for a usage error, 1 for
 * anything the server or the network refused. Never a stack for an expected failure, and never
 * the request itself, so the token cannot leak through an error.
 */
export function describeFailure(error: unknown): { lines: string[]; exitCode: number } {
  if (error instanceof UsageError) return { lines: [`error: ${error.message}`], exitCode: 2 };
  if (error instanceof ReportedFailure) return { lines: [], exitCode: 1 };
  if (isGuestlistError(error)) {
    const status = error.status ? ` (${error.status})` : '';
    const lines = [`error ${error.code}${status}: ${error.message}`];
    for (const field of error.fields ?? []) lines.push(`  ${field.path}: ${field.message}`);
    return { lines, exitCode: 1 };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { lines: [`error: ${message}`], exitCode: 1 };
}

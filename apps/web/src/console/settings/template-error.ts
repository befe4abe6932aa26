import { isGuestlistError } from '@guestlist/sdk';

/**
 * Where a template failed to parse (INVALID_TEMPLATE, spec §11): the part, the engine's reason,
 * and the line and column when the engine knows them.
 */
export function templateProblem(error: unknown): string | null {
  if (!isGuestlistError(error) || error.code !== 'INVALID_TEMPLATE') return null;
  const field = error.fields?.[0] as
    | { path: string; message: string; line?: number; column?: number }
    | undefined;
  if (!field) return error.message;
  const where =
    typeof field.line === 'number'
      ? ` (line ${field.line}${typeof field.column === 'number' ? `, column ${field.column}` : ''})`
      : '';
  return `The ${field.path} template does not parse${where}: ${field.message}`;
}

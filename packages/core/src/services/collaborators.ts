import type { CollaboratorRole } from '../domain/types.ts';
import { type Em, sqlOf } from './database.ts';

/** A user's role in a namespace, or null when they do not collaborate on it. */
export async function roleIn(
  em: Em,
  namespaceId: string,
  userId: string,
): Promise<CollaboratorRole | null> {
  const row = await sqlOf(em)
    .selectFrom('collaborators')
    .select('role')
    .where('namespace_id', '=', namespaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return (row?.role as CollaboratorRole | undefined) ?? null;
}

import { sql } from 'kysely';
import { WEBHOOK_ALL_EVENTS } from '../domain/vocabulary.ts';
import { sqlOf, type Tx } from '../services/database.ts';
import { prepared } from './prepared.ts';

const listening = prepared(
  'guestlist_webhooks_listening',
  1,
  (_db, events: string[]) => sql<{ id: string; events: string[] }>`
    select id, events from webhooks where enabled and events && ${events}::text[]`,
);

/**
 * The enabled webhooks subscribed to any of `events` (or to all), with what each listens to.
 * Every change of an invite asks, in its transaction: a prepared statement.
 */
export function webhooksListening(
  tx: Tx,
  events: readonly string[],
): Promise<{ id: string; events: string[] }[]> {
  return listening(tx, [...events, WEBHOOK_ALL_EVENTS]);
}

/** A user as events show them: no password hash, no token, nothing secret (spec §7). */
export async function userSubject(tx: Tx, userId: string) {
  const row = await sqlOf(tx)
    .selectFrom('users')
    .select(['id', 'username', 'name', 'email', 'email_verified', 'created_at'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    email: row.email,
    emailVerified: row.email_verified,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** A namespace and one of its (past or present) collaborators, as `member.*` events show them. */
export async function memberSubject(tx: Tx, namespaceId: string, userId: string) {
  const [namespace, user] = await Promise.all([
    sqlOf(tx)
      .selectFrom('namespaces')
      .select(['id', 'path', 'name'])
      .where('id', '=', namespaceId)
      .executeTakeFirstOrThrow(),
    sqlOf(tx)
      .selectFrom('users')
      .select(['id', 'username', 'name'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow(),
  ]);
  return { namespace, user };
}

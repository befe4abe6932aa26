import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { sqlOf, type Tx } from '../services/database.ts';
import type { InviteRelations } from './invite-relations.ts';
import type { InviteRow } from './invites.ts';
import { SETTINGS_ID, type SettingsRow } from './settings.ts';

/**
 * The reads of a single invite that every validate and get makes, each in one statement:
 * the invite with its inviter and namespace joined in, and for validate the settings too.
 * Separately they were three statements, each a round trip, a socket write on both sides and
 * a parse for PostgreSQL, which on a busy server cost more than building the answer.
 */

/** How a reference names an invite: by id (when uuid-shaped), or by any digest of its code. */
export interface InviteKey {
  id: string | null;
  digests: Buffer[];
}

/** The inviter and the namespace of one invite, as {@link loadInviteRelations} keys them. */
export type InviteParties = Pick<InviteRelations, 'users' | 'namespaces'>;

export interface FoundInvite {
  row: InviteRow;
  parties: InviteParties;
}

/** The invite a key names, with its inviter's and namespace's columns under their own names. */
function matching(db: Kysely<DB>, { id, digests }: InviteKey) {
  return (
    db
      .selectFrom('invites as i')
      .leftJoin('users as u', 'u.id', 'i.inviter_id')
      .leftJoin('namespaces as n', 'n.id', 'i.namespace_id')
      .selectAll('i')
      .select([
        'u.username as inviter_username',
        'u.name as inviter_name',
        'n.path as namespace_path',
      ])
      .where((w) =>
        id !== null
          ? w.or([w('i.id', '=', id), w('i.code_digest', 'in', digests)])
          : w('i.code_digest', 'in', digests),
      )
      // A reference names one invite: the id first, then the code as given (see lookupDigests).
      .$if(id !== null, (q) => q.orderBy(sql`i.id = ${id}`, 'desc'))
      .orderBy(sql`i.code_digest = ${digests[0]}`, 'desc')
      .limit(1)
  );
}

type Joined = InviteRow & {
  inviter_username: string | null;
  inviter_name: string | null;
  namespace_path: string | null;
};

function split(joined: Joined): FoundInvite {
  const { inviter_username, inviter_name, namespace_path, ...row } = joined;
  const parties: InviteParties = { users: new Map(), namespaces: new Map() };
  if (row.inviter_id !== null && inviter_username !== null) {
    parties.users.set(row.inviter_id, {
      id: row.inviter_id,
      username: inviter_username,
      name: inviter_name,
    });
  }
  if (row.namespace_id !== null && namespace_path !== null) {
    parties.namespaces.set(row.namespace_id, { id: row.namespace_id, path: namespace_path });
  }
  return { row, parties };
}

/** An invite with its inviter and namespace, in one statement; no lock (a read). */
export async function findInviteWithParties(
  tx: Tx,
  key: InviteKey,
): Promise<FoundInvite | undefined> {
  const joined = await matching(sqlOf(tx), key).executeTakeFirst();
  return joined ? split(joined as Joined) : undefined;
}

/**
 * The settings and, when `key` is given, the invite it names with its inviter and namespace:
 * one statement. The settings row comes as JSON (its columns would collide with the invite's);
 * its one timestamp then reads as ISO text, which every reader of it accepts.
 */
export async function findInviteAndSettings(
  tx: Tx,
  key: InviteKey | null,
): Promise<{ settings: SettingsRow; found: FoundInvite | undefined }> {
  const k = sqlOf(tx);
  if (key === null) {
    const settings = await k
      .selectFrom('settings')
      .selectAll()
      .where('id', '=', SETTINGS_ID)
      .executeTakeFirstOrThrow();
    return { settings, found: undefined };
  }
  const result = await k
    .selectFrom('settings as s')
    .leftJoinLateral(matching(k, key).as('f'), (join) => join.onTrue())
    .select(sql<SettingsRow>`to_jsonb(s)`.as('settings'))
    .selectAll('f')
    .where('s.id', '=', SETTINGS_ID)
    .executeTakeFirstOrThrow();
  const { settings, ...rest } = result;
  // A left join finds no invite as a row of nulls: an invite always has an id.
  const found = rest.id === null ? undefined : split(rest as unknown as Joined);
  return { settings, found };
}

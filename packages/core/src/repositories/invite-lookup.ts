import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Tx } from '../services/database.ts';
import { INVITE_COLUMNS } from './invite-columns.ts';
import type { InviteRelations } from './invite-relations.ts';
import type { InviteRow } from './invites.ts';
import { prepared } from './prepared.ts';
import { SETTINGS_ID, SettingsRepository, type SettingsRow } from './settings.ts';

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

/**
 * The invite a key names, with its inviter's and namespace's columns under their own names.
 * A reference has one digest or two (lookupDigests): both travel as parameters of their own,
 * the first twice when it is alone; the first wins over the second, and an id over both.
 *
 * Two parameters rather than one array (`= any($1)`): not knowing an array's length,
 * PostgreSQL's generic plan expects ten rows and sorts them, which looked dearer than a plan
 * made for the values at hand, so it planned every run afresh, and planning this join cost
 * it several times what running it did (decision 0034). With two, the generic plan costs
 * what a fresh one does, and is kept after the fifth run.
 *
 * By id, the invite's id is found first and its code only when there is no such id:
 * `coalesce` evaluates its second subquery only when the first finds nothing. Written as one
 * condition (`id = $1 or code_digest in (...)`), every get by id also searched the code index
 * for the digests of the id, a page of an index as large as the table, and read the row
 * through a bitmap; with a million invites those pages are rarely in memory, and that get
 * cost twice what it did with ten thousand.
 */
function matching(db: Kysely<DB>, byId: boolean, id: unknown, first: unknown, second: unknown) {
  const invites = () => db.selectFrom('invites as i');
  const byCode = (q: ReturnType<typeof invites>) =>
    q
      .where('i.code_digest', 'in', [sql<Buffer>`${first}::bytea`, sql<Buffer>`${second}::bytea`])
      .orderBy(sql`i.code_digest = ${first}::bytea`, 'desc')
      .limit(1);
  const found = byId
    ? invites().where(
        'i.id',
        '=',
        sql<string>`coalesce(${invites()
          .select('i.id')
          .where('i.id', '=', sql<string>`${id}::uuid`)}, ${byCode(invites().select('i.id'))})`,
      )
    : byCode(invites());
  return found
    .leftJoin('users as u', 'u.id', 'i.inviter_id')
    .leftJoin('namespaces as n', 'n.id', 'i.namespace_id')
    .select(INVITE_COLUMNS.map((column) => `i.${column}` as const))
    .select([
      'u.username as inviter_username',
      'u.name as inviter_name',
      'n.path as namespace_path',
    ])
    .limit(1);
}

/** With the settings, as JSON: their columns would collide with the invite's. */
function withSettings(db: Kysely<DB>, found: ReturnType<typeof matching>) {
  return db
    .selectFrom('settings as s')
    .leftJoinLateral(found.as('f'), (join) => join.onTrue())
    .select(sql<SettingsRow>`to_jsonb(s)`.as('settings'))
    .selectAll('f')
    .where('s.id', '=', SETTINGS_ID);
}

type Args = [id: string | null, first: Buffer, second: Buffer];
const lookups = {
  byCode: prepared('guestlist_invite_by_code', 3, (db, ...[id, a, b]: Args) =>
    matching(db, false, id, a, b),
  ),
  byIdOrCode: prepared('guestlist_invite_by_id_or_code', 3, (db, ...[id, a, b]: Args) =>
    matching(db, true, id, a, b),
  ),
  settingsByCode: prepared('guestlist_settings_invite_by_code', 3, (db, ...[id, a, b]: Args) =>
    withSettings(db, matching(db, false, id, a, b)),
  ),
  settingsByIdOrCode: prepared(
    'guestlist_settings_invite_by_id_or_code',
    3,
    (db, ...[id, a, b]: Args) => withSettings(db, matching(db, true, id, a, b)),
  ),
};

const argsOf = ({ id, digests: [first, second] }: InviteKey): Args => {
  if (!first) throw new Error('an invite key has at least one digest');
  return [id, first, second ?? first];
};

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
  const lookup = key.id === null ? lookups.byCode : lookups.byIdOrCode;
  const [joined] = await lookup(tx, ...argsOf(key));
  return joined ? split(joined as Joined) : undefined;
}

/**
 * The settings and, when `key` is given, the invite it names with its inviter and namespace:
 * one statement. The settings row comes as JSON; its one timestamp then reads as ISO text,
 * which every reader of it accepts.
 */
export async function findInviteAndSettings(
  tx: Tx,
  key: InviteKey | null,
): Promise<{ settings: SettingsRow; found: FoundInvite | undefined }> {
  if (key === null) return { settings: await new SettingsRepository(tx).find(), found: undefined };
  const lookup = key.id === null ? lookups.settingsByCode : lookups.settingsByIdOrCode;
  const [result] = await lookup(tx, ...argsOf(key));
  if (!result) throw new Error('the settings row is missing: is the database migrated?');
  const { settings, ...rest } = result;
  // A left join finds no invite as a row of nulls: an invite always has an id.
  const found = rest.id === null ? undefined : split(rest as unknown as Joined);
  return { settings, found };
}

import { sql } from 'kysely';
import { sqlOf, type Tx } from '../services/database.ts';
import { INVITE_COLUMNS } from './invite-columns.ts';
import type { InviteRow } from './invites.ts';
import { prepared } from './prepared.ts';

/** What every invite of one insert shares: one request creates them all alike. */
export interface SharedColumns {
  type: InviteRow['type'];
  inviterId: string | null;
  createdByKeyId: string | null;
  /** Its creator vouches for the addresses (R9): redeeming proves the address. */
  emailVouched: boolean;
  inviteeId: string | null;
  namespaceId: string | null;
  role: InviteRow['role'];
  permissions: InviteRow['permissions'];
  metadata: InviteRow['metadata'];
  redirectUrl: string | null;
  locale: InviteRow['locale'];
  maxUses: InviteRow['max_uses'];
  expiresAt: Date | null;
  now: Date;
}

/** What differs from row to row. */
export interface RowColumns {
  id: string;
  codeDigest: Buffer;
  codeCiphertext: string;
  email: string | null;
  deliveryStatus: 'queued' | null;
  deliveryId: string | null;
}

type InsertArgs = [
  ids: string[],
  digests: Buffer[],
  ciphertexts: string[],
  emails: (string | null)[],
  deliveryStatuses: ('queued' | null)[],
  deliveryIds: (string | null)[],
  type: SharedColumns['type'],
  inviterId: string | null,
  createdByKeyId: string | null,
  emailVouched: boolean,
  inviteeId: string | null,
  namespaceId: string | null,
  role: SharedColumns['role'],
  permissions: SharedColumns['permissions'],
  metadata: string,
  redirectUrl: string | null,
  locale: SharedColumns['locale'],
  maxUses: SharedColumns['maxUses'],
  expiresAt: Date | null,
  now: Date,
];

const insert = prepared('guestlist_insert_invites', 20, (_db, ...a: InsertArgs) => {
  const [ids, digests, ciphertexts, emails, statuses, deliveryIds, type, inviter, key] = a;
  const [vouched, invitee, namespace, role, permissions, metadata, redirect, locale] = a.slice(9);
  const [maxUses, expiresAt, now] = a.slice(17);
  return sql<Omit<InviteRow, 'permissions' | 'metadata'>>`
    insert into invites (id, code_digest, code_ciphertext, email, delivery_status, delivery_id,
                         type, status, inviter_id, created_by_key_id, email_vouched, invitee_id,
                         namespace_id, role, permissions, metadata, redirect_url, locale,
                         max_uses, uses, expires_at, created_at, updated_at)
    select t.id, t.code_digest, t.code_ciphertext, t.email, t.delivery_status, t.delivery_id,
           ${type}::text, 'pending', ${inviter}::uuid, ${key}::uuid, ${vouched}::boolean,
           ${invitee}::uuid, ${namespace}::uuid, ${role}::text, ${permissions}::text[],
           ${metadata}::jsonb, ${redirect}::text, ${locale}::text, ${maxUses}::integer, 0,
           ${expiresAt}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
      from unnest(${ids}::uuid[], ${digests}::bytea[], ${ciphertexts}::text[],
                  ${emails}::text[], ${statuses}::text[], ${deliveryIds}::uuid[])
           as t(id, code_digest, code_ciphertext, email, delivery_status, delivery_id)
    on conflict (code_digest) do nothing
    returning ${sql.join(OWN_COLUMNS.map((column) => sql.ref(column)))}`;
});

/**
 * Inserts the rows in one statement; a row whose code digest already exists is skipped (and
 * missing from the answer). The varying columns travel as six arrays through `unnest`, the
 * shared ones once: a thousand rows are twenty parameters instead of twenty thousand, which
 * spares both the driver's serialization and PostgreSQL's parse and plan, and the statement's
 * text is the same for one row or a thousand: a prepared statement (prepared.ts).
 */
export async function insertInvites(
  tx: Tx,
  shared: SharedColumns,
  rows: RowColumns[],
): Promise<InviteRow[]> {
  const inserted = await insert(
    tx,
    rows.map((r) => r.id),
    rows.map((r) => r.codeDigest),
    rows.map((r) => r.codeCiphertext),
    rows.map((r) => r.email),
    rows.map((r) => r.deliveryStatus),
    rows.map((r) => r.deliveryId),
    shared.type,
    shared.inviterId,
    shared.createdByKeyId,
    shared.emailVouched,
    shared.inviteeId,
    shared.namespaceId,
    shared.role,
    shared.permissions,
    JSON.stringify(shared.metadata),
    shared.redirectUrl,
    shared.locale,
    shared.maxUses,
    shared.expiresAt,
    shared.now,
  );
  if (inserted.length === 0) return [];
  // The grants are the same for every row: read back once, as stored (jsonb orders the keys
  // its own way), and shared by all rows rather than parsed again from each one.
  const metadata =
    Object.keys(shared.metadata).length === 0
      ? {}
      : (
          await sql<
            Pick<InviteRow, 'metadata'>
          >`select ${JSON.stringify(shared.metadata)}::jsonb as metadata`.execute(sqlOf(tx))
        ).rows[0]!.metadata;
  const permissions = [...shared.permissions];
  return inserted.map((row) => ({ ...row, permissions, metadata }));
}

/**
 * The columns an insert reads back: all but the grants, which every row of one insert shares.
 * With the largest grants (some 40 KiB), `returning *` made the driver build a copy per row.
 */
const OWN_COLUMNS = INVITE_COLUMNS.filter(
  (column) => column !== 'permissions' && column !== 'metadata',
);

import { sql } from 'kysely';
import { sqlOf, type Tx } from '../services/database.ts';
import { INVITE_COLUMNS } from './invite-columns.ts';
import type { InviteRow } from './invites.ts';

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

/**
 * Inserts the rows in one statement; a row whose code digest already exists is skipped (and
 * missing from the answer). The varying columns travel as six arrays through `unnest`, the
 * shared ones once: a thousand rows are twenty parameters instead of twenty thousand, which
 * spares both the driver's serialization and PostgreSQL's parse and plan.
 */
export async function insertInvites(
  tx: Tx,
  shared: SharedColumns,
  rows: RowColumns[],
): Promise<InviteRow[]> {
  const { rows: inserted } = await sql<Omit<InviteRow, 'permissions' | 'metadata'>>`
    insert into invites (id, code_digest, code_ciphertext, email, delivery_status, delivery_id,
                         type, status, inviter_id, created_by_key_id, email_vouched, invitee_id, namespace_id,
                         role, permissions, metadata, redirect_url, locale, max_uses, uses, expires_at,
                         created_at, updated_at)
    select t.id, t.code_digest, t.code_ciphertext, t.email, t.delivery_status, t.delivery_id,
           ${shared.type}::text, 'pending', ${shared.inviterId}::uuid, ${shared.createdByKeyId}::uuid,
           ${shared.emailVouched}::boolean,           ${shared.inviteeId}::uuid, ${shared.namespaceId}::uuid, ${shared.role}::text,
           ${shared.permissions}::text[], ${JSON.stringify(shared.metadata)}::jsonb,
           ${shared.redirectUrl}::text, ${shared.locale}::text,
           ${shared.maxUses}::integer, 0, ${shared.expiresAt}::timestamptz, ${shared.now}::timestamptz,
           ${shared.now}::timestamptz
      from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.codeDigest)}::bytea[],
                  ${rows.map((r) => r.codeCiphertext)}::text[], ${rows.map((r) => r.email)}::text[],
                  ${rows.map((r) => r.deliveryStatus)}::text[], ${rows.map((r) => r.deliveryId)}::uuid[])
           as t(id, code_digest, code_ciphertext, email, delivery_status, delivery_id)
    on conflict (code_digest) do nothing
    returning ${sql.join(OWN_COLUMNS.map((column) => sql.ref(column)))}`.execute(sqlOf(tx));
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

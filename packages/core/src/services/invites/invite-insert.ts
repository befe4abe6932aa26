import { sql } from 'kysely';
import { type Em, sqlOf } from '../database.ts';
import type { InviteRow } from './invite-row.ts';

/** What every invite of one insert shares: one request creates them all alike. */
export interface SharedColumns {
  type: 'account' | 'namespace';
  inviterId: string | null;
  createdByKeyId: string | null;
  /** Its creator vouches for the addresses (R9): redeeming proves the address. */
  emailVouched: boolean;
  inviteeId: string | null;
  namespaceId: string | null;
  role: string | null;
  permissions: string[];
  metadata: Record<string, unknown>;
  maxUses: number | null;
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
 * shared ones once: a thousand rows are nine parameters instead of twenty thousand, which
 * spares both the driver's serialization and PostgreSQL's parse and plan.
 */
export async function insertInvites(
  em: Em,
  shared: SharedColumns,
  rows: RowColumns[],
): Promise<InviteRow[]> {
  const { rows: inserted } = await sql<InviteRow>`
    insert into invites (id, code_digest, code_ciphertext, email, delivery_status, delivery_id,
                         type, status, inviter_id, created_by_key_id, email_vouched, invitee_id, namespace_id,
                         role, permissions, metadata, max_uses, uses, expires_at, created_at,
                         updated_at)
    select t.id, t.code_digest, t.code_ciphertext, t.email, t.delivery_status, t.delivery_id,
           ${shared.type}::text, 'pending', ${shared.inviterId}::uuid, ${shared.createdByKeyId}::uuid,
           ${shared.emailVouched}::boolean,           ${shared.inviteeId}::uuid, ${shared.namespaceId}::uuid, ${shared.role}::text,
           ${shared.permissions}::text[], ${JSON.stringify(shared.metadata)}::jsonb,
           ${shared.maxUses}::integer, 0, ${shared.expiresAt}::timestamptz, ${shared.now}::timestamptz,
           ${shared.now}::timestamptz
      from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.codeDigest)}::bytea[],
                  ${rows.map((r) => r.codeCiphertext)}::text[], ${rows.map((r) => r.email)}::text[],
                  ${rows.map((r) => r.deliveryStatus)}::text[], ${rows.map((r) => r.deliveryId)}::uuid[])
           as t(id, code_digest, code_ciphertext, email, delivery_status, delivery_id)
    on conflict (code_digest) do nothing
    returning *`.execute(sqlOf(em));
  return inserted;
}

import type {
  CollaboratorRole,
  DeliveryStatus,
  InviteStatus,
  InviteType,
} from '../../domain/types.ts';

/** An `invites` row as SQL returns it (snake_case; timestamps as Date or text). */
export interface InviteRow {
  id: string;
  code_digest: Buffer;
  code_ciphertext: string;
  type: InviteType;
  status: InviteStatus;
  email: string | null;
  email_vouched: boolean;
  inviter_id: string | null;
  created_by_key_id: string | null;
  invitee_id: string | null;
  namespace_id: string | null;
  role: CollaboratorRole | null;
  permissions: string[];
  group_ids: string[];
  metadata: Record<string, unknown>;
  max_uses: number | null;
  uses: number;
  expires_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  accepted_at: Date | string | null;
  canceled_at: Date | string | null;
  delivery_status: DeliveryStatus | null;
  delivery_id: string | null;
  delivery_claimed_until: Date | string | null;
  delivery_attempts: number;
  delivery_last_error: string | null;
  delivery_sent_at: Date | string | null;
}

/** Status as the spec reports it: a pending invite past its date is expired, swept or not. */
export function effectiveStatus(
  row: Pick<InviteRow, 'status' | 'expires_at'>,
  now: Date,
): InviteStatus {
  if (row.status === 'pending' && row.expires_at !== null) {
    const expiresAt = row.expires_at instanceof Date ? row.expires_at : new Date(row.expires_at);
    if (expiresAt.getTime() <= now.getTime()) return 'expired';
  }
  return row.status;
}

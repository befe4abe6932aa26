import type { EveryColumn } from './every-column.ts';
import type { InviteRow } from './invites.ts';

/**
 * Every column of `invites`, by name: for statements that must not say `*` (a prepared one,
 * whose result type a later migration's new column would change) or that read back less.
 */
export const INVITE_COLUMNS = [
  'id',
  'code_digest',
  'code_ciphertext',
  'permissions',
  'metadata',
  'type',
  'status',
  'email',
  'email_vouched',
  'inviter_id',
  'created_by_key_id',
  'invitee_id',
  'namespace_id',
  'role',
  'redirect_url',
  'locale',
  'max_uses',
  'uses',
  'expires_at',
  'created_at',
  'updated_at',
  'accepted_at',
  'canceled_at',
  'delivery_status',
  'delivery_id',
  'delivery_claimed_until',
  'delivery_attempts',
  'delivery_last_error',
  'delivery_sent_at',
] as const satisfies readonly (keyof InviteRow)[];
const everyColumn: EveryColumn<InviteRow, typeof INVITE_COLUMNS> = true;
void everyColumn;

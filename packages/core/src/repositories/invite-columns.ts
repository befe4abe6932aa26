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
// Every column, or the rows would silently lack one.
type Missing = Exclude<keyof InviteRow, (typeof INVITE_COLUMNS)[number]>;
const everyColumn: [Missing] extends [never] ? true : Missing = true;
void everyColumn;

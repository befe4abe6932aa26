import { DomainError } from '../../domain/errors.ts';
import { METADATA_MAX_BYTES } from '../../domain/limits.ts';
import { isValidPermission } from '../../domain/permissions.ts';
import type { InviteStatus, SettingsView } from '../../domain/types.ts';
import type { EmailJob } from '../../jobs/queues.ts';
import type { InviteRow } from '../../repositories/invites.ts';

/**
 * The rules every invite use case shares, as pure functions of a row: what state it is in,
 * what state it must be in, and what input it accepts. Who may act is the policy's
 * (`domain/policy.ts`), not this module's.
 */

/** Status as the spec reports it: a pending invite past its date is expired, swept or not. */
export function effectiveStatus(
  row: Pick<InviteRow, 'status' | 'expires_at'>,
  now: Date,
): InviteStatus {
  if (row.status === 'pending' && row.expires_at !== null) {
    // Timestamps arrive as text from SQL (db/schema.ts).
    const expiresAt = new Date(row.expires_at);
    if (expiresAt.getTime() <= now.getTime()) return 'expired';
  }
  return row.status;
}

/** Why an invite cannot be used, for each status that is not `pending` (spec §3: 410). */
export const GONE = {
  expired: ['INVITE_EXPIRED', 'This invite has expired'],
  canceled: ['INVITE_CANCELED', 'This invite was canceled'],
  declined: ['INVITE_DECLINED', 'This invite was declined'],
  accepted: ['INVITE_USED', 'This invite has been used'],
} as const;

export function requireUsable(row: InviteRow, now: Date): void {
  const status = effectiveStatus(row, now);
  if (status !== 'pending') {
    const [code, message] = GONE[status];
    throw new DomainError(code, message);
  }
}

export function requirePending(row: InviteRow, now: Date): void {
  const status = effectiveStatus(row, now);
  if (status !== 'pending') {
    throw new DomainError(
      'INVITE_NOT_PENDING',
      `The invite is ${status}; only a pending invite can change`,
    );
  }
}

export function requireInvitesEnabled(settings: Pick<SettingsView, 'invitesEnabled'>): void {
  if (!settings.invitesEnabled) {
    throw new DomainError('INVITES_DISABLED', 'Invites are disabled on this instance');
  }
}

export function validatePermissions(permissions: string[] | undefined): void {
  for (const [i, permission] of (permissions ?? []).entries()) {
    if (!isValidPermission(permission)) {
      throw new DomainError('INVALID_PERMISSION', `Invalid permission "${permission}"`, [
        { path: `permissions.${i}`, message: 'not a valid permission string' },
      ]);
    }
  }
}

export function validateMetadata(metadata: Record<string, unknown> | undefined): void {
  if (metadata === undefined) return;
  if (Buffer.byteLength(JSON.stringify(metadata), 'utf8') > METADATA_MAX_BYTES) {
    throw new DomainError('VALIDATION_FAILED', 'metadata is larger than 16 KiB', [
      { path: 'metadata', message: 'at most 16 KiB of JSON' },
    ]);
  }
}

/** The email job for a row whose delivery was just queued. */
export function queuedEmail(row: InviteRow): EmailJob[] {
  return row.delivery_status === 'queued' && row.delivery_id !== null
    ? [{ inviteId: row.id, deliveryId: row.delivery_id }]
    : [];
}

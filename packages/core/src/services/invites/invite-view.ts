import { maskEmail } from '../../domain/email.ts';
import { type InviteFacts, mayShowCode } from '../../domain/policy.ts';
import type { Principal } from '../../domain/principal.ts';
import type { SecretBox } from '../../domain/secrets.ts';
import type { CollaboratorRole, InviteValidation, InviteView } from '../../domain/types.ts';
import { toIso } from '../database.ts';
import { type InviteRelations, NO_RELATIONS } from './invite-relations.ts';
import { effectiveStatus, type InviteRow } from './invite-row.ts';

/**
 * The policy's facts about an invite row. `grants` defaults to its own permissions (enough to
 * decide reads); a change passes its groups' permissions too. `callerRole` is the caller's
 * role in the invite's namespace, for namespace invites.
 */
export function factsOf(
  row: InviteRow,
  extra: { grants?: readonly string[]; callerRole?: CollaboratorRole | null } = {},
): InviteFacts {
  return {
    type: row.type,
    inviterId: row.inviter_id,
    createdByKeyId: row.created_by_key_id,
    inviteeId: row.invitee_id,
    email: row.email,
    emailVouched: row.email_vouched,
    grants: extra.grants ?? row.permissions,
    callerRole: extra.callerRole ?? null,
  };
}

/** Turns rows into what the API answers, showing codes only to those allowed to see them. */
export class InviteViews {
  readonly #secrets: SecretBox;
  readonly #publicUrl: string;

  constructor(secrets: SecretBox, publicUrl: string) {
    this.#secrets = secrets;
    this.#publicUrl = publicUrl.replace(/\/+$/, '');
  }

  linkFor(code: string): string {
    return `${this.#publicUrl}/i/${encodeURIComponent(code)}`;
  }

  /** The invite's link, for the email that carries it. */
  linkOf(row: InviteRow): string {
    return this.linkFor(this.#secrets.decrypt(row.code_ciphertext));
  }

  /**
   * Spec §4: the code is shown to holders of invite:read and to the inviter, as far as the
   * policy lets them redeem what it grants (`mayShowCode`). `relations` must carry the
   * invite's groups and, for a user viewing namespace invites, their roles (`viewerId`).
   */
  toView(
    row: InviteRow,
    viewer: Principal | null,
    relations: InviteRelations = NO_RELATIONS,
    now = new Date(),
  ): InviteView {
    const facts = factsOf(row, {
      grants: [...row.permissions, ...(relations.groupPermissions.get(row.id) ?? [])],
      callerRole: row.namespace_id ? (relations.viewerRoles.get(row.namespace_id) ?? null) : null,
    });
    const showCode = viewer !== null && mayShowCode(viewer, facts);
    const code = showCode ? this.#secrets.decrypt(row.code_ciphertext) : null;
    return {
      id: row.id,
      code,
      url: code === null ? null : this.linkFor(code),
      type: row.type,
      status: effectiveStatus(row, now),
      email: row.email,
      inviterId: row.inviter_id,
      inviter: (row.inviter_id && relations.users.get(row.inviter_id)) || null,
      inviteeId: row.invitee_id,
      namespace: (row.namespace_id && relations.namespaces.get(row.namespace_id)) || null,
      role: row.role,
      permissions: [...row.permissions],
      groups: relations.groups.get(row.id) ?? [],
      metadata: row.metadata,
      maxUses: row.max_uses,
      uses: row.uses,
      expiresAt: toIso(row.expires_at),
      delivery:
        row.delivery_status === null
          ? null
          : {
              status: row.delivery_status,
              attempts: row.delivery_attempts,
              lastError: row.delivery_last_error,
              sentAt: toIso(row.delivery_sent_at),
            },
      createdAt: toIso(row.created_at),
      updatedAt: toIso(row.updated_at),
      acceptedAt: toIso(row.accepted_at),
      canceledAt: toIso(row.canceled_at),
    };
  }

  toValidation(row: InviteRow, relations: InviteRelations, now = new Date()): InviteValidation {
    const inviter = row.inviter_id ? relations.users.get(row.inviter_id) : undefined;
    return {
      valid: true,
      type: row.type,
      status: effectiveStatus(row, now),
      expiresAt: toIso(row.expires_at),
      inviter: inviter ? { name: inviter.name ?? inviter.username } : null,
      namespace: (row.namespace_id && relations.namespaces.get(row.namespace_id)) || null,
      email: row.email === null ? null : maskEmail(row.email),
    };
  }
}

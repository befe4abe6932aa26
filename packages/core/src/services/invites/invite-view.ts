import { maskEmail } from '../../domain/email.ts';
import { firstNotHeld, type InviteFacts, mayShowCode } from '../../domain/policy.ts';
import type { Principal } from '../../domain/principal.ts';
import type { SecretBox } from '../../domain/secrets.ts';
import type { CollaboratorRole, InviteValidation, InviteView } from '../../domain/types.ts';
import { type InviteRelations, NO_RELATIONS } from '../../repositories/invite-relations.ts';
import type { InviteRow } from '../../repositories/invites.ts';
import { toIso } from '../database.ts';
import { effectiveStatus } from './rules.ts';

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
  /** Per page of relations: which of its groups the viewer lacks something of (see below). */
  readonly #groupCeilings = new WeakMap<
    InviteRelations,
    { viewer: Principal; missing: Map<string, string | undefined> }
  >();

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
   * For each of the invite's groups the viewer does not wholly hold, the first permission they
   * lack: as good as the group's whole list for the policy's ceiling, which needs every grant
   * held. Decided once per group and page (a page of a thousand invites often names the same
   * large groups), so a page costs groups × their permissions, not invites × both.
   */
  #unheldGroupGrants(
    row: InviteRow,
    viewer: Principal | null,
    relations: InviteRelations,
  ): string[] {
    const groups = relations.groups.get(row.id);
    if (!groups || viewer === null) return [];
    let decided = this.#groupCeilings.get(relations);
    if (decided?.viewer !== viewer) {
      decided = { viewer, missing: new Map() };
      this.#groupCeilings.set(relations, decided);
    }
    const missing: string[] = [];
    for (const { id } of groups) {
      if (!decided.missing.has(id)) {
        decided.missing.set(id, firstNotHeld(viewer, relations.groupPermissions.get(id) ?? []));
      }
      const lacked = decided.missing.get(id);
      if (lacked !== undefined) missing.push(lacked);
    }
    return missing;
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
      grants: [...row.permissions, ...this.#unheldGroupGrants(row, viewer, relations)],
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
      redirectUrl: row.redirect_url,
      locale: row.locale,
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
      locale: row.locale,
    };
  }
}

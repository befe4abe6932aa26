import { randomUUID } from 'node:crypto';
import { normalizeEmail } from '../../domain/email.ts';
import { DomainError } from '../../domain/errors.ts';
import { type ExpiryInput, resolveExpiry } from '../../domain/expiry.ts';
import {
  authorizeInvite,
  requireMayReaddress,
  requireWithin,
  vouchesForAddresses,
} from '../../domain/policy.ts';
import { type Actor, requireAuthenticated } from '../../domain/principal.ts';
import { checkRedirectUrl } from '../../domain/redirect-url.ts';
import type { InviteView } from '../../domain/types.ts';
import type { Locale } from '../../domain/vocabulary.ts';
import {
  deleteInvite,
  type InviteChanges,
  setInviteGroups,
  updateInvite,
} from '../../repositories/invites.ts';
import { loadSettings } from '../settings.ts';
import { authorize, factsFor, type InviteDeps, locked, presentOne, transition } from './context.ts';
import { checkGroups } from './grants.ts';
import {
  effectiveStatus,
  queuedEmail,
  requireInvitesEnabled,
  requirePending,
  validateMetadata,
  validatePermissions,
} from './rules.ts';

export interface ResendInput {
  /** Restart the clock: `true` for the default lifetime from now, or a duration (`7d`). */
  extend?: boolean | string | undefined;
}

export interface UpdateInviteInput extends ExpiryInput {
  email?: string | null | undefined;
  permissions?: string[] | undefined;
  groups?: string[] | undefined;
  metadata?: Record<string, unknown> | undefined;
  maxUses?: number | null | undefined;
  redirectUrl?: string | null | undefined;
  locale?: Locale | null | undefined;
}

/** `extend` of a resend: the default lifetime from now, or the duration given. */
function extendedExpiry(extend: true | string, defaultTtl: string, now: Date): Date | null {
  try {
    return resolveExpiry(extend === true ? {} : { expiresIn: extend }, defaultTtl, now);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new DomainError(error.code, error.message, [
      { path: 'extend', message: 'true, or a duration such as 7d' },
    ]);
  }
}

/**
 * Changing an invite: its terms, its state (cancel), its email (resend), its existence. Each
 * runs in one transaction holding the invite's row lock.
 */
export class ChangeInvites {
  readonly #deps: InviteDeps;

  constructor(deps: InviteDeps) {
    this.#deps = deps;
  }

  async update(actor: Actor, ref: string, input: UpdateInviteInput): Promise<InviteView> {
    const principal = requireAuthenticated(actor.principal);
    validatePermissions(input.permissions);
    validateMetadata(input.metadata);
    return locked(this.#deps, ref, async (tx, row) => {
      const facts = await factsFor(tx, principal, row, 'update');
      authorizeInvite(principal, 'update', facts);
      if (input.email !== undefined || input.maxUses !== undefined) {
        requireMayReaddress(principal, facts);
      }
      // The ceiling after the change, as `authorize` checked it before (R21).
      requireWithin(principal, input.permissions ?? [], 'grant these permissions');
      await checkGroups(tx, principal, input.groups);
      const now = new Date();
      requirePending(row, now);
      if (input.groups !== undefined) await setInviteGroups(tx, [row.id], input.groups);
      const changes: InviteChanges = {};
      if (input.email !== undefined) {
        changes.email = input.email === null ? null : normalizeEmail(input.email);
        // Whoever binds the address vouches for it, or nobody does (R9).
        changes.email_vouched = vouchesForAddresses(principal);
      }
      if (input.permissions !== undefined) changes.permissions = input.permissions;
      if (input.metadata !== undefined) changes.metadata = input.metadata;
      if (input.locale !== undefined) changes.locale = input.locale;
      if (input.maxUses !== undefined) {
        if (input.maxUses !== null && input.maxUses < Math.max(1, row.uses)) {
          throw new DomainError(
            'VALIDATION_FAILED',
            `maxUses cannot be below the ${row.uses} uses so far`,
            [{ path: 'maxUses', message: `at least ${Math.max(1, row.uses)}` }],
          );
        }
        changes.max_uses = input.maxUses;
        // Lowering maxUses to the uses so far closes the invite: it is used up.
        if (input.maxUses !== null && input.maxUses <= row.uses) changes.status = 'accepted';
      }
      if (
        input.expiresAt !== undefined ||
        input.expiresIn !== undefined ||
        input.redirectUrl !== undefined
      ) {
        const settings = await loadSettings(tx);
        if (input.expiresAt !== undefined || input.expiresIn !== undefined) {
          changes.expires_at = resolveExpiry(input, settings.defaultInviteTtl, now);
        }
        if (input.redirectUrl !== undefined) {
          changes.redirect_url =
            input.redirectUrl === null
              ? null
              : checkRedirectUrl(input.redirectUrl, settings.allowedRedirectOrigins, 'redirectUrl');
        }
      }
      const updated = await updateInvite(tx, row.id, { ...changes, updated_at: now });
      await this.#deps.events.record(tx, actor, [
        {
          action: 'invite.updated',
          row: updated,
          data: {
            fields: Object.keys(input).filter(
              (k) => input[k as keyof UpdateInviteInput] !== undefined,
            ),
          },
        },
      ]);
      return presentOne(tx, this.#deps.views, updated, principal, now);
    });
  }

  async cancel(actor: Actor, ref: string): Promise<InviteView> {
    const principal = requireAuthenticated(actor.principal);
    return locked(this.#deps, ref, async (tx, row) => {
      await authorize(tx, principal, row, 'cancel');
      const now = new Date();
      requirePending(row, now);
      return transition(
        tx,
        this.#deps,
        actor,
        row,
        'invite.canceled',
        { status: 'canceled', canceled_at: now },
        now,
      );
    });
  }

  /**
   * Emails a pending invite again (R8, R12), through the outbox like the first time. With
   * `extend`, its lifetime starts again from now.
   */
  async resend(actor: Actor, ref: string, input: ResendInput): Promise<InviteView> {
    const principal = requireAuthenticated(actor.principal);
    return locked(this.#deps, ref, async (tx, row) => {
      await authorize(tx, principal, row, 'resend');
      const settings = await loadSettings(tx);
      requireInvitesEnabled(settings);
      const now = new Date();
      const extend = input.extend;
      const extending = extend !== undefined && extend !== false;
      // R8: an expired invite comes back when the resend restarts its clock; nothing else
      // that is over (used, canceled, declined) can be sent again.
      if (!(extending && effectiveStatus(row, now) === 'expired')) requirePending(row, now);
      // An invite to a user is resent as a notice to their address.
      if (row.email === null && row.invitee_id === null) {
        throw new DomainError('INVITE_HAS_NO_EMAIL', 'This invite has no email address to send to');
      }
      const changes: InviteChanges = {
        delivery_status: 'queued',
        // A new delivery: jobs still queued or retrying for the last one will find it changed.
        delivery_id: randomUUID(),
        delivery_claimed_until: null,
        delivery_attempts: 0,
        delivery_last_error: null,
        delivery_sent_at: null,
        updated_at: now,
      };
      if (extending) {
        changes.expires_at = extendedExpiry(extend, settings.defaultInviteTtl, now);
        // Pending again, with the same code, whether or not a sweep had marked it expired.
        changes.status = 'pending';
      }
      const updated = await updateInvite(tx, row.id, changes);
      await this.#deps.events.record(tx, actor, [
        ...(changes.expires_at === undefined
          ? []
          : [{ action: 'invite.updated', row: updated, data: { fields: ['expiresAt'] } }]),
        { action: 'invite.resent', row: updated },
      ]);
      await this.#deps.outbox.emails(tx, queuedEmail(updated));
      return presentOne(tx, this.#deps.views, updated, principal, now);
    });
  }

  /** Deletes the invite; its code stops working at once and its audit trail stays (R14). */
  async delete(actor: Actor, ref: string): Promise<InviteView> {
    const principal = requireAuthenticated(actor.principal);
    return locked(this.#deps, ref, async (tx, row) => {
      await authorize(tx, principal, row, 'delete');
      const view = await presentOne(tx, this.#deps.views, row, principal);
      // Recorded first: the event's payload still sees the invite's groups.
      await this.#deps.events.record(tx, actor, [{ action: 'invite.deleted', row }]);
      await deleteInvite(tx, row.id);
      return view;
    });
  }
}

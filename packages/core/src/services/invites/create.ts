import { randomUUID } from 'node:crypto';
import { generateCode } from '../../domain/codes.ts';
import { normalizeEmail } from '../../domain/email.ts';
import { DomainError } from '../../domain/errors.ts';
import { type ExpiryInput, resolveExpiry } from '../../domain/expiry.ts';
import { MAX_COUNT, MAX_SEND } from '../../domain/limits.ts';
import { requireWithin, vouchesForAddresses } from '../../domain/policy.ts';
import {
  type Actor,
  type Principal,
  requirePermission,
  requireUser,
} from '../../domain/principal.ts';
import { checkRedirectUrl } from '../../domain/redirect-url.ts';
import type { InviteView, SettingsView } from '../../domain/types.ts';
import type { InvitableRole, InviteType, Locale } from '../../domain/vocabulary.ts';
import {
  addInviteGroups,
  type InviteRow,
  insertInvites,
  type RowColumns,
  type SharedColumns,
  userExists,
} from '../../repositories/invites.ts';
import { inTransaction, type Tx, toIso } from '../database.ts';
import { loadSettings } from '../settings.ts';
import { type InviteDeps, present, presentOne } from './context.ts';
import { checkGroups } from './grants.ts';
import {
  queuedEmail,
  requireInvitesEnabled,
  validateMetadata,
  validatePermissions,
} from './rules.ts';

export interface CreateInvitesInput extends ExpiryInput {
  count?: number | undefined;
  email?: string | undefined;
  type?: InviteType | undefined;
  maxUses?: number | null | undefined;
  permissions?: string[] | undefined;
  groups?: string[] | undefined;
  metadata?: Record<string, unknown> | undefined;
  redirectUrl?: string | null | undefined;
  locale?: Locale | null | undefined;
  inviterId?: string | undefined;
  notify?: boolean | undefined;
}

/** `POST /invites/send`: one invite per address (spec R2). */
export interface SendInvitesInput extends ExpiryInput {
  email: string | string[];
  permissions?: string[] | undefined;
  groups?: string[] | undefined;
  metadata?: Record<string, unknown> | undefined;
  redirectUrl?: string | null | undefined;
  locale?: Locale | null | undefined;
  inviterId?: string | undefined;
}

/** Whom a namespace invite is for, once the namespace service has resolved the handle. */
export interface NamespaceInviteTarget {
  namespaceId: string;
  inviteeId: string | null;
  email: string | null;
  role: InvitableRole;
  locale?: Locale | null | undefined;
  /** Whether the invitee is emailed: a notice to a user, the invite itself to an address. */
  notify: boolean;
}

/** Making invites: account invites (R1–R4), by email (R2), and namespace invites (R11). */
export class CreateInvites {
  readonly #deps: InviteDeps;

  constructor(deps: InviteDeps) {
    this.#deps = deps;
  }

  /** Creates `count` invites, or exactly one bound to `email` (spec R1–R4), emailed unless `notify: false`. */
  async create(actor: Actor, input: CreateInvitesInput): Promise<InviteView[]> {
    requirePermission(actor.principal, 'invite:write');
    if (input.type === 'namespace') {
      throw new DomainError(
        'VALIDATION_FAILED',
        'Namespace invites are created at /namespaces/{owner}/{name}/invites',
        [{ path: 'type', message: 'only "account" here' }],
      );
    }
    const email = input.email === undefined ? null : normalizeEmail(input.email);
    const count = email !== null ? 1 : (input.count ?? 1);
    if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
      throw new DomainError('VALIDATION_FAILED', `count is 1 to ${MAX_COUNT}`, [
        { path: 'count', message: `between 1 and ${MAX_COUNT}` },
      ]);
    }
    const emails = email !== null ? [email] : Array.from({ length: count }, () => null);
    return this.#createAccountInvites(actor, input, emails, input.notify !== false);
  }

  /** One invite per address, deduplicated case-insensitively, each emailed (spec R2). */
  async send(actor: Actor, input: SendInvitesInput): Promise<InviteView[]> {
    requirePermission(actor.principal, 'invite:write');
    const list = typeof input.email === 'string' ? [input.email] : input.email;
    const emails = [...new Set(list.map(normalizeEmail))];
    if (emails.length < 1 || emails.length > MAX_SEND) {
      throw new DomainError('VALIDATION_FAILED', `email is 1 to ${MAX_SEND} addresses`, [
        { path: 'email', message: `between 1 and ${MAX_SEND} addresses` },
      ]);
    }
    const { email: _addresses, ...options } = input;
    return this.#createAccountInvites(actor, options, emails, true);
  }

  /**
   * A namespace invite (spec R11), once the namespace service has resolved the handle and
   * checked who may invite whom. Runs in the caller's transaction.
   */
  async createNamespaceInvite(
    tx: Tx,
    actor: Actor,
    target: NamespaceInviteTarget,
  ): Promise<InviteView> {
    const principal = requireUser(actor.principal);
    const settings = await loadSettings(tx);
    requireInvitesEnabled(settings);
    const now = new Date();
    // An unknown address learns of the invite only by email; a user also finds it in their
    // invites (`/me/invites`), and is told by a notice to their own address, as on GitHub.
    const emailed = target.notify && (target.email !== null || target.inviteeId !== null);
    const [row] = await this.#insertWithFreshCodes(
      tx,
      settings,
      {
        type: 'namespace',
        inviterId: principal.id,
        createdByKeyId: null,
        emailVouched: vouchesForAddresses(principal),
        inviteeId: target.inviteeId,
        namespaceId: target.namespaceId,
        role: target.role,
        permissions: [],
        metadata: {},
        // Namespace invites are made by people, not by the applications redirects serve: the
        // settings' default applies to them (§9).
        redirectUrl: null,
        locale: target.locale ?? null,
        maxUses: 1,
        expiresAt: resolveExpiry({}, settings.defaultInviteTtl, now),
        now,
      },
      [{ email: target.email, emailed }],
    );
    await this.#deps.events.record(tx, actor, [
      {
        action: 'invite.created',
        row: row!,
        data: { namespaceId: target.namespaceId, role: target.role, inviteeId: target.inviteeId },
      },
    ]);
    await this.#deps.outbox.emails(tx, queuedEmail(row!));
    return presentOne(tx, this.#deps.views, row!, principal, now);
  }

  async #createAccountInvites(
    actor: Actor,
    input: Omit<CreateInvitesInput, 'count' | 'email' | 'notify' | 'type'>,
    emails: (string | null)[],
    notify: boolean,
  ): Promise<InviteView[]> {
    const principal = requirePermission(actor.principal, 'invite:write');
    validatePermissions(input.permissions);
    validateMetadata(input.metadata);
    const maxUses = input.maxUses === undefined ? 1 : input.maxUses;
    requireWithin(principal, input.permissions ?? [], 'grant these permissions');

    return inTransaction(this.#deps.fork, async (tx) => {
      const settings = await loadSettings(tx);
      requireInvitesEnabled(settings);
      const redirectUrl =
        input.redirectUrl == null
          ? null
          : checkRedirectUrl(input.redirectUrl, settings.allowedRedirectOrigins, 'redirectUrl');
      const inviterId = await inviterOf(tx, principal, input.inviterId);
      await checkGroups(tx, principal, input.groups);
      const now = new Date();
      const expiresAt = resolveExpiry(input, settings.defaultInviteTtl, now);
      const rows = await this.#insertWithFreshCodes(
        tx,
        settings,
        {
          type: 'account',
          inviterId,
          createdByKeyId: principal.kind === 'api_key' ? principal.id : null,
          emailVouched: vouchesForAddresses(principal),
          inviteeId: null,
          namespaceId: null,
          role: null,
          permissions: input.permissions ?? [],
          metadata: input.metadata ?? {},
          redirectUrl,
          locale: input.locale ?? null,
          maxUses,
          expiresAt,
          now,
        },
        emails.map((email) => ({ email, emailed: notify && email !== null })),
      );
      const groups = input.groups ?? [];
      await addInviteGroups(
        tx,
        rows.map((row) => row.id),
        groups,
      );
      await this.#deps.events.record(
        tx,
        actor,
        rows.map((row) => ({
          action: 'invite.created',
          row,
          data: { email: row.email, maxUses: row.max_uses, expiresAt: toIso(row.expires_at) },
        })),
      );
      await this.#deps.outbox.emails(tx, rows.flatMap(queuedEmail));
      return present(tx, this.#deps.views, rows, principal, now, {
        noGroups: groups.length === 0,
      });
    });
  }

  /**
   * Inserts one invite per entry, each with a new code. Codes are random, so a collision is
   * astronomically rare for tokens and uuids and merely rare for short codes; the unique digest
   * turns one into a skipped row, which gets a new code on the next round.
   */
  async #insertWithFreshCodes(
    tx: Tx,
    settings: SettingsView,
    shared: SharedColumns,
    entries: { email: string | null; emailed: boolean }[],
  ): Promise<InviteRow[]> {
    const { secrets } = this.#deps;
    const inserted: InviteRow[] = [];
    let pending: RowColumns[] = entries.map(({ email, emailed }) => ({
      id: randomUUID(),
      email,
      deliveryStatus: emailed ? 'queued' : null,
      deliveryId: emailed ? randomUUID() : null,
      codeDigest: Buffer.alloc(0),
      codeCiphertext: '',
    }));
    for (let round = 0; pending.length > 0; round++) {
      if (round === 5)
        throw new DomainError('CODE_COLLISION', 'Could not find unused codes; try again');
      for (const row of pending) {
        const code = generateCode(settings.codeFormat, settings.codePrefix);
        row.codeDigest = secrets.storedCodeDigest(code, settings.codeFormat);
        row.codeCiphertext = secrets.encrypt(code);
      }
      const rows = await insertInvites(tx, shared, pending);
      inserted.push(...rows);
      const done = new Set(rows.map((row) => row.id));
      pending = pending.filter((row) => !done.has(row.id));
    }
    return inserted;
  }
}

/**
 * Who the invite is from: the signed-in user, or the user an API key names. A user's invite
 * is always in their own name (§4: the user who created it), since it answers to its
 * inviter's permissions when redeemed (R21).
 */
async function inviterOf(
  tx: Tx,
  principal: Principal,
  requested: string | undefined,
): Promise<string | null> {
  if (principal.kind === 'user') {
    if (requested !== undefined && requested !== principal.id) {
      throw new DomainError('FORBIDDEN', 'You can create invites only in your own name');
    }
    return principal.id;
  }
  if (requested === undefined) return null;
  if (!(await userExists(tx, requested))) {
    throw new DomainError('VALIDATION_FAILED', `Unknown user "${requested}"`, [
      { path: 'inviterId', message: 'no such user' },
    ]);
  }
  return requested;
}

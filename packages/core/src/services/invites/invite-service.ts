import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { generateCode, isUuid } from '../../domain/codes.ts';
import { normalizeEmail } from '../../domain/email.ts';
import { DomainError } from '../../domain/errors.ts';
import { type ExpiryInput, resolveExpiry } from '../../domain/expiry.ts';
import type { InviteListQuery } from '../../domain/invite-query.ts';
import { MAX_COUNT, MAX_SEND, METADATA_MAX_BYTES } from '../../domain/limits.ts';
import { type PageRequest, pageWindow } from '../../domain/paging.ts';
import { isValidPermission } from '../../domain/permissions.ts';
import {
  authorizeInvite,
  type InviteAction,
  type InviteFacts,
  requireDecliner,
  requireMayReaddress,
  requireWithin,
  vouchesForAddresses,
} from '../../domain/policy.ts';
import {
  type Actor,
  can,
  type Principal,
  requireAuthenticated,
  requirePermission,
  requireUser,
} from '../../domain/principal.ts';
import type { SecretBox } from '../../domain/secrets.ts';
import type {
  InvitePreview,
  InviteStatus,
  InviteValidation,
  InviteView,
  Page,
  RedemptionView,
  SettingsView,
} from '../../domain/types.ts';
import type { Outbox } from '../../jobs/outbox.ts';
import type { EmailJob } from '../../jobs/queues.ts';
import { roleIn } from '../collaborators.ts';
import { type Em, sqlOf, toIso } from '../database.ts';
import { loadSettings } from '../settings.ts';
import { DeliveryService } from './delivery.ts';
import { checkGroups, permissionsOfInviteGroups, setInviteGroups } from './grants.ts';
import { InviteEvents } from './invite-events.ts';
import { insertInvites, type RowColumns, type SharedColumns } from './invite-insert.ts';
import { InviteLister } from './invite-list.ts';
import { type InviteRelations, loadInviteRelations } from './invite-relations.ts';
import { effectiveStatus, type InviteRow } from './invite-row.ts';
import { factsOf, InviteViews } from './invite-view.ts';
import { listRedemptions, redeem, requireInvitesEnabled, requireUsable } from './redeem.ts';

export interface CreateInvitesInput extends ExpiryInput {
  count?: number | undefined;
  email?: string | undefined;
  type?: 'account' | 'namespace' | undefined;
  maxUses?: number | null | undefined;
  permissions?: string[] | undefined;
  groups?: string[] | undefined;
  metadata?: Record<string, unknown> | undefined;
  inviterId?: string | undefined;
  notify?: boolean | undefined;
}

/** `POST /invites/send`: one invite per address (spec R2). */
export interface SendInvitesInput extends ExpiryInput {
  email: string | string[];
  permissions?: string[] | undefined;
  groups?: string[] | undefined;
  metadata?: Record<string, unknown> | undefined;
  inviterId?: string | undefined;
}

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
}

/**
 * What the policy needs to decide `action` on this row for this caller: the caller's role in
 * the invite's namespace and, for a change, everything the invite grants (R21).
 */
async function factsFor(
  em: Em,
  principal: Principal | null,
  row: InviteRow,
  action: InviteAction,
): Promise<InviteFacts> {
  const callerRole =
    row.namespace_id !== null && principal?.kind === 'user'
      ? await roleIn(em, row.namespace_id, principal.id)
      : null;
  const changes = action !== 'read' && action !== 'accept' && action !== 'decline';
  const grants = changes
    ? [...row.permissions, ...(await permissionsOfInviteGroups(em, row.id))]
    : row.permissions;
  return factsOf(row, { grants, callerRole });
}

/** Asks the policy (R20, R21) whether the caller may do `action` on the row; throws if not. */
async function authorize(
  em: Em,
  principal: Principal | null,
  row: InviteRow,
  action: InviteAction,
): Promise<void> {
  authorizeInvite(principal, action, await factsFor(em, principal, row, action));
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

/** The email job for a row whose delivery was just queued. */
function queuedEmail(row: InviteRow): EmailJob[] {
  return row.delivery_status === 'queued' && row.delivery_id !== null
    ? [{ inviteId: row.id, deliveryId: row.delivery_id }]
    : [];
}

/** Whether the invite was named by its id rather than by its code. */
function isIdOf(row: InviteRow, ref: string): boolean {
  return row.id === ref.toLowerCase();
}

function notFound(): DomainError {
  return new DomainError('INVITE_NOT_FOUND', 'No such invite');
}

function validatePermissions(permissions: string[] | undefined): void {
  for (const [i, permission] of (permissions ?? []).entries()) {
    if (!isValidPermission(permission)) {
      throw new DomainError('INVALID_PERMISSION', `Invalid permission "${permission}"`, [
        { path: `permissions.${i}`, message: 'not a valid permission string' },
      ]);
    }
  }
}

function validateMetadata(metadata: Record<string, unknown> | undefined): void {
  if (metadata === undefined) return;
  if (Buffer.byteLength(JSON.stringify(metadata), 'utf8') > METADATA_MAX_BYTES) {
    throw new DomainError('VALIDATION_FAILED', 'metadata is larger than 16 KiB', [
      { path: 'metadata', message: 'at most 16 KiB of JSON' },
    ]);
  }
}

export class InviteService {
  readonly #fork: () => Em;
  readonly #secrets: SecretBox;
  readonly #views: InviteViews;
  readonly #lister: InviteLister;

  readonly #outbox: Outbox;
  /** Audit events and webhook deliveries of every change (R15); the namespaces use it too. */
  readonly events: InviteEvents;
  readonly delivery: DeliveryService;

  constructor(fork: () => Em, secrets: SecretBox, publicUrl: string, outbox: Outbox) {
    this.#fork = fork;
    this.#secrets = secrets;
    this.#views = new InviteViews(secrets, publicUrl);
    this.#lister = new InviteLister(secrets);
    this.#outbox = outbox;
    this.events = new InviteEvents(outbox, this.#views);
    this.delivery = new DeliveryService(fork, this.#views, this.events);
  }

  /** `{PUBLIC_URL}/i/{code}`. */
  linkFor(code: string): string {
    return this.#views.linkFor(code);
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

    return this.#fork().transactional(async (em) => {
      const settings = await loadSettings(em);
      requireInvitesEnabled(settings);
      const inviterId = await this.#inviterOf(em, principal, input.inviterId);
      await checkGroups(em, principal, input.groups);
      const now = new Date();
      const expiresAt = resolveExpiry(input, settings.defaultInviteTtl, now);
      const rows = await this.#insertWithFreshCodes(
        em,
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
          maxUses,
          expiresAt,
          now,
        },
        emails.map((email) => ({ email, emailed: notify && email !== null })),
      );
      await setInviteGroups(
        em,
        rows.map((row) => row.id),
        input.groups ?? [],
      );
      await this.events.record(
        em,
        actor,
        rows.map((row) => ({
          action: 'invite.created',
          row,
          data: { email: row.email, maxUses: row.max_uses, expiresAt: toIso(row.expires_at) },
        })),
      );
      await this.#outbox.emails(em, rows.flatMap(queuedEmail));
      return this.#present(em, rows, principal, now);
    });
  }

  /**
   * Inserts one invite per entry, each with a new code. Codes are random, so a collision is
   * astronomically rare for tokens and uuids and merely rare for short codes; the unique digest
   * turns one into a skipped row, which gets a new code on the next round.
   */
  async #insertWithFreshCodes(
    em: Em,
    settings: SettingsView,
    shared: SharedColumns,
    entries: { email: string | null; emailed: boolean }[],
  ): Promise<InviteRow[]> {
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
        row.codeDigest = this.#secrets.codeDigest(code);
        row.codeCiphertext = this.#secrets.encrypt(code);
      }
      const rows = await insertInvites(em, shared, pending);
      inserted.push(...rows);
      const done = new Set(rows.map((row) => row.id));
      pending = pending.filter((row) => !done.has(row.id));
    }
    return inserted;
  }

  /**
   * Who the invite is from: the signed-in user, or the user an API key names. A user's invite
   * is always in their own name (§4: the user who created it), since it answers to its
   * inviter's permissions when redeemed (R21).
   */
  async #inviterOf(
    em: Em,
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
    const found = await sqlOf(em)
      .selectFrom('users')
      .select('id')
      .where('id', '=', requested)
      .executeTakeFirst();
    if (!found) {
      throw new DomainError('VALIDATION_FAILED', `Unknown user "${requested}"`, [
        { path: 'inviterId', message: 'no such user' },
      ]);
    }
    return requested;
  }

  /** Rows as the API answers them, with inviters' names and groups loaded in two queries. */
  async #present(
    em: Em,
    rows: InviteRow[],
    viewer: Principal | null,
    now = new Date(),
  ): Promise<InviteView[]> {
    const relations: InviteRelations = await loadInviteRelations(em, rows, {
      viewerId: viewer?.kind === 'user' ? viewer.id : null,
    });
    return rows.map((row) => this.#views.toView(row, viewer, relations, now));
  }

  async list(actor: Actor, query: InviteListQuery): Promise<Page<InviteView>> {
    const principal = requireAuthenticated(actor.principal);
    const scope = can(principal, 'invite:read')
      ? {}
      : principal.kind === 'user'
        ? { inviterId: principal.id }
        : { createdByKeyId: principal.id };
    const em = this.#fork();
    const page = await this.#lister.list(em, query, scope);
    return { ...page, data: await this.#present(em, page.data, principal) };
  }

  async get(actor: Actor, ref: string): Promise<InviteView> {
    const principal = requireAuthenticated(actor.principal);
    const em = this.#fork();
    const row = await this.#readable(em, ref, principal);
    const [view] = await this.#present(em, [row], principal);
    return view!;
  }

  /**
   * What anyone holding the code may know (spec R5: reading never changes the invite). By id,
   * only to whoever may read the invite (R9a): an id is no proof, and others get 404.
   */
  async validate(ref: string, principal: Principal | null = null): Promise<InviteValidation> {
    const { em, row, now } = await this.#usable(ref, principal);
    // A validation names the inviter and the namespace, not the groups.
    const relations = await loadInviteRelations(em, [row], { groups: false });
    return this.#views.toValidation(row, relations, now);
  }

  /**
   * The invite page's view of a code (R5: reading changes nothing). Refusals as `validate`; the
   * page is for whoever holds the link, so an id finds nothing (R9a).
   */
  async preview(ref: string): Promise<InvitePreview> {
    const { em, row, now } = await this.#usable(ref, null);
    const relations = await loadInviteRelations(em, [row]);
    const {
      valid: _valid,
      email: _masked,
      ...validation
    } = this.#views.toValidation(row, relations, now);
    return {
      ...validation,
      email: row.email,
      boundTo: row.invitee_id ? 'user' : row.email ? 'email' : null,
      role: row.role,
      permissions: [...row.permissions],
      groups: (relations.groups.get(row.id) ?? []).map(({ name }) => ({ name })),
    };
  }

  /**
   * The invite behind a code that could be redeemed now, or the refusal (403, 404, 410). By id,
   * it exists only for a `principal` who may read it (R9a).
   */
  async #usable(
    ref: string,
    principal: Principal | null,
  ): Promise<{ em: Em; row: InviteRow; now: Date }> {
    const em = this.#fork();
    const [settings, row] = await Promise.all([loadSettings(em), this.#find(em, ref)]);
    requireInvitesEnabled(settings);
    if (!row) throw notFound();
    if (isIdOf(row, ref)) await authorize(em, principal, row, 'read');
    const now = new Date();
    requireUsable(row, now);
    return { em, row, now };
  }

  async update(actor: Actor, ref: string, input: UpdateInviteInput): Promise<InviteView> {
    const principal = requireAuthenticated(actor.principal);
    validatePermissions(input.permissions);
    validateMetadata(input.metadata);
    return this.#locked(ref, async (em, row) => {
      const facts = await factsFor(em, principal, row, 'update');
      authorizeInvite(principal, 'update', facts);
      if (input.email !== undefined || input.maxUses !== undefined) {
        requireMayReaddress(principal, facts);
      }
      // The ceiling after the change, as `authorize` checked it before (R21).
      requireWithin(principal, input.permissions ?? [], 'grant these permissions');
      await checkGroups(em, principal, input.groups);
      const now = new Date();
      this.#requirePending(row, now);
      if (input.groups !== undefined) await setInviteGroups(em, [row.id], input.groups);
      const changes: Record<string, unknown> = {};
      if (input.email !== undefined) {
        changes.email = input.email === null ? null : normalizeEmail(input.email);
        // Whoever binds the address vouches for it, or nobody does (R9).
        changes.email_vouched = vouchesForAddresses(principal);
      }
      if (input.permissions !== undefined) changes.permissions = input.permissions;
      if (input.metadata !== undefined) changes.metadata = JSON.stringify(input.metadata);
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
      if (input.expiresAt !== undefined || input.expiresIn !== undefined) {
        const settings = await loadSettings(em);
        changes.expires_at = resolveExpiry(input, settings.defaultInviteTtl, now);
      }
      const updated = await this.#write(em, row.id, { ...changes, updated_at: now });
      await this.events.record(em, actor, [
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
      const [view] = await this.#present(em, [updated], principal, now);
      return view!;
    });
  }

  async cancel(actor: Actor, ref: string): Promise<InviteView> {
    const principal = requireAuthenticated(actor.principal);
    return this.#locked(ref, async (em, row) => {
      await authorize(em, principal, row, 'cancel');
      const now = new Date();
      this.#requirePending(row, now);
      return this.#transition(
        em,
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
    return this.#locked(ref, async (em, row) => {
      await authorize(em, principal, row, 'resend');
      const settings = await loadSettings(em);
      requireInvitesEnabled(settings);
      const now = new Date();
      const extend = input.extend;
      const extending = extend !== undefined && extend !== false;
      // R8: an expired invite comes back when the resend restarts its clock; nothing else
      // that is over (used, canceled, declined) can be sent again.
      if (!(extending && effectiveStatus(row, now) === 'expired')) this.#requirePending(row, now);
      if (row.email === null) {
        throw new DomainError('INVITE_HAS_NO_EMAIL', 'This invite has no email address to send to');
      }
      const changes: Record<string, unknown> = {
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
      const updated = await this.#write(em, row.id, changes);
      await this.events.record(em, actor, [
        ...(changes.expires_at === undefined
          ? []
          : [{ action: 'invite.updated', row: updated, data: { fields: ['expiresAt'] } }]),
        { action: 'invite.resent', row: updated },
      ]);
      await this.#outbox.emails(em, queuedEmail(updated));
      const [view] = await this.#present(em, [updated], principal, now);
      return view!;
    });
  }

  /**
   * Marks pending invites past their date as expired, with their events (R17), `limit` at a
   * time. Sweepers running at once skip each other's rows (`SKIP LOCKED`), and a swept row is
   * no longer pending, so each invite expires once however many workers sweep.
   */
  async expireDue(limit = 500): Promise<number> {
    return this.#fork().transactional(async (em) => {
      const { rows } = await sql<InviteRow>`
        update invites set status = 'expired', updated_at = now()
         where id in (
           select id from invites
            where status = 'pending' and expires_at is not null and expires_at <= now()
            order by expires_at
            limit ${limit}
            for update skip locked)
        returning *`.execute(sqlOf(em));
      await this.events.record(
        em,
        { principal: null, ip: null },
        rows.map((row) => ({ action: 'invite.expired', row })),
      );
      return rows.length;
    });
  }

  /** Deletes the invite; its code stops working at once and its audit trail stays (R14). */
  async delete(actor: Actor, ref: string): Promise<InviteView> {
    const principal = requireAuthenticated(actor.principal);
    return this.#locked(ref, async (em, row) => {
      await authorize(em, principal, row, 'delete');
      const [view] = await this.#present(em, [row], principal);
      // Recorded first: the event's payload still sees the invite's groups.
      await this.events.record(em, actor, [{ action: 'invite.deleted', row }]);
      await sqlOf(em).deleteFrom('invites').where('id', '=', row.id).execute();
      return view!;
    });
  }

  /** Runs `work` in a transaction holding the invite's row lock; 404 when there is no such invite. */
  #locked<T>(ref: string, work: (em: Em, row: InviteRow) => Promise<T>): Promise<T> {
    return this.#fork().transactional(async (em) => {
      const row = await this.#find(em, ref, { forUpdate: true });
      if (!row) throw notFound();
      return work(em, row);
    });
  }

  /** A signed-in user redeems an invite (spec R6, R9, R10): by its id or its code. */
  /**
   * A namespace invite (spec R11), once the namespace service has resolved the handle and
   * checked who may invite whom. Runs in the caller's transaction.
   */
  async createNamespaceInvite(
    em: Em,
    actor: Actor,
    target: { namespaceId: string; inviteeId: string | null; email: string | null; role: string },
  ): Promise<InviteView> {
    const principal = requireUser(actor.principal);
    const settings = await loadSettings(em);
    requireInvitesEnabled(settings);
    const now = new Date();
    // An unknown address learns of the invite only by email; a user invited by name sees it
    // in their invites (`/me/invites`), as on GitHub.
    const emailed = target.email !== null;
    const [row] = await this.#insertWithFreshCodes(
      em,
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
        maxUses: 1,
        expiresAt: resolveExpiry({}, settings.defaultInviteTtl, now),
        now,
      },
      [{ email: target.email, emailed }],
    );
    await this.events.record(em, actor, [
      {
        action: 'invite.created',
        row: row!,
        data: { namespaceId: target.namespaceId, role: target.role, inviteeId: target.inviteeId },
      },
    ]);
    await this.#outbox.emails(em, queuedEmail(row!));
    const [view] = await this.#present(em, [row!], principal, now);
    return view!;
  }

  /** Invites addressed to the signed-in user: to their id, or to their email. */
  async mine(actor: Actor, status: InviteStatus | undefined): Promise<Page<InviteView>> {
    const user = requireUser(actor.principal);
    const em = this.#fork();
    const page = await this.#lister.list(
      em,
      { filter: status ? { status } : {}, page: { size: 100 } },
      { addressee: { userId: user.id, email: user.emailVerified ? user.email : null } },
    );
    return { ...page, data: await this.#present(em, page.data, user) };
  }

  /** Invites of one namespace, for its owner and admins (checked by the namespace service). */
  async ofNamespace(
    em: Em,
    actor: Actor,
    namespaceId: string,
    status: InviteStatus | undefined,
  ): Promise<Page<InviteView>> {
    const page = await this.#lister.list(
      em,
      { filter: status ? { status } : {}, page: { size: 100 } },
      { namespaceId },
    );
    return { ...page, data: await this.#present(em, page.data, actor.principal) };
  }

  /** The addressee refuses a pending invite; it can never be accepted afterwards. */
  async decline(actor: Actor, ref: string): Promise<InviteView> {
    const user = requireUser(actor.principal);
    return this.#locked(ref, async (em, row) => {
      // By id, the policy decides (R9a: 404 unless they may see it); by code, the code proves
      // the invite exists and only its addressee may decline it (403 otherwise).
      if (isIdOf(row, ref)) await authorize(em, user, row, 'decline');
      else requireDecliner(user, factsOf(row));
      const now = new Date();
      // Like accepting: an invite that can no longer be used answers 410.
      requireUsable(row, now);
      return this.#transition(em, actor, row, 'invite.declined', { status: 'declined' }, now);
    });
  }

  async accept(actor: Actor, ref: string): Promise<InviteView> {
    const user = requireUser(actor.principal);
    return this.#locked(ref, async (em, row) => {
      // The code is the bearer secret; an id is not. Only the invite's addressee may use the id
      // (R9a); by code, `redeem` checks the redeemer.
      if (isIdOf(row, ref)) await authorize(em, user, row, 'accept');
      const now = new Date();
      const who = { id: user.id, email: user.email, emailVerified: user.emailVerified };
      const updated = await redeem(em, this.events, actor, row, who, await loadSettings(em), now);
      const [view] = await this.#present(em, [updated], user, now);
      return view!;
    });
  }

  /** Redeems by code inside a registration's transaction; the code alone, never an id. */
  async redeemCodeFor(
    em: Em,
    actor: Actor,
    code: string,
    user: { id: string; email: string; emailVerified: boolean },
    settings: SettingsView,
  ) {
    const row = await this.#find(em, code, { forUpdate: true, codeOnly: true });
    if (!row) throw notFound();
    return redeem(em, this.events, actor, row, user, settings, new Date());
  }

  async redemptions(actor: Actor, ref: string, page?: PageRequest): Promise<Page<RedemptionView>> {
    const principal = requireAuthenticated(actor.principal);
    const em = this.#fork();
    const row = await this.#readable(em, ref, principal);
    const { rows, total } = await listRedemptions(em, row.id, pageWindow(page));
    const data = rows.map(({ at, ...user }) => ({ user, at: toIso(at) }));
    return { data, total, nextCursor: null };
  }

  /** An invite the caller may read (R20: 404 when they may not see it, 403 when only that). */
  async #readable(em: Em, ref: string, principal: Principal): Promise<InviteRow> {
    const row = await this.#find(em, ref);
    if (!row) throw notFound();
    await authorize(em, principal, row, 'read');
    return row;
  }

  /** Writes a change of state, records it, and answers the invite as the caller sees it. */
  async #transition(
    em: Em,
    actor: Actor,
    row: InviteRow,
    action: string,
    changes: Record<string, unknown>,
    now: Date,
  ): Promise<InviteView> {
    const updated = await this.#write(em, row.id, { ...changes, updated_at: now });
    await this.events.record(em, actor, [{ action, row: updated }]);
    const [view] = await this.#present(em, [updated], actor.principal, now);
    return view!;
  }

  #requirePending(row: InviteRow, now: Date): void {
    const status = effectiveStatus(row, now);
    if (status !== 'pending') {
      throw new DomainError(
        'INVITE_NOT_PENDING',
        `The invite is ${status}; only a pending invite can change`,
      );
    }
  }

  async #write(em: Em, id: string, changes: Record<string, unknown>): Promise<InviteRow> {
    return (await sqlOf(em)
      .updateTable('invites')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()) as InviteRow;
  }

  /** An invite by id or by code; a uuid-shaped reference may be either (codeFormat `uuid`). */
  async #find(
    em: Em,
    ref: string,
    options: { forUpdate?: boolean; codeOnly?: boolean } = {},
  ): Promise<InviteRow | undefined> {
    if (ref.length === 0 || ref.length > 256) return undefined;
    const digest = this.#secrets.codeDigest(ref);
    let query = sqlOf(em)
      .selectFrom('invites')
      .selectAll()
      .where((eb) =>
        isUuid(ref) && !options.codeOnly
          ? eb.or([eb('id', '=', ref.toLowerCase()), eb('code_digest', '=', digest)])
          : eb('code_digest', '=', digest),
      )
      .limit(1);
    if (options.forUpdate) query = query.forUpdate();
    return (await query.executeTakeFirst()) as InviteRow | undefined;
  }
}

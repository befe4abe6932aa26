import { randomUUID } from 'node:crypto';
import { normalizeEmail } from '../domain/email.ts';
import { DomainError } from '../domain/errors.ts';
import { type PageRequest, pageWindow } from '../domain/paging.ts';
import { authorizeNamespace, type NamespaceLevel } from '../domain/policy.ts';
import { type Actor, requireAuthenticated, requireUser } from '../domain/principal.ts';
import type {
  CollaboratorRole,
  CollaboratorView,
  InvitableRole,
  InviteStatus,
  InviteView,
  MembershipView,
  NamespaceView,
  Page,
} from '../domain/types.ts';
import type { Locale } from '../domain/vocabulary.ts';
import {
  cancelPendingInvitesBy,
  expireStaleNamespaceInvites,
  hasPendingNamespaceInvite,
} from '../repositories/invites.ts';
import {
  deleteCollaborator,
  findCollaborator,
  findInvitee,
  findNamespace,
  insertNamespace,
  listCollaborators,
  listNamespacesOf,
  lockNamespace,
  type NamespaceRow,
  roleIn,
  usernameOf,
} from '../repositories/namespaces.ts';
import { recordAudit } from './audit.ts';
import { type Em, inTransaction, type Tx, toIso } from './database.ts';
import type { InviteDeps } from './invites/context.ts';
import { CreateInvites } from './invites/create.ts';
import type { InviteEvents } from './invites/invite-events.ts';
import { ReadInvites } from './invites/read.ts';

export const NAMESPACE_NAME_PATTERN = /^[a-z0-9][a-z0-9-_.]{0,99}$/;

/** A plausible address: one @, something on both sides, a dot in the domain, no spaces. */
const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@.][^\s@]*\.[^\s@]{2,}$/;

export interface CreateNamespaceInput {
  name: string;
  description?: string | undefined;
}

export interface InviteCollaboratorInput {
  /** A username, or an email address (with `@`). */
  handle: string;
  role?: InvitableRole | undefined;
  /** The language of its email and page (§11). */
  locale?: Locale | null | undefined;
  /** Email the invitee (default true); `false` leaves passing on the link to the inviter. */
  notify?: boolean | undefined;
}

function notFound(): DomainError {
  return new DomainError('NAMESPACE_NOT_FOUND', 'No such namespace');
}

function toView(row: NamespaceRow): NamespaceView {
  return {
    id: row.id,
    name: row.name,
    path: row.path,
    owner: { id: row.owner_id, username: row.owner_username },
    description: row.description,
    createdAt: toIso(row.created_at),
  };
}

/**
 * Namespaces and their collaborators (spec §1, R10, R11): a user owns a namespace, invites
 * others by username or email, and the invitees become collaborators by accepting.
 */
export class NamespaceService {
  readonly #fork: () => Em;
  /** Namespace invites are invites: made, listed and recorded by the invite use cases. */
  readonly #createInvites: CreateInvites;
  readonly #readInvites: ReadInvites;
  readonly #events: InviteEvents;

  constructor(fork: () => Em, invites: InviteDeps) {
    this.#fork = fork;
    this.#createInvites = new CreateInvites(invites);
    this.#readInvites = new ReadInvites(invites);
    this.#events = invites.events;
  }

  async create(actor: Actor, input: CreateNamespaceInput): Promise<NamespaceView> {
    const user = requireUser(actor.principal);
    const name = input.name.trim().toLowerCase();
    if (!NAMESPACE_NAME_PATTERN.test(name)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'name: 1–100 of a–z, 0–9, -, _ and ., starting with a letter or digit',
        [
          {
            path: 'name',
            message: '1–100 of a–z, 0–9, -, _ and ., starting with a letter or digit',
          },
        ],
      );
    }
    const id = randomUUID();
    const path = `${await usernameOf(this.#fork(), user.id)}/${name}`;
    try {
      await inTransaction(this.#fork, async (tx) => {
        await insertNamespace(tx, {
          id,
          name,
          path,
          ownerId: user.id,
          description: input.description ?? null,
        });
        // The owner is its first collaborator: receivers see them join like anyone else.
        await this.#events.webhooks.memberChanged(tx, 'member.added', {
          namespaceId: id,
          userId: user.id,
          role: 'owner',
        });
        await recordAudit(tx, actor, [
          { action: 'namespace.created', targetType: 'namespace', targetId: id, data: { name } },
        ]);
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new DomainError('NAMESPACE_EXISTS', `You already have a namespace named "${name}"`);
      }
      throw error;
    }
    return toView(await this.#find(this.#fork(), path));
  }

  /** Owner and collaborators see a namespace; for anyone else it does not exist. */
  async get(actor: Actor, path: string): Promise<NamespaceView> {
    const { namespace } = await this.#access(this.#fork(), actor, path, 'member');
    return toView(namespace);
  }

  async collaborators(
    actor: Actor,
    path: string,
    page?: PageRequest,
  ): Promise<Page<CollaboratorView>> {
    const em = this.#fork();
    const { namespace } = await this.#access(em, actor, path, 'member');
    const { rows, total } = await listCollaborators(em, namespace.id, pageWindow(page));
    const data = rows.map(({ role, since, ...user }) => ({ user, role, since: toIso(since) }));
    return { data, total, nextCursor: null };
  }

  /** The namespaces the signed-in user owns or collaborates in, by path (spec §5). */
  async mine(actor: Actor, page?: PageRequest): Promise<Page<MembershipView>> {
    const me = requireUser(actor.principal);
    const { rows, total } = await listNamespacesOf(this.#fork(), me.id, pageWindow(page));
    const data = rows.map(({ role, since, ...namespace }) => ({
      namespace: toView(namespace),
      role,
      since: toIso(since),
    }));
    return { data, total, nextCursor: null };
  }

  /** Invites a user (by username or email) or an unknown address to collaborate (spec R11). */
  async invite(actor: Actor, path: string, input: InviteCollaboratorInput): Promise<InviteView> {
    const me = requireUser(actor.principal);
    return inTransaction(this.#fork, async (tx) => {
      const { namespace } = await this.#access(tx, actor, path, 'admin');
      // One invitation at a time per namespace: the pending checks below then cannot race.
      await lockNamespace(tx, namespace.id);
      const byEmail = input.handle.includes('@');
      const handle = byEmail ? normalizeEmail(input.handle) : input.handle.trim().toLowerCase();
      if (byEmail && !EMAIL_PATTERN.test(handle)) {
        throw new DomainError('VALIDATION_FAILED', 'handle: not a valid email address', [
          { path: 'handle', message: 'not a valid email address' },
        ]);
      }
      // The person behind the handle, if any. An address counts only once its owner proved it.
      const user = await findInvitee(tx, byEmail ? 'email' : 'username', handle);
      if (!user && !byEmail)
        throw new DomainError('USER_NOT_FOUND', `No user is called "${handle}"`);
      if (user?.id === me.id || handle === me.email) {
        throw new DomainError('CANNOT_INVITE_SELF', 'You cannot invite yourself');
      }
      if (user && (await roleIn(tx, namespace.id, user.id)) !== null) {
        throw new DomainError(
          'ALREADY_COLLABORATOR',
          `${handle} already collaborates on ${namespace.path}`,
        );
      }
      // A proven address reaches its owner as their username does (R11): the invite names the
      // user, follows them if they change address, and one pending invite covers both routes.
      // An address nobody has proven stays bound to itself until someone proves it (R9).
      const inviteeId = user?.id ?? null;
      const email = user ? null : handle;
      // Pending invites to the same person, by either route (R11): their id, or their proven address.
      const reach = {
        inviteeId,
        email: user?.email_verified ? user.email : email,
      };
      await this.#expireStale(tx, actor, namespace.id, reach);
      const pending = await hasPendingNamespaceInvite(tx, namespace.id, reach);
      if (pending) {
        throw new DomainError(
          'INVITE_ALREADY_PENDING',
          `${handle} already has a pending invite to ${namespace.path}`,
        );
      }
      return this.#createInvites.createNamespaceInvite(tx, actor, {
        namespaceId: namespace.id,
        inviteeId,
        email,
        role: input.role ?? 'member',
        locale: input.locale ?? null,
        notify: input.notify !== false,
      });
    });
  }

  async invites(
    actor: Actor,
    path: string,
    status: InviteStatus | undefined,
  ): Promise<Page<InviteView>> {
    const em = this.#fork();
    const { namespace } = await this.#access(em, actor, path, 'admin');
    return this.#readInvites.ofNamespace(em, actor, namespace.id, status);
  }

  /** Owner and admins remove anyone but the owner; a collaborator may leave. */
  async removeCollaborator(actor: Actor, path: string, username: string): Promise<void> {
    const me = requireUser(actor.principal);
    await inTransaction(this.#fork, async (tx) => {
      const target = await findCollaborator(tx, path, username);
      if (target?.user_id !== me.id) await this.#access(tx, actor, path, 'admin');
      if (!target)
        throw new DomainError(
          'COLLABORATOR_NOT_FOUND',
          `${username} does not collaborate on ${path}`,
        );
      if (target.role === 'owner')
        throw new DomainError('CANNOT_REMOVE_OWNER', 'The owner cannot be removed');
      await deleteCollaborator(tx, target.namespace_id, target.user_id);
      await this.#events.webhooks.memberChanged(tx, 'member.removed', {
        namespaceId: target.namespace_id,
        userId: target.user_id,
        role: target.role,
      });
      // What they sent on the namespace's behalf is withdrawn with them.
      const withdrawn = await cancelPendingInvitesBy(tx, target.namespace_id, target.user_id);
      await this.#events.record(
        tx,
        actor,
        withdrawn.map((row) => ({
          action: 'invite.canceled',
          row,
          data: { reason: 'inviter removed' },
        })),
      );
      await recordAudit(tx, actor, [
        {
          action: 'collaborator.removed',
          targetType: 'user',
          targetId: target.user_id,
          data: { namespaceId: target.namespace_id },
        },
      ]);
    });
  }

  /**
   * Pending invites past their date still hold the "one pending invite" index; they are
   * marked expired (with their audit event) before a new invite to the same person.
   */
  async #expireStale(
    tx: Tx,
    actor: Actor,
    namespaceId: string,
    to: { inviteeId: string | null; email: string | null },
  ): Promise<void> {
    const rows = await expireStaleNamespaceInvites(tx, namespaceId, to);
    await this.#events.record(
      tx,
      { principal: null, ip: actor.ip },
      rows.map((row) => ({ action: 'invite.expired', row })),
    );
  }

  /** The namespace at `path`, if the policy lets the caller act on it at `level`. */
  async #access(
    tx: Tx,
    actor: Actor,
    path: string,
    level: NamespaceLevel,
  ): Promise<{ namespace: NamespaceRow; role: CollaboratorRole | null }> {
    const principal = requireAuthenticated(actor.principal);
    const namespace = await this.#find(tx, path).catch(() => null);
    if (!namespace) throw notFound();
    const role = principal.kind === 'user' ? await roleIn(tx, namespace.id, principal.id) : null;
    authorizeNamespace(principal, level, role);
    return { namespace, role };
  }

  async #find(tx: Tx, path: string): Promise<NamespaceRow> {
    const row = await findNamespace(tx, path);
    if (!row) throw notFound();
    return row;
  }
}

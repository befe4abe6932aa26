import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { normalizeEmail } from '../domain/email.ts';
import { DomainError } from '../domain/errors.ts';
import { type PageRequest, pageWindow } from '../domain/paging.ts';
import { authorizeNamespace, type NamespaceLevel } from '../domain/policy.ts';
import { type Actor, requireAuthenticated, requireUser } from '../domain/principal.ts';
import type {
  CollaboratorRole,
  CollaboratorView,
  InviteStatus,
  InviteView,
  NamespaceView,
  Page,
} from '../domain/types.ts';
import { recordAudit } from './audit.ts';
import { roleIn } from './collaborators.ts';
import { type Em, sqlOf, toIso } from './database.ts';
import type { InviteRow } from './invites/invite-row.ts';
import type { InviteService } from './invites/invite-service.ts';

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
  role?: 'admin' | 'member' | undefined;
}

interface NamespaceRow {
  id: string;
  name: string;
  path: string;
  description: string | null;
  created_at: Date | string;
  owner_id: string;
  owner_username: string;
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
  readonly #invites: InviteService;

  constructor(fork: () => Em, invites: InviteService) {
    this.#fork = fork;
    this.#invites = invites;
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
    const em = this.#fork();
    const owner = await sqlOf(em)
      .selectFrom('users')
      .select('username')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    const path = `${owner.username}/${name}`;
    try {
      await em.transactional(async (em) => {
        const k = sqlOf(em);
        await k
          .insertInto('namespaces')
          .values({ id, name, path, owner_id: user.id, description: input.description ?? null })
          .execute();
        await k
          .insertInto('collaborators')
          .values({ namespace_id: id, user_id: user.id, role: 'owner' })
          .execute();
        await recordAudit(em, actor, [
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
    const { limit, offset } = pageWindow(page);
    const [{ rows }, { rows: count }] = await Promise.all([
      sql<{
        id: string;
        username: string;
        name: string | null;
        role: CollaboratorRole;
        since: Date | string;
      }>`
      select u.id, u.username, u.name, c.role, c.since from collaborators c join users u on u.id = c.user_id
       where c.namespace_id = ${namespace.id}
       order by case c.role when 'owner' then 0 when 'admin' then 1 else 2 end, c.since, u.username
       limit ${limit} offset ${offset}`.execute(sqlOf(em)),
      sql<{ n: number }>`
        select count(*)::int as n from collaborators where namespace_id = ${namespace.id}`.execute(
        sqlOf(em),
      ),
    ]);
    const data = rows.map(({ role, since, ...user }) => ({ user, role, since: toIso(since) }));
    return { data, total: count[0]!.n, nextCursor: null };
  }

  /** Invites a user (by username or email) or an unknown address to collaborate (spec R11). */
  async invite(actor: Actor, path: string, input: InviteCollaboratorInput): Promise<InviteView> {
    const me = requireUser(actor.principal);
    return this.#fork().transactional(async (em) => {
      const { namespace } = await this.#access(em, actor, path, 'admin');
      // One invitation at a time per namespace: the pending checks below then cannot race.
      await sql`select pg_advisory_xact_lock(hashtext(${namespace.id}))`.execute(sqlOf(em));
      const k = sqlOf(em);
      const byEmail = input.handle.includes('@');
      const handle = byEmail ? normalizeEmail(input.handle) : input.handle.trim().toLowerCase();
      if (byEmail && !EMAIL_PATTERN.test(handle)) {
        throw new DomainError('VALIDATION_FAILED', 'handle: not a valid email address', [
          { path: 'handle', message: 'not a valid email address' },
        ]);
      }
      // The person behind the handle, if any. An address counts only once its owner proved it.
      const user = await k
        .selectFrom('users')
        .select(['id', 'email', 'email_verified'])
        .where(byEmail ? 'email' : 'username', '=', handle)
        .$if(byEmail, (q) => q.where('email_verified', '=', true))
        .executeTakeFirst();
      if (!user && !byEmail)
        throw new DomainError('USER_NOT_FOUND', `No user is called "${handle}"`);
      if (user?.id === me.id || handle === me.email) {
        throw new DomainError('CANNOT_INVITE_SELF', 'You cannot invite yourself');
      }
      if (user && (await roleIn(em, namespace.id, user.id)) !== null) {
        throw new DomainError(
          'ALREADY_COLLABORATOR',
          `${handle} already collaborates on ${namespace.path}`,
        );
      }
      // An email invite stays bound to the address (no user id in the answer: it would tell the
      // inviter which addresses have accounts); a username invite names the user.
      const inviteeId = byEmail ? null : user!.id;
      const email = byEmail ? handle : null;
      // Pending invites to the same person, by either route (R11): their id, or their proven address.
      const reach = {
        inviteeId: user?.id ?? null,
        email: user?.email_verified ? user.email : email,
      };
      await this.#expireStale(em, actor, namespace.id, reach.inviteeId, reach.email);
      const pending = await k
        .selectFrom('invites')
        .select('id')
        .where('namespace_id', '=', namespace.id)
        .where('status', '=', 'pending')
        .where((eb) =>
          eb.or([eb('invitee_id', '=', reach.inviteeId), eb('email', '=', reach.email)]),
        )
        .executeTakeFirst();
      if (pending) {
        throw new DomainError(
          'INVITE_ALREADY_PENDING',
          `${handle} already has a pending invite to ${namespace.path}`,
        );
      }
      return this.#invites.createNamespaceInvite(em, actor, {
        namespaceId: namespace.id,
        inviteeId,
        email,
        role: input.role ?? 'member',
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
    return this.#invites.ofNamespace(em, actor, namespace.id, status);
  }

  /** Owner and admins remove anyone but the owner; a collaborator may leave. */
  async removeCollaborator(actor: Actor, path: string, username: string): Promise<void> {
    const me = requireUser(actor.principal);
    await this.#fork().transactional(async (em) => {
      const k = sqlOf(em);
      const target = await k
        .selectFrom('collaborators as c')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .innerJoin('namespaces as n', 'n.id', 'c.namespace_id')
        .select(['c.user_id', 'c.role', 'n.id as namespace_id'])
        .where('n.path', '=', path.toLowerCase())
        .where('u.username', '=', username.toLowerCase())
        .executeTakeFirst();
      if (target?.user_id !== me.id) await this.#access(em, actor, path, 'admin');
      if (!target)
        throw new DomainError(
          'COLLABORATOR_NOT_FOUND',
          `${username} does not collaborate on ${path}`,
        );
      if (target.role === 'owner')
        throw new DomainError('CANNOT_REMOVE_OWNER', 'The owner cannot be removed');
      await k
        .deleteFrom('collaborators')
        .where('namespace_id', '=', target.namespace_id)
        .where('user_id', '=', target.user_id)
        .execute();
      // What they sent on the namespace's behalf is withdrawn with them.
      const { rows: withdrawn } = await sql<InviteRow>`
        update invites set status = 'canceled', canceled_at = now(), updated_at = now()
         where namespace_id = ${target.namespace_id} and inviter_id = ${target.user_id} and status = 'pending'
        returning *`.execute(k);
      await this.#invites.events.record(
        em,
        actor,
        withdrawn.map((row) => ({
          action: 'invite.canceled',
          row,
          data: { reason: 'inviter removed' },
        })),
      );
      await recordAudit(em, actor, [
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
    em: Em,
    actor: Actor,
    namespaceId: string,
    inviteeId: string | null,
    email: string | null,
  ): Promise<void> {
    const { rows } = await sql<InviteRow>`
      update invites set status = 'expired', updated_at = now()
       where namespace_id = ${namespaceId} and status = 'pending' and expires_at <= now()
         and (invitee_id = ${inviteeId}::uuid or email = ${email}::text)
      returning *`.execute(sqlOf(em));
    await this.#invites.events.record(
      em,
      { principal: null, ip: actor.ip },
      rows.map((row) => ({ action: 'invite.expired', row })),
    );
  }

  /** The namespace at `path`, if the policy lets the caller act on it at `level`. */
  async #access(
    em: Em,
    actor: Actor,
    path: string,
    level: NamespaceLevel,
  ): Promise<{ namespace: NamespaceRow; role: CollaboratorRole | null }> {
    const principal = requireAuthenticated(actor.principal);
    const namespace = await this.#find(em, path).catch(() => null);
    if (!namespace) throw notFound();
    const role = principal.kind === 'user' ? await roleIn(em, namespace.id, principal.id) : null;
    authorizeNamespace(principal, level, role);
    return { namespace, role };
  }

  async #find(em: Em, path: string): Promise<NamespaceRow> {
    const row = (await sqlOf(em)
      .selectFrom('namespaces as n')
      .innerJoin('users as u', 'u.id', 'n.owner_id')
      .select([
        'n.id',
        'n.name',
        'n.path',
        'n.description',
        'n.created_at',
        'n.owner_id',
        'u.username as owner_username',
      ])
      .where('n.path', '=', path.toLowerCase())
      .executeTakeFirst()) as NamespaceRow | undefined;
    if (!row) throw notFound();
    return row;
  }
}

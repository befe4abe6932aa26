import { sql } from 'kysely';
import { isUuid } from '../domain/codes.ts';
import { DomainError } from '../domain/errors.ts';
import { type PageRequest, pageWindow } from '../domain/paging.ts';
import { isValidPermission } from '../domain/permissions.ts';
import { requireWithin } from '../domain/policy.ts';
import { type Actor, requirePermission } from '../domain/principal.ts';
import type { GroupView, Page } from '../domain/types.ts';
import { recordAudit } from './audit.ts';
import { type Em, sqlOf, toIso } from './database.ts';
import { requireEffectiveWithinBounds } from './users/effective-permissions.ts';

export interface GroupInput {
  name: string;
  permissions: string[];
}

interface GroupRow {
  id: string;
  name: string;
  permissions: string[];
  created_at: Date | string;
  updated_at: Date | string;
}

function toView(row: GroupRow): GroupView {
  return {
    id: row.id,
    name: row.name,
    permissions: [...row.permissions],
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

function notFound(): DomainError {
  return new DomainError('GROUP_NOT_FOUND', 'No such group');
}

function validate(input: Partial<GroupInput>): void {
  for (const [i, permission] of (input.permissions ?? []).entries()) {
    if (!isValidPermission(permission)) {
      throw new DomainError('INVALID_PERMISSION', `Invalid permission "${permission}"`, [
        { path: `permissions.${i}`, message: 'not a valid permission string' },
      ]);
    }
  }
}

function nameTaken(error: unknown): DomainError | undefined {
  const { code } = error as { code?: string };
  return code === '23505'
    ? new DomainError('GROUP_NAME_TAKEN', 'A group with this name exists')
    : undefined;
}

/** Named sets of permissions (`group:read`, `group:write`). */
export class GroupService {
  readonly #fork: () => Em;

  constructor(fork: () => Em) {
    this.#fork = fork;
  }

  async list(actor: Actor, page?: PageRequest): Promise<Page<GroupView>> {
    requirePermission(actor.principal, 'group:read');
    const { limit, offset } = pageWindow(page);
    const k = sqlOf(this.#fork());
    const [rows, total] = await Promise.all([
      k.selectFrom('groups').selectAll().orderBy('name').limit(limit).offset(offset).execute(),
      k.selectFrom('groups').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return { data: (rows as GroupRow[]).map(toView), total: total.n, nextCursor: null };
  }

  async get(actor: Actor, id: string): Promise<GroupView> {
    requirePermission(actor.principal, 'group:read');
    return toView(await this.#find(this.#fork(), id));
  }

  async create(actor: Actor, input: GroupInput): Promise<GroupView> {
    const principal = requirePermission(actor.principal, 'group:write');
    validate(input);
    requireWithin(principal, input.permissions, 'make a group that grants more than you hold');
    try {
      return await this.#fork().transactional(async (em) => {
        const row = (await sqlOf(em)
          .insertInto('groups')
          .values({ name: input.name, permissions: input.permissions })
          .returningAll()
          .executeTakeFirstOrThrow()) as GroupRow;
        await recordAudit(em, actor, [
          { action: 'group.created', targetType: 'group', targetId: row.id, data: { ...input } },
        ]);
        return toView(row);
      });
    } catch (error) {
      throw nameTaken(error) ?? error;
    }
  }

  async update(actor: Actor, id: string, input: Partial<GroupInput>): Promise<GroupView> {
    const principal = requirePermission(actor.principal, 'group:write');
    validate(input);
    try {
      return await this.#fork().transactional(async (em) => {
        const before = await this.#find(em, id, { forUpdate: true });
        // Its members hold what it grants: changing it, even its name, needs all of it (R21).
        requireWithin(
          principal,
          before.permissions,
          'change a group that grants more than you hold',
        );
        requireWithin(principal, input.permissions ?? [], 'grant these permissions');
        const changes = Object.fromEntries(
          Object.entries(input).filter(([, v]) => v !== undefined),
        );
        const row = (await sqlOf(em)
          .updateTable('groups')
          .set({ ...changes, updated_at: new Date() })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow()) as GroupRow;
        if (input.permissions) await requireEffectiveWithinBounds(em, { group: id });
        await recordAudit(em, actor, [
          { action: 'group.updated', targetType: 'group', targetId: id, data: changes },
        ]);
        return toView(row);
      });
    } catch (error) {
      throw nameTaken(error) ?? error;
    }
  }

  /** Deletes a group: its members leave it and invites stop granting it. */
  async delete(actor: Actor, id: string): Promise<GroupView> {
    const principal = requirePermission(actor.principal, 'group:write');
    return this.#fork().transactional(async (em) => {
      const row = await this.#find(em, id, { forUpdate: true });
      requireWithin(principal, row.permissions, 'delete a group that grants more than you hold');
      await sqlOf(em).deleteFrom('groups').where('id', '=', id).execute();
      await recordAudit(em, actor, [
        { action: 'group.deleted', targetType: 'group', targetId: id, data: { name: row.name } },
      ]);
      return toView(row);
    });
  }

  async #find(em: Em, id: string, options: { forUpdate?: boolean } = {}): Promise<GroupRow> {
    if (!isUuid(id)) throw notFound();
    const row = (await sqlOf(em)
      .selectFrom('groups')
      .selectAll()
      .where('id', '=', id)
      .$if(options.forUpdate === true, (q) => q.forUpdate())
      .executeTakeFirst()) as GroupRow | undefined;
    if (!row) throw notFound();
    return row;
  }
}

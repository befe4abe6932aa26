import type { Updateable } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isUuid } from '../domain/codes.ts';
import { DomainError } from '../domain/errors.ts';
import { type PageRequest, pageWindow } from '../domain/paging.ts';
import { isValidPermission } from '../domain/permissions.ts';
import { requireWithin } from '../domain/policy.ts';
import { type Actor, requirePermission } from '../domain/principal.ts';
import type { GroupView, Page } from '../domain/types.ts';
import { GroupRepository, type GroupRow } from '../repositories/groups.ts';
import { recordAudit } from './audit.ts';
import { type Em, inTransaction, type Tx, toIso } from './database.ts';
import { requireEffectiveWithinBounds } from './users/effective-permissions.ts';

export interface GroupInput {
  name: string;
  permissions: string[];
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
    const [rows, total] = await new GroupRepository(this.#fork()).page(pageWindow(page));
    return { data: rows.map(toView), total, nextCursor: null };
  }

  async get(actor: Actor, id: string): Promise<GroupView> {
    requirePermission(actor.principal, 'group:read');
    return toView(await find(this.#fork(), id));
  }

  async create(actor: Actor, input: GroupInput): Promise<GroupView> {
    const principal = requirePermission(actor.principal, 'group:write');
    validate(input);
    requireWithin(principal, input.permissions, 'make a group that grants more than you hold');
    try {
      return await inTransaction(this.#fork, async (tx) => {
        const row = await new GroupRepository(tx).insert({
          name: input.name,
          permissions: input.permissions,
        });
        await recordAudit(tx, actor, [
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
      return await inTransaction(this.#fork, async (tx) => {
        const before = await find(tx, id, { forUpdate: true });
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
        const update: Updateable<DB['groups']> = {
          name: input.name,
          permissions: input.permissions,
          updated_at: new Date(),
        };
        const row = await new GroupRepository(tx).update(id, update);
        if (input.permissions) await requireEffectiveWithinBounds(tx, { group: id });
        await recordAudit(tx, actor, [
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
    return inTransaction(this.#fork, async (tx) => {
      const row = await find(tx, id, { forUpdate: true });
      requireWithin(principal, row.permissions, 'delete a group that grants more than you hold');
      await new GroupRepository(tx).delete(id);
      await recordAudit(tx, actor, [
        { action: 'group.deleted', targetType: 'group', targetId: id, data: { name: row.name } },
      ]);
      return toView(row);
    });
  }
}

async function find(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<GroupRow> {
  if (!isUuid(id)) throw notFound();
  const row = await new GroupRepository(tx).findById(id, options);
  if (!row) throw notFound();
  return row;
}

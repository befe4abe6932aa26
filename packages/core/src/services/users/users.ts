import { sql } from 'kysely';
import { isUuid } from '../../domain/codes.ts';
import { DomainError } from '../../domain/errors.ts';
import { isValidPermission } from '../../domain/permissions.ts';
import { requireWithin } from '../../domain/policy.ts';
import { type Actor, requirePermission } from '../../domain/principal.ts';
import type { Page, UserView } from '../../domain/types.ts';
import { recordAudit } from '../audit.ts';
import { type Em, sqlOf } from '../database.ts';
import { checkGroups } from '../invites/grants.ts';
import { effectivePermissionsOf } from '../principals.ts';
import { requireEffectiveWithinBounds } from './effective-permissions.ts';
import { loadUserViews } from './user-views.ts';

export interface UpdateUserInput {
  permissions?: string[] | undefined;
  groups?: string[] | undefined;
}

function notFound(): DomainError {
  return new DomainError('USER_NOT_FOUND', 'No such user');
}

/** User administration: `user:read` and `user:write`. */
export class UserService {
  readonly #fork: () => Em;

  constructor(fork: () => Em) {
    this.#fork = fork;
  }

  async list(
    actor: Actor,
    page: { size?: number | undefined; number?: number | undefined } = {},
  ): Promise<Page<UserView>> {
    requirePermission(actor.principal, 'user:read');
    const size = page.size ?? 30;
    const number = page.number ?? 1;
    if (
      !Number.isInteger(size) ||
      size < 1 ||
      size > 100 ||
      !Number.isInteger(number) ||
      number < 1
    ) {
      throw new DomainError('INVALID_QUERY', 'page[size] is 1–100 and page[number] starts at 1');
    }
    const em = this.#fork();
    const k = sqlOf(em);
    const [ids, total] = await Promise.all([
      k
        .selectFrom('users')
        .select('id')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(size)
        .offset((number - 1) * size)
        .execute(),
      k.selectFrom('users').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    ]);
    const views = await loadUserViews(
      em,
      ids.map((r: { id: string }) => r.id),
    );
    return {
      data: ids.map((r: { id: string }) => views.get(r.id)!),
      total: total.n,
      nextCursor: null,
    };
  }

  async get(actor: Actor, id: string): Promise<UserView> {
    requirePermission(actor.principal, 'user:read');
    if (!isUuid(id)) throw notFound();
    const view = (await loadUserViews(this.#fork(), [id])).get(id);
    if (!view) throw notFound();
    return view;
  }

  /** Sets a user's direct permissions and groups (each replaces what was there). */
  async update(actor: Actor, id: string, input: UpdateUserInput): Promise<UserView> {
    const principal = requirePermission(actor.principal, 'user:write');
    if (!isUuid(id)) throw notFound();
    for (const [i, permission] of (input.permissions ?? []).entries()) {
      if (!isValidPermission(permission)) {
        throw new DomainError('INVALID_PERMISSION', `Invalid permission "${permission}"`, [
          { path: `permissions.${i}`, message: 'not a valid permission string' },
        ]);
      }
    }
    const em = this.#fork();
    await em.transactional(async (tx) => {
      const k = sqlOf(tx);
      const found = (await k
        .selectFrom('users')
        .select(effectivePermissionsOf(sql.ref('users.id')).as('permissions'))
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst()) as { permissions: string[] } | undefined;
      if (!found) throw notFound();
      // R21: only someone holding everything the user holds changes them (no narrow key
      // demotes a wider user), and only within what they hold themselves.
      requireWithin(principal, found.permissions, 'change a user who holds more than you');
      requireWithin(principal, input.permissions ?? [], 'grant these permissions');
      await checkGroups(tx, principal, input.groups);
      if (input.permissions !== undefined) {
        await k
          .updateTable('users')
          .set({ permissions: input.permissions, updated_at: new Date() })
          .where('id', '=', id)
          .execute();
      }
      if (input.groups !== undefined) {
        await k.deleteFrom('user_groups').where('user_id', '=', id).execute();
        const groups = [...new Set(input.groups)];
        if (groups.length > 0) {
          await k
            .insertInto('user_groups')
            .values(groups.map((group_id) => ({ user_id: id, group_id })))
            .execute();
        }
      }
      await requireEffectiveWithinBounds(tx, { users: [id] });
      await recordAudit(tx, actor, [
        {
          action: 'user.updated',
          targetType: 'user',
          targetId: id,
          data: { permissions: input.permissions, groups: input.groups },
        },
      ]);
    });
    return (await loadUserViews(em, [id])).get(id)!;
  }
}

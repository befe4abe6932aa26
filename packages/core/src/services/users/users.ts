import { isUuid } from '../../domain/codes.ts';
import { DomainError } from '../../domain/errors.ts';
import { USER_SEARCH_MAX_LENGTH } from '../../domain/limits.ts';
import { type PageRequest, pageWindow } from '../../domain/paging.ts';
import { isValidPermission } from '../../domain/permissions.ts';
import { requireWithin } from '../../domain/policy.ts';
import { type Actor, requirePermission } from '../../domain/principal.ts';
import type { Page, UserView } from '../../domain/types.ts';
import { UserRepository } from '../../repositories/users.ts';
import { recordAudit } from '../audit.ts';
import { type Em, inTransaction } from '../database.ts';
import { checkGroups } from '../invites/grants.ts';
import { requireEffectiveWithinBounds } from './effective-permissions.ts';
import { loadUserViews } from './user-views.ts';

export interface UpdateUserInput {
  permissions?: string[] | undefined;
  groups?: string[] | undefined;
}

export interface UserFilter {
  /** Part of a username, email or name, in any case. */
  search?: string | undefined;
}

/** The search as matched, or undefined for none; 400 INVALID_QUERY when it cannot be one. */
function searchTerm(search: string | undefined): string | undefined {
  if (search === undefined) return undefined;
  const invalid = (message: string) =>
    new DomainError('INVALID_QUERY', message, [{ path: 'filter[search]', message }]);
  if (search.length > USER_SEARCH_MAX_LENGTH) {
    throw invalid(`at most ${USER_SEARCH_MAX_LENGTH} characters`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (/[\u0000-\u001f\u007f-\u009f]/.test(search)) throw invalid('no control characters');
  const term = search.trim();
  return term === '' ? undefined : term;
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
    page: PageRequest = {},
    filter: UserFilter = {},
  ): Promise<Page<UserView>> {
    requirePermission(actor.principal, 'user:read');
    const window = pageWindow(page, 30);
    const search = searchTerm(filter.search);
    const em = this.#fork();
    const { ids, total } = await new UserRepository(em).page(window, search);
    const views = await loadUserViews(em, ids);
    return { data: ids.map((id) => views.get(id)!), total, nextCursor: null };
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
    await inTransaction(this.#fork, async (tx) => {
      const users = new UserRepository(tx);
      const held = await users.lockEffectivePermissions(id);
      if (!held) throw notFound();
      // R21: only someone holding everything the user holds changes them (no narrow key
      // demotes a wider user), and only within what they hold themselves.
      requireWithin(principal, held, 'change a user who holds more than you');
      requireWithin(principal, input.permissions ?? [], 'grant these permissions');
      await checkGroups(tx, principal, input.groups);
      if (input.permissions !== undefined) await users.setPermissions(id, input.permissions);
      if (input.groups !== undefined) await users.replaceGroups(id, input.groups);
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
    return (await loadUserViews(this.#fork(), [id])).get(id)!;
  }
}

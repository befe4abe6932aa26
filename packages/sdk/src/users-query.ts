import type { UsersListQuery, UsersPageQuery } from './types.ts';

/**
 * `users.list`'s input from either form it takes: a bare page (`{ size, number }`, what it
 * took first) or the full `{ filter, page }` query.
 */
export function usersListInput(query?: UsersListQuery | UsersPageQuery): UsersListQuery {
  if (query === undefined) return {};
  return 'filter' in query || 'page' in query
    ? (query as UsersListQuery)
    : { page: query as UsersPageQuery };
}

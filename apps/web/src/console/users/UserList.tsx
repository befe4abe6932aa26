import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { useSession } from '../../session.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { Time } from '../../ui/Time.tsx';
import { LoadError } from './needs.tsx';
import { useDebounced } from './useDebounced.ts';

const PAGE_SIZE = 20;

/** Every user, newest first, found by part of a username, email or name. */
export function UserList() {
  const { client, token } = useSession();
  const [search, setSearch] = useState('');
  const [number, setNumber] = useState(1);
  const settled = useDebounced(search.trim(), 300);
  const query = {
    ...(settled ? { filter: { search: settled } } : {}),
    page: { size: PAGE_SIZE, number },
  };
  const users = useQuery({
    queryKey: ['users', token, query],
    // The page's number travels with its rows, so a page still shown keeps its own number.
    queryFn: async () => ({ ...(await client.users.list(query)), number }),
    placeholderData: keepPreviousData,
  });
  const pages = users.data ? Math.max(1, Math.ceil(users.data.total / PAGE_SIZE)) : 1;
  return (
    <section aria-labelledby="page-title">
      <h2 id="page-title">Users</h2>
      <form className="admin-search" aria-label="Find users" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search users
          <input
            type="search"
            value={search}
            maxLength={200}
            placeholder="Username, email or name"
            onChange={(event) => {
              setSearch(event.target.value);
              setNumber(1);
            }}
          />
        </label>
      </form>
      <LoadError error={users.error} what="Listing users" permission="user:read" />
      {users.data && users.data.total === 0 && (
        <EmptyState title={settled ? `No user matches “${settled}”.` : 'No users yet.'}>
          {settled
            ? 'Try part of a username, an email address or a name.'
            : 'People appear here once they register, with an invite or without.'}
        </EmptyState>
      )}
      {users.data && users.data.total > 0 && (
        <>
          <p aria-live="polite">
            {users.data.total.toLocaleString()} user{users.data.total === 1 ? '' : 's'} · page{' '}
            {users.data.number} of {pages}
          </p>
          <TableWrap label="Users table" busy={users.isPlaceholderData}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Username</th>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Groups</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {users.data.data.map((user) => (
                  <tr key={user.id}>
                    <td>
                      <Link href={`/${user.id}`}>{user.username}</Link>
                    </td>
                    <td>{user.name ?? '—'}</td>
                    <td>
                      {user.email}{' '}
                      <span className="badge">
                        {user.emailVerified ? 'verified' : 'unverified'}
                      </span>
                    </td>
                    <td>{user.groups.map((group) => group.name).join(', ') || '—'}</td>
                    <td>
                      <Time iso={user.createdAt} dateOnly />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <nav className="pager" aria-label="Pages of users">
            <button type="button" disabled={number <= 1} onClick={() => setNumber(number - 1)}>
              Previous
            </button>
            <button type="button" disabled={number >= pages} onClick={() => setNumber(number + 1)}>
              Next
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

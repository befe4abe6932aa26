import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import './users/admin.css';
import { useSession } from '../session.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { TableWrap } from '../ui/TableWrap.tsx';
import { Time } from '../ui/Time.tsx';
import { CreateGroup, EditGroup } from './groups/GroupForms.tsx';
import { LoadError } from './users/needs.tsx';

/** Groups: named sets of permissions that users join. List, create, edit, delete. */
export function Groups() {
  const { client, token } = useSession();
  const [editing, setEditing] = useState<string | null>(null);
  const groups = useQuery({
    queryKey: ['groups', token],
    queryFn: () => client.groups.list(),
  });
  const selected = groups.data?.find((group) => group.id === editing);
  return (
    <>
      <section aria-labelledby="page-title">
        <h2 id="page-title">Groups</h2>
        <LoadError error={groups.error} what="Listing groups" permission="group:read" />
        {groups.data?.length === 0 && (
          <EmptyState title="No groups yet.">
            A group grants its permissions to every user in it. Create one below, then add users to
            it from their page under Users.
          </EmptyState>
        )}
        {groups.data && groups.data.length > 0 && (
          <TableWrap label="Groups table">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Permissions</th>
                  <th scope="col">Changed</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {groups.data.map((group) => (
                  <tr key={group.id} aria-selected={group.id === editing}>
                    <th scope="row">{group.name}</th>
                    <td>
                      {group.permissions.length === 0 ? (
                        <span className="hint">none</span>
                      ) : (
                        <ul className="tags">
                          {group.permissions.map((p) => (
                            <li key={p}>{p}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>
                      <Time iso={group.updatedAt} dateOnly />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`Edit ${group.name}`}
                        onClick={() => setEditing(group.id)}
                      >
                        Edit
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      {selected && (
        <EditGroup key={selected.updatedAt} group={selected} onDone={() => setEditing(null)} />
      )}
      <CreateGroup />
    </>
  );
}

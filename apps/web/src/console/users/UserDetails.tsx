import type { Group, User } from '@guestlist/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { useSession } from '../../session.tsx';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Time } from '../../ui/Time.tsx';
import { useToast } from '../../ui/toast.tsx';
import { PermissionPicker } from '../PermissionPicker.tsx';
import { failurePrefix, LoadError } from './needs.tsx';

/** One user: who they are, their direct permissions and groups to edit, and what that adds up to. */
export function UserDetails({ id }: { id: string }) {
  const { client, token } = useSession();
  const user = useQuery({
    queryKey: ['user', token, id],
    queryFn: () => client.users.get(id),
  });
  const u = user.data;
  return (
    <section aria-labelledby="page-title">
      <p>
        <Link href="/">← All users</Link>
      </p>
      <h2 id="page-title">{u ? `User ${u.username}` : 'User'}</h2>
      <LoadError error={user.error} what="Reading a user" permission="user:read" />
      {u && (
        <>
          <dl>
            <dt>Name</dt>
            <dd>{u.name ?? '—'}</dd>
            <dt>Email</dt>
            <dd>
              {u.email} <span className="badge">{u.emailVerified ? 'verified' : 'unverified'}</span>
            </dd>
            <dt>Created</dt>
            <dd>
              <Time iso={u.createdAt} />
            </dd>
            <dt>Id</dt>
            <dd className="id">{u.id}</dd>
          </dl>
          {/* Starts again from what the server holds after each save. */}
          <AccessForm key={JSON.stringify([u.permissions, u.groups])} user={u} />
          <h3>Effective permissions</h3>
          <p className="hint">Direct permissions and those of the user’s groups, together.</p>
          {u.effectivePermissions.length === 0 ? (
            <EmptyState title="None.">
              Grant a permission or add a group above to let this user do more than their own
              account allows.
            </EmptyState>
          ) : (
            <ul className="tags" aria-label="Effective permissions">
              {u.effectivePermissions.map((permission) => (
                <li key={permission}>{permission}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function AccessForm({ user }: { user: User }) {
  const { client, token } = useSession();
  const toast = useToast();
  const queries = useQueryClient();
  const [permissions, setPermissions] = useState<string[]>(user.permissions);
  const [groupIds, setGroupIds] = useState<string[]>(user.groups.map((group) => group.id));
  const groups = useQuery({
    queryKey: ['groups', token],
    queryFn: () => client.groups.list(),
  });
  const save = useMutation({
    mutationFn: () => client.users.update(user.id, { permissions, groups: groupIds }),
    onSuccess: (saved) => {
      queries.setQueryData(['user', token, user.id], saved);
      void queries.invalidateQueries({ queryKey: ['users'] });
      toast.success(`Saved ${saved.username}’s permissions and groups.`);
    },
    onError: (error) =>
      toast.error(failurePrefix('Could not save the user', error, 'user:write'), error),
  });
  const removedPermissions = user.permissions.filter((p) => !permissions.includes(p));
  const removedGroups = user.groups.filter((group) => !groupIds.includes(group.id));
  const removes = removedPermissions.length > 0 || removedGroups.length > 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Enter in a field saves only what takes nothing away; a removal is confirmed first.
    if (!removes) save.mutate();
  };
  return (
    <form onSubmit={submit} aria-labelledby="access-title">
      <h3 id="access-title">Permissions and groups</h3>
      <PermissionPicker legend="Direct permissions" value={permissions} onChange={setPermissions} />
      <GroupChoices
        groups={groups.data}
        error={groups.error}
        chosen={groupIds}
        onChange={setGroupIds}
      />
      <div className="actions">
        {removes ? (
          <ConfirmButton
            action="Save changes"
            title={`Take access away from ${user.username}?`}
            onConfirm={() => save.mutate()}
            disabled={save.isPending}
          >
            <p>{user.username} loses the following, unless something they keep still grants it:</p>
            <ul>
              {removedPermissions.map((p) => (
                <li key={p}>
                  the permission <code>{p}</code>
                </li>
              ))}
              {removedGroups.map((group) => (
                <li key={group.id}>what the group {group.name} grants</li>
              ))}
            </ul>
            <p>Their API keys narrow at once.</p>
          </ConfirmButton>
        ) : (
          <button type="submit" disabled={save.isPending}>
            Save changes
          </button>
        )}
      </div>
    </form>
  );
}

function GroupChoices({
  groups,
  error,
  chosen,
  onChange,
}: {
  groups: Group[] | undefined;
  error: unknown;
  chosen: string[];
  onChange(ids: string[]): void;
}) {
  return (
    <fieldset>
      <legend>Groups</legend>
      <LoadError error={error} what="Listing groups" permission="group:read" />
      {groups?.length === 0 && (
        <p className="hint">No groups yet: create one under Groups to grant several at once.</p>
      )}
      <div className="permission-choices">
        {groups?.map((group) => (
          <label key={group.id}>
            <input
              type="checkbox"
              checked={chosen.includes(group.id)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? [...chosen, group.id]
                    : chosen.filter((id) => id !== group.id),
                )
              }
            />
            <span>
              {group.name}
              <span className="hint">{group.permissions.join(', ') || 'no permissions'}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

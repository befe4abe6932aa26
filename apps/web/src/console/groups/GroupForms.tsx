import type { Group } from '@guestlist/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSession } from '../../session.tsx';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { useToast } from '../../ui/toast.tsx';
import { PermissionPicker } from '../PermissionPicker.tsx';
import { failurePrefix } from '../users/needs.tsx';

/** A new group: its name and permissions. */
export function CreateGroup() {
  const { client } = useSession();
  const toast = useToast();
  const queries = useQueryClient();
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState<string[]>([]);
  const [round, setRound] = useState(0);
  const create = useMutation({
    mutationFn: () => client.groups.create({ name: name.trim(), permissions }),
    onSuccess: (group) => {
      void queries.invalidateQueries({ queryKey: ['groups'] });
      toast.success(`Group ${group.name} created.`);
      setName('');
      setPermissions([]);
      setRound(round + 1);
    },
    onError: (error) =>
      toast.error(failurePrefix('Could not create the group', error, 'group:write'), error),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <section aria-labelledby="create-group-title">
      <h2 id="create-group-title">New group</h2>
      <form onSubmit={submit}>
        <label>
          Name
          <input value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <PermissionPicker
          key={round}
          legend="Its permissions"
          value={permissions}
          onChange={setPermissions}
        />
        <div className="actions">
          <button type="submit" disabled={create.isPending}>
            Create group
          </button>
        </div>
      </form>
    </section>
  );
}

/** One group's name and permissions to change, and its deletion. */
export function EditGroup({ group, onDone }: { group: Group; onDone(): void }) {
  const { client } = useSession();
  const toast = useToast();
  const queries = useQueryClient();
  const [name, setName] = useState(group.name);
  const [permissions, setPermissions] = useState<string[]>(group.permissions);
  const refresh = () => {
    void queries.invalidateQueries({ queryKey: ['groups'] });
    // Members' effective permissions change with the group.
    void queries.invalidateQueries({ queryKey: ['user'] });
    void queries.invalidateQueries({ queryKey: ['users'] });
  };
  const save = useMutation({
    mutationFn: () => client.groups.update(group.id, { name: name.trim(), permissions }),
    onSuccess: (saved) => {
      refresh();
      toast.success(`Group ${saved.name} saved.`);
      onDone();
    },
    onError: (error) =>
      toast.error(failurePrefix('Could not save the group', error, 'group:write'), error),
  });
  const remove = useMutation({
    mutationFn: () => client.groups.delete(group.id),
    onSuccess: (deleted) => {
      refresh();
      toast.success(`Group ${deleted.name} deleted.`);
      onDone();
    },
    onError: (error) =>
      toast.error(failurePrefix('Could not delete the group', error, 'group:write'), error),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <section aria-labelledby="edit-group-title" className="details">
      <h2 id="edit-group-title">Group {group.name}</h2>
      <form onSubmit={submit}>
        <label>
          Name
          <input value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <PermissionPicker legend="Its permissions" value={permissions} onChange={setPermissions} />
        <div className="actions">
          <button type="submit" disabled={save.isPending}>
            Save group
          </button>
          <button type="button" className="secondary" onClick={onDone}>
            Close
          </button>
          <ConfirmButton
            action="Delete group"
            title={`Delete the group ${group.name}?`}
            onConfirm={() => remove.mutate()}
            disabled={remove.isPending}
          >
            <p>
              Its members lose what it granted
              {group.permissions.length > 0 ? ` (${group.permissions.join(', ')})` : ''}, unless
              they hold it directly or through another group, and their API keys narrow at once.
              Invites that add people to it no longer do. This cannot be undone.
            </p>
          </ConfirmButton>
        </div>
      </form>
    </section>
  );
}

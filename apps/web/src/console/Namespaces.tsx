import type { NamespacePath } from '@guestlist/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorText, useSession } from '../session.tsx';

const RECENT_KEY = 'guestlist.namespaces';

/**
 * The namespaces this browser created or opened: the API has no "my namespaces" list (the
 * spec defines none), so the console remembers them.
 */
function useRecent(): [NamespacePath[], (path: NamespacePath) => void] {
  const [recent, setRecent] = useState<NamespacePath[]>(() => {
    try {
      return JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as NamespacePath[];
    } catch {
      return [];
    }
  });
  const remember = (path: NamespacePath) =>
    setRecent((current) => {
      const next = [path, ...current.filter((p) => p !== path)].slice(0, 10);
      localStorage.setItem(RECENT_KEY, JSON.stringify(next));
      return next;
    });
  return [recent, remember];
}

/** A signed-in user's namespaces: create one, open one by path, its collaborators and invites. */
export function Namespaces() {
  const { client } = useSession();
  const [openPath, setOpenPath] = useState<NamespacePath | null>(null);
  const [recent, remember] = useRecent();
  const open = openPath;
  const setOpen = (path: NamespacePath) => {
    remember(path);
    setOpenPath(path);
  };
  const create = useMutation({
    mutationFn: (name: string) => client.namespaces.create({ name }),
    onSuccess: (namespace) => setOpen(namespace.path as NamespacePath),
  });
  const submitCreate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate(String(new FormData(event.currentTarget).get('name')));
  };
  const submitOpen = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setOpen(String(new FormData(event.currentTarget).get('path')).trim() as NamespacePath);
  };
  return (
    <>
      <section aria-labelledby="ns-title">
        <h2 id="ns-title">Namespaces</h2>
        <form onSubmit={submitCreate} className="inline-form" aria-label="Create a namespace">
          <label>
            New namespace
            <input name="name" required pattern="[A-Za-z0-9][A-Za-z0-9._\-]*" />
          </label>
          <button type="submit" disabled={create.isPending}>
            Create
          </button>
        </form>
        <ErrorText error={create.error} />
        <form onSubmit={submitOpen} className="inline-form" aria-label="Open a namespace">
          <label>
            Open
            <input name="path" placeholder="owner/name" required pattern="[^\/]+\/[^\/]+" />
          </label>
          <button type="submit" className="secondary">
            Open
          </button>
        </form>
        {recent.length > 0 && (
          <nav aria-label="Recent namespaces" className="actions">
            {recent.map((path) => (
              <button
                key={path}
                type="button"
                className="secondary"
                aria-current={path === open ? 'true' : undefined}
                onClick={() => setOpen(path)}
              >
                {path}
              </button>
            ))}
          </nav>
        )}
      </section>
      {open && <NamespaceView key={open} path={open} />}
    </>
  );
}

function NamespaceView({ path }: { path: NamespacePath }) {
  const { client, token } = useSession();
  const queries = useQueryClient();
  const namespace = useQuery({
    queryKey: ['namespace', token, path],
    queryFn: () => client.namespaces.get(path),
  });
  const collaborators = useQuery({
    queryKey: ['collaborators', token, path],
    queryFn: () => client.namespaces.collaborators(path),
  });
  const invites = useQuery({
    queryKey: ['namespace-invites', token, path],
    queryFn: () => client.namespaces.invites(path),
  });
  const refresh = () => {
    void queries.invalidateQueries({ queryKey: ['collaborators', token, path] });
    void queries.invalidateQueries({ queryKey: ['namespace-invites', token, path] });
  };
  const invite = useMutation({
    mutationFn: (form: FormData) =>
      client.namespaces.invite(path, {
        handle: String(form.get('handle')).trim(),
        role: form.get('role') === 'admin' ? 'admin' : 'member',
      }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (username: string) => client.namespaces.removeCollaborator(path, username),
    onSuccess: refresh,
  });
  const submitInvite = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    invite.mutate(new FormData(event.currentTarget));
    event.currentTarget.reset();
  };
  if (namespace.isError) return <ErrorText error={namespace.error} />;
  return (
    <section aria-labelledby="ns-view-title">
      <h2 id="ns-view-title">{namespace.data?.path ?? path}</h2>
      <h3>Collaborators</h3>
      <ul>
        {collaborators.data?.map((c) => (
          <li key={c.user.id}>
            {c.user.username} ({c.role}){' '}
            {c.role !== 'owner' && (
              <button type="button" className="link" onClick={() => remove.mutate(c.user.username)}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorText error={collaborators.error ?? remove.error} />
      <h3>Invite by username or email</h3>
      <form onSubmit={submitInvite} className="inline-form" aria-label="Invite a collaborator">
        <label>
          Username or email
          <input name="handle" required />
        </label>
        <label>
          Role
          <select name="role" defaultValue="member">
            <option value="member">member</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <button type="submit" disabled={invite.isPending}>
          Invite
        </button>
      </form>
      <ErrorText error={invite.error} />
      {invite.data?.url && (
        <p role="status">
          Invited. Link: <span className="mono">{invite.data.url}</span>
        </p>
      )}
      <h3>Invites</h3>
      <ErrorText error={invites.error} />
      <ul>
        {invites.data?.data.map((i) => (
          <li key={i.id}>
            {i.email ?? i.inviteeId ?? '—'} · {i.role} · {i.status}
          </li>
        ))}
      </ul>
    </section>
  );
}

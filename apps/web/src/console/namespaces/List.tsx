import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { ErrorText, useSession } from '../../session.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { Time } from '../../ui/Time.tsx';
import { useToast } from '../../ui/toast.tsx';
import { namespaceHref, useMemberships } from './queries.ts';

/** The namespaces the person owns or collaborates in, with their role; and a new one. */
export function MyNamespaces() {
  const memberships = useMemberships();
  return (
    <section aria-labelledby="ns-title">
      <h2 id="ns-title">Namespaces</h2>
      <ErrorText error={memberships.error} />
      {memberships.isPending && <p className="loading">Loading your namespaces…</p>}
      {memberships.data?.length === 0 && (
        <EmptyState title="You are in no namespace yet">
          Create a namespace below, or ask someone to invite you to theirs.
        </EmptyState>
      )}
      {memberships.data && memberships.data.length > 0 && (
        <TableWrap label="Namespaces table">
          <table>
            <caption className="visually-hidden">Namespaces you belong to</caption>
            <thead>
              <tr>
                <th scope="col">Namespace</th>
                <th scope="col">Your role</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {memberships.data.map((m) => (
                <tr key={m.namespace.id}>
                  <th scope="row">
                    <Link href={namespaceHref(m.namespace.path)}>{m.namespace.path}</Link>
                    {m.namespace.description && (
                      <span className="hint ns-description">{m.namespace.description}</span>
                    )}
                  </th>
                  <td>{m.role}</td>
                  <td>
                    <Time iso={m.since} dateOnly />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <CreateNamespace />
    </section>
  );
}

function CreateNamespace() {
  const { client, token } = useSession();
  const queries = useQueryClient();
  const toast = useToast();
  const [, navigate] = useLocation();
  const create = useMutation({
    mutationFn: (form: FormData) => {
      const description = String(form.get('description') ?? '').trim();
      return client.namespaces.create({
        name: String(form.get('name')).trim(),
        ...(description ? { description } : {}),
      });
    },
    onSuccess: (namespace) => {
      void queries.invalidateQueries({ queryKey: ['memberships', token] });
      toast.success(`Namespace ${namespace.path} created.`);
      navigate(namespaceHref(namespace.path));
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate(new FormData(event.currentTarget));
  };
  return (
    <>
      <h3>Create a namespace</h3>
      <form onSubmit={submit} className="inline-form" aria-label="Create a namespace">
        <label>
          Name
          <input
            name="name"
            required
            maxLength={100}
            pattern="[a-z0-9][a-z0-9._\-]*"
            aria-describedby="ns-name-hint"
          />
        </label>
        <label>
          Description <span className="hint">(optional)</span>
          <input name="description" maxLength={1000} />
        </label>
        <button type="submit" disabled={create.isPending}>
          Create
        </button>
      </form>
      <p id="ns-name-hint" className="hint">
        Lowercase letters, digits, dots, dashes and underscores. Its path will be your username, a
        slash and this name.
      </p>
      <ErrorText error={create.error} />
    </>
  );
}

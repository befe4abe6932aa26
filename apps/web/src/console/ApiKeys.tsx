import type { ApiKey, CreatedApiKey } from '@guestlist/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorText, useMe, useSession } from '../session.tsx';
import { ConfirmButton } from '../ui/ConfirmButton.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { useSingleFlight } from '../ui/single-flight.ts';
import { TableWrap } from '../ui/TableWrap.tsx';
import { Time } from '../ui/Time.tsx';
import { useToast } from '../ui/toast.tsx';
import { LoadError } from './NeedsPermission.tsx';
import { PermissionPicker } from './PermissionPicker.tsx';
import { SecretOnce } from './SecretOnce.tsx';
import './api-keys.css';

/** API keys: who may call the API as a server, with which permissions; create and revoke. */
export function ApiKeys() {
  const { client, token } = useSession();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const keys = useQuery({
    queryKey: ['api-keys', token],
    queryFn: () => client.apiKeys.list(),
  });
  return (
    <section aria-labelledby="page-title" className="api-keys">
      <h2 id="page-title">API keys</h2>
      <p className="hint">
        A key lets a server call Guestlist's API with the permissions you give it. Send it as{' '}
        <code>Authorization: Bearer gl_…</code>.
      </p>
      {created ? (
        <SecretOnce
          title={`Your new API key “${created.name}”`}
          secret={created.secret}
          what="API key"
          onDone={() => setCreated(null)}
        >
          <p>
            Store it where your server reads its secrets. If it is lost, revoke it and make another.
          </p>
        </SecretOnce>
      ) : (
        <CreateKey onCreated={setCreated} />
      )}
      <h3>Keys</h3>
      {keys.isPending ? (
        <p>Loading keys…</p>
      ) : keys.isError ? (
        <LoadError error={keys.error} permission="apikey:write" purpose="manage API keys" />
      ) : keys.data.length === 0 ? (
        <EmptyState title="No API keys yet">
          Create one above for each server that calls Guestlist, with only the permissions it needs.
        </EmptyState>
      ) : (
        <KeysTable keys={keys.data} />
      )}
    </section>
  );
}

function CreateKey({ onCreated }: { onCreated(key: CreatedApiKey): void }) {
  const { client, token } = useSession();
  const me = useMe();
  const queries = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState<string[]>([]);
  const [picker, setPicker] = useState(0);
  const once = useSingleFlight();
  const create = useMutation({
    mutationFn: () => client.apiKeys.create({ name: name.trim(), permissions }),
    // The answer holds the secret: the page's state shows it once, no cache keeps it after.
    gcTime: 0,
    onSuccess: (key) => {
      toast.success(`API key “${key.name}” created.`);
      setName('');
      setPermissions([]);
      setPicker((n) => n + 1);
      void queries.invalidateQueries({ queryKey: ['api-keys', token] });
      onCreated(key);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    once(() => create.mutateAsync());
  };
  return (
    <form onSubmit={submit} aria-labelledby="create-key-title">
      <h3 id="create-key-title">Create a key</h3>
      <label>
        Name
        <input
          value={name}
          required
          maxLength={100}
          placeholder="billing-service"
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      <PermissionPicker
        key={picker}
        legend="Permissions of this key"
        value={permissions}
        onChange={setPermissions}
        grantable={me.data?.effectivePermissions}
      />
      <div className="actions">
        <button type="submit" disabled={create.isPending || permissions.length === 0}>
          Create key
        </button>
        {permissions.length === 0 && <span className="hint">Pick at least one permission.</span>}
      </div>
      <ErrorText error={create.error} />
    </form>
  );
}

function KeysTable({ keys }: { keys: ApiKey[] }) {
  const { client, token } = useSession();
  const queries = useQueryClient();
  const toast = useToast();
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => client.apiKeys.revoke(key.id),
    onSuccess: (key) => {
      toast.success(`API key “${key.name}” revoked.`);
      void queries.invalidateQueries({ queryKey: ['api-keys', token] });
    },
    onError: (error) => toast.error('Could not revoke the key', error),
  });
  return (
    <TableWrap label="API keys table">
      <table>
        <caption className="visually-hidden">API keys, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Permissions</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id}>
              <th scope="row">
                {key.name} <code className="hint">{key.prefix}…</code>
              </th>
              <td>
                <ul className="permissions">
                  {key.permissions.map((permission) => (
                    <li key={permission}>
                      <code>{permission}</code>
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <Time iso={key.createdAt} />
              </td>
              <td>
                <Time iso={key.lastUsedAt} />
              </td>
              <td>
                {key.revokedAt ? (
                  <>
                    Revoked <Time iso={key.revokedAt} />
                  </>
                ) : (
                  <ConfirmButton
                    action="Revoke"
                    label={`Revoke the key ${key.name}`}
                    title={`Revoke the key “${key.name}”?`}
                    disabled={revoke.isPending}
                    onConfirm={() => revoke.mutate(key)}
                  >
                    Every request with it is refused from now on (401). This cannot be undone: a
                    server using it needs a new key.
                  </ConfirmButton>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

import {
  type Invite,
  type InviteStatus,
  invitableRoles,
  inviteStatuses,
  isPermitted,
} from '@guestlist/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorText, useMe, useSession } from '../../session.tsx';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { Copyable, CopyButton } from '../../ui/CopyButton.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { Time } from '../../ui/Time.tsx';
import { useToast } from '../../ui/toast.tsx';
import { asPath } from './queries.ts';

type InvitableRole = (typeof invitableRoles)[number];

/** Whom an invite is for: the address it is bound to, or an account named by its username. */
const invitee = (invite: Invite) => invite.email ?? 'an account, by username';

/** Invites a collaborator by username or email, with a role below the owner's. */
export function InviteSomeone({ path }: { path: string }) {
  const { client, token } = useSession();
  const queries = useQueryClient();
  const toast = useToast();
  const invite = useMutation({
    mutationFn: (input: { handle: string; role: InvitableRole }) =>
      client.namespaces.invite(asPath(path), input),
    onSuccess: (_invite, { handle }) => {
      void queries.invalidateQueries({ queryKey: ['namespace-invites', token, path] });
      toast.success(`Invited ${handle} to ${path}.`);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const role = invitableRoles.find((r) => r === form.get('role')) ?? 'member';
    invite.mutate({ handle: String(form.get('handle')).trim(), role });
    event.currentTarget.reset();
  };
  return (
    <section aria-labelledby="invite-someone-title">
      <h3 id="invite-someone-title">Invite someone</h3>
      <form onSubmit={submit} className="inline-form" aria-label="Invite a collaborator">
        <label>
          Username or email
          <input name="handle" required autoComplete="off" maxLength={320} />
        </label>
        <label>
          Role
          <select name="role" defaultValue="member">
            {invitableRoles.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={invite.isPending}>
          Invite
        </button>
      </form>
      <p className="hint">
        They get an email with the link. An address nobody has proven yet is invited as itself:
        whoever proves it may accept.
      </p>
      <ErrorText error={invite.error} />
      {invite.data?.url && (
        <p role="status">
          Invited {invitee(invite.data)}. The link, if you want to pass it on yourself:{' '}
          <Copyable text={invite.data.url} what="invite link" />
        </p>
      )}
    </section>
  );
}

/** The namespace's invites, by status: each link to copy, a pending one to cancel. */
export function NamespaceInvites({ path }: { path: string }) {
  const { client, token } = useSession();
  const me = useMe();
  const queries = useQueryClient();
  const toast = useToast();
  const [status, setStatus] = useState<InviteStatus | ''>('pending');
  const invites = useQuery({
    queryKey: ['namespace-invites', token, path, status],
    queryFn: () => client.namespaces.invites(asPath(path), status || undefined),
  });
  const cancel = useMutation({
    mutationFn: (invite: Invite) => client.invites.cancel(invite.id),
    onSuccess: (invite) => {
      void queries.invalidateQueries({ queryKey: ['namespace-invites', token, path] });
      toast.success(`The invite for ${invitee(invite)} is canceled.`);
    },
    onError: (error) => toast.error('Could not cancel the invite', error),
  });
  // The server lets the inviter, or a holder of invite:write, cancel (spec §5).
  const mayCancel = (invite: Invite) =>
    !!me.data &&
    (invite.inviterId === me.data.id || isPermitted(me.data.effectivePermissions, 'invite:write'));
  const rows = invites.data?.data ?? [];
  return (
    <section aria-labelledby="ns-invites-title">
      <h3 id="ns-invites-title">Invites</h3>
      <form
        className="filters"
        aria-label="Filter the invites"
        onSubmit={(e) => e.preventDefault()}
      >
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as InviteStatus | '')}>
            <option value="">Any</option>
            {inviteStatuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorText error={invites.error} />
      {invites.data && rows.length === 0 && (
        <EmptyState title={status ? `No ${status} invites` : 'No invites yet'}>
          Invite someone with the form above; their invite shows here until they answer.
        </EmptyState>
      )}
      {rows.length > 0 && (
        <TableWrap label="Invites table">
          <table>
            <thead>
              <tr>
                <th scope="col">For</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Invited by</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((invite) => (
                <tr key={invite.id}>
                  <th scope="row">{invitee(invite)}</th>
                  <td>{invite.role ?? 'member'}</td>
                  <td>{invite.status}</td>
                  <td>{invite.inviter?.username ?? '—'}</td>
                  <td>
                    <Time iso={invite.expiresAt} />
                  </td>
                  <td className="ns-row-actions">
                    {invite.url && invite.status === 'pending' && (
                      <CopyButton text={invite.url} what={`invite link for ${invitee(invite)}`} />
                    )}
                    {invite.status === 'pending' && mayCancel(invite) && (
                      <ConfirmButton
                        action="Cancel"
                        title={`Cancel the invite for ${invitee(invite)}?`}
                        label={`Cancel the invite for ${invitee(invite)}`}
                        disabled={cancel.isPending}
                        onConfirm={() => cancel.mutate(invite)}
                      >
                        <p>Its link stops working at once. This cannot be undone.</p>
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorText, useSession } from '../session.tsx';
import { ConfirmButton } from '../ui/ConfirmButton.tsx';
import { Copyable } from '../ui/CopyButton.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { Time } from '../ui/Time.tsx';
import { useToast } from '../ui/toast.tsx';

const DONE = {
  cancel: 'Invite canceled.',
  resend: 'Invite email sent again.',
  delete: 'Invite deleted.',
};
const FAILED = {
  cancel: 'Could not cancel the invite',
  resend: 'Could not resend the invite',
  delete: 'Could not delete the invite',
};

/** One invite: its fields, its audit trail and its redemptions, with the actions it allows. */
export function InviteDetails({ id, onClose }: { id: string; onClose: () => void }) {
  const { client, token } = useSession();
  const queries = useQueryClient();
  const toast = useToast();
  const invite = useQuery({
    queryKey: ['invite', token, id],
    queryFn: () => client.invites.get(id),
  });
  const audit = useQuery({
    queryKey: ['audit', token, id],
    queryFn: () => client.audit.list({ filter: { inviteId: id } }),
  });
  const redemptions = useQuery({
    queryKey: ['redemptions', token, id],
    queryFn: () => client.invites.redemptions(id),
  });
  const refresh = () => {
    void queries.invalidateQueries({ queryKey: ['invites'] });
    void queries.invalidateQueries({ queryKey: ['invite', token, id] });
    void queries.invalidateQueries({ queryKey: ['audit', token, id] });
  };
  const act = useMutation({
    mutationFn: (action: 'cancel' | 'resend' | 'delete') =>
      action === 'cancel'
        ? client.invites.cancel(id)
        : action === 'resend'
          ? client.invites.resend(id, { extend: true })
          : client.invites.delete(id),
    onSuccess: (_result, action) => {
      refresh();
      toast.success(DONE[action]);
      if (action === 'delete') onClose();
    },
    onError: (error, action) => toast.error(FAILED[action], error),
  });
  const i = invite.data;
  return (
    <section aria-labelledby="details-title" className="details">
      <h2 id="details-title">Invite {i?.code ?? id}</h2>
      <button type="button" className="secondary" onClick={onClose}>
        Close
      </button>
      <ErrorText error={invite.error} />
      {i && (
        <>
          <dl>
            <dt>Status</dt>
            <dd>{i.status}</dd>
            {i.url && (
              <>
                <dt>Link</dt>
                <dd>
                  <Copyable text={i.url} what="invite link" />
                </dd>
              </>
            )}
            <dt>Email</dt>
            <dd>{i.email ?? '—'}</dd>
            <dt>Delivery</dt>
            <dd>
              {i.delivery
                ? `${i.delivery.status}, ${i.delivery.attempts} attempt(s)${i.delivery.lastError ? `: ${i.delivery.lastError}` : ''}`
                : '—'}
            </dd>
            <dt>Grants</dt>
            <dd>
              {[
                ...(i.role ? [`role ${i.role}`] : []),
                ...i.permissions,
                ...i.groups.map((g) => `group ${g.name}`),
              ].join(', ') || '—'}
            </dd>
            <dt>Expires</dt>
            <dd>
              <Time iso={i.expiresAt} />
            </dd>
          </dl>
          <div className="actions">
            {i.status === 'pending' && (
              <ConfirmButton
                action="Cancel invite"
                title="Cancel this invite?"
                disabled={act.isPending}
                onConfirm={() => act.mutate('cancel')}
              >
                Its link stops working at once and it can no longer be accepted. It stays in the
                list, marked canceled.
              </ConfirmButton>
            )}
            {i.status === 'pending' && i.email && (
              <button type="button" onClick={() => act.mutate('resend')} disabled={act.isPending}>
                Resend email
              </button>
            )}
            <ConfirmButton
              action="Delete"
              title="Delete this invite?"
              disabled={act.isPending}
              onConfirm={() => act.mutate('delete')}
            >
              The invite and its link are removed for good; its audit trail is kept. This cannot be
              undone.
            </ConfirmButton>
          </div>
        </>
      )}
      <h3>Redemptions</h3>
      {redemptions.data && redemptions.data.length === 0 && (
        <EmptyState title="Not redeemed yet">
          Each person who accepts or redeems the invite will be listed here.
        </EmptyState>
      )}
      <ul>
        {redemptions.data?.map((r) => (
          <li key={`${r.user?.id ?? r.subject}-${r.at}`}>
            {r.user
              ? (r.user.name ?? r.user.username)
              : `${r.subject} (redeemed by an application)`}{' '}
            at <Time iso={r.at} />
          </li>
        ))}
      </ul>
      <h3>Audit trail</h3>
      {audit.isError ? (
        <p className="hint">The audit log needs the audit:read permission.</p>
      ) : (
        <ol className="audit">
          {audit.data?.data.map((event) => (
            <li key={event.id}>
              <Time iso={event.createdAt} /> — {event.action} by {event.actor.type}
              {event.ip ? ` from ${event.ip}` : ''}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

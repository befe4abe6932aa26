import type { Invite } from '@guestlist/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorText, useSession } from '../../session.tsx';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Time } from '../../ui/Time.tsx';
import { useToast } from '../../ui/toast.tsx';

const target = (invite: Invite) => invite.namespace?.path ?? 'this service';
const inviter = (invite: Invite) => invite.inviter?.name ?? invite.inviter?.username ?? 'Someone';

/** The signed-in person's pending invites, to accept or decline here without their links. */
export function ForYou() {
  const { client, token } = useSession();
  const queries = useQueryClient();
  const toast = useToast();
  const invites = useQuery({
    queryKey: ['my-invites', token],
    queryFn: () => client.invites.mine('pending'),
  });
  const refresh = () => {
    void queries.invalidateQueries({ queryKey: ['my-invites', token] });
    void queries.invalidateQueries({ queryKey: ['memberships', token] });
  };
  const respond = useMutation({
    mutationFn: ({ invite, answer }: { invite: Invite; answer: 'accept' | 'decline' }) =>
      answer === 'accept' ? client.invites.accept(invite.id) : client.invites.decline(invite.id),
    onSuccess: (_result, { invite, answer }) => {
      refresh();
      toast.success(
        answer === 'accept'
          ? `You joined ${target(invite)} as ${invite.role ?? 'member'}.`
          : `You declined the invite to ${target(invite)}.`,
      );
    },
    onError: (error, { answer }) => toast.error(`Could not ${answer} the invite`, error),
  });
  const pending = invites.data?.data ?? [];
  return (
    <section aria-labelledby="for-you-title">
      <h2 id="for-you-title">Invitations for you</h2>
      <ErrorText error={invites.error} />
      {invites.data && pending.length === 0 && (
        <EmptyState title="No invitations waiting">
          When someone invites you to their namespace, the invitation shows up here to accept or
          decline.
        </EmptyState>
      )}
      {pending.length > 0 && (
        <ul className="ns-cards">
          {pending.map((invite) => (
            <li key={invite.id}>
              <p>
                <strong>{inviter(invite)}</strong> invited you to join{' '}
                <strong>{target(invite)}</strong>
                {invite.role ? ` as ${invite.role}` : ''}.
              </p>
              <p className="hint">
                Expires <Time iso={invite.expiresAt} />
              </p>
              <div className="actions">
                <button
                  type="button"
                  disabled={respond.isPending}
                  aria-label={`Accept the invite to ${target(invite)}`}
                  onClick={() => respond.mutate({ invite, answer: 'accept' })}
                >
                  Accept
                </button>
                <ConfirmButton
                  action="Decline"
                  title={`Decline the invite to ${target(invite)}?`}
                  label={`Decline the invite to ${target(invite)}`}
                  className="secondary"
                  disabled={respond.isPending}
                  onConfirm={() => respond.mutate({ invite, answer: 'decline' })}
                >
                  <p>
                    The invite can never be accepted afterwards; to join later, you would need a new
                    one from {inviter(invite)}.
                  </p>
                </ConfirmButton>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

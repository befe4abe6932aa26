import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { ErrorText, useMe, useSession } from '../../session.tsx';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { useToast } from '../../ui/toast.tsx';
import { Collaborators } from './Collaborators.tsx';
import { InviteSomeone, NamespaceInvites } from './NamespaceInvites.tsx';
import { asPath, useMemberships } from './queries.ts';

/** One namespace: who is in it and, for its owner and admins, its invites. */
export function NamespacePage({ path }: { path: string }) {
  const { client, token } = useSession();
  const memberships = useMemberships();
  const namespace = useQuery({
    queryKey: ['namespace', token, path],
    queryFn: () => client.namespaces.get(asPath(path)),
  });
  const role = memberships.data?.find((m) => m.namespace.path === path)?.role;
  const manages = role === 'owner' || role === 'admin';
  return (
    <>
      <p>
        <Link href="/">← All namespaces</Link>
      </p>
      <section aria-labelledby="ns-view-title">
        <h2 id="ns-view-title">{namespace.data?.path ?? path}</h2>
        <ErrorText error={namespace.error} />
        {namespace.data?.description && <p>{namespace.data.description}</p>}
        {role && (
          <p>
            Your role: <strong>{role}</strong>.
            {role === 'member' && ' Its owner and admins invite and remove collaborators.'}
          </p>
        )}
        {role && role !== 'owner' && <Leave path={path} />}
      </section>
      {namespace.data && (
        <>
          <Collaborators path={path} manages={manages} />
          {manages && (
            <>
              <InviteSomeone path={path} />
              <NamespaceInvites path={path} />
            </>
          )}
        </>
      )}
    </>
  );
}

/** A collaborator removes themselves; the namespace then leaves their list. */
function Leave({ path }: { path: string }) {
  const { client, token } = useSession();
  const me = useMe();
  const queries = useQueryClient();
  const toast = useToast();
  const [, navigate] = useLocation();
  const leave = useMutation({
    mutationFn: (username: string) => client.namespaces.removeCollaborator(asPath(path), username),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['memberships', token] });
      queries.removeQueries({ queryKey: ['namespace', token, path] });
      toast.success(`You left ${path}.`);
      navigate('/');
    },
    onError: (error) => toast.error(`Could not leave ${path}`, error),
  });
  const username = me.data?.username;
  if (!username) return null;
  return (
    <div className="actions">
      <ConfirmButton
        action="Leave"
        title={`Leave ${path}?`}
        label={`Leave ${path}`}
        disabled={leave.isPending}
        onConfirm={() => leave.mutate(username)}
      >
        <p>
          You stop being a collaborator at once. To come back, you will need a new invite from its
          owner or an admin.
        </p>
      </ConfirmButton>
    </div>
  );
}

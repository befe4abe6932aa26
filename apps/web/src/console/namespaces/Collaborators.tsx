import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorText, useMe, useSession } from '../../session.tsx';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { Time } from '../../ui/Time.tsx';
import { useToast } from '../../ui/toast.tsx';
import { asPath } from './queries.ts';

/** Who is in the namespace, with their roles; its owner and admins may remove anyone but the owner. */
export function Collaborators({ path, manages }: { path: string; manages: boolean }) {
  const { client, token } = useSession();
  const me = useMe();
  const queries = useQueryClient();
  const toast = useToast();
  const collaborators = useQuery({
    queryKey: ['collaborators', token, path],
    queryFn: () => client.namespaces.collaborators(asPath(path)),
  });
  const remove = useMutation({
    mutationFn: (username: string) => client.namespaces.removeCollaborator(asPath(path), username),
    onSuccess: (_result, username) => {
      void queries.invalidateQueries({ queryKey: ['collaborators', token, path] });
      toast.success(`${username} is no longer in ${path}.`);
    },
    onError: (error, username) => toast.error(`Could not remove ${username}`, error),
  });
  return (
    <section aria-labelledby="collaborators-title">
      <h3 id="collaborators-title">Collaborators</h3>
      <ErrorText error={collaborators.error} />
      {collaborators.data && (
        <TableWrap label="Collaborators table">
          <table>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Since</th>
                {manages && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {collaborators.data.map((c) => (
                <tr key={c.user.id}>
                  <th scope="row">
                    {c.user.username}
                    {c.user.name && <span className="hint ns-description">{c.user.name}</span>}
                  </th>
                  <td>{c.role}</td>
                  <td>
                    <Time iso={c.since} dateOnly />
                  </td>
                  {manages && (
                    <td>
                      {c.role !== 'owner' && c.user.username !== me.data?.username && (
                        <ConfirmButton
                          action="Remove"
                          title={`Remove ${c.user.username} from ${path}?`}
                          label={`Remove ${c.user.username}`}
                          disabled={remove.isPending}
                          onConfirm={() => remove.mutate(c.user.username)}
                        >
                          <p>
                            {c.user.username} loses access to {path} at once. Inviting them again
                            brings them back.
                          </p>
                        </ConfirmButton>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

import type { NamespacePath } from '@guestlist/sdk';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../session.tsx';

/** The person's namespaces with their role in each: the list, and each namespace's page. */
export function useMemberships() {
  const { client, token } = useSession();
  return useQuery({
    queryKey: ['memberships', token],
    queryFn: () => client.namespaces.mine(),
  });
}

/** The namespace's page within the console: each segment escaped, as a URL needs it. */
export const namespaceHref = (path: string) =>
  `/${path.split('/').map(encodeURIComponent).join('/')}`;

export const asPath = (path: string) => path as NamespacePath;

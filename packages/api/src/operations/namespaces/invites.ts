import { restOperation } from '../../operation.ts';
import { ACME, GRACE, inviteExample } from '../../schemas/examples.ts';
import { InviteList, InviteStatus } from '../../schemas/invite.ts';
import { NamespaceRef, namespacePath } from '../../schemas/namespaces.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const NamespaceInvitesInput = NamespaceRef.extend({ status: InviteStatus.optional() });

export const namespaceInvites = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/namespaces/{owner}/{name}/invites',
      tag: 'namespaces',
      summary: "A namespace's invites",
      description: 'Owner or admin only; newest first.',
      heavy: true,
      errors: ['NAMESPACE_NOT_FOUND'],
      examples: {
        response: {
          data: [
            {
              ...inviteExample,
              id: 'd2b4f6a8-1c3e-4a5b-9d7f-0e2c4a6b8d1f',
              type: 'namespace',
              email: null,
              inviteeId: GRACE,
              namespace: { id: ACME, path: 'ada/acme' },
              role: 'member',
              permissions: [],
              groups: [],
              metadata: {},
              delivery: null,
            },
          ],
          total: 1,
        },
      },
    }),
  )
  .input(NamespaceInvitesInput)
  .output(InviteList)
  .query(async ({ ctx, input: { status, ...ref } }) => {
    const { data, total } = await ctx.guestlist.namespaces.invites(
      actorOf(ctx),
      namespacePath(ref),
      status,
    );
    return { data, total };
  });

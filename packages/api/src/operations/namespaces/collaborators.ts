import { restOperation } from '../../operation.ts';
import { listOf, pageOf, RestPageParams } from '../../schemas/common.ts';
import { collaboratorExample } from '../../schemas/examples.ts';
import { CollaboratorSchema, NamespaceRef, namespacePath } from '../../schemas/namespaces.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const namespaceCollaborators = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/namespaces/{owner}/{name}/collaborators',
      tag: 'namespaces',
      summary: 'Collaborators',
      description:
        'For the owner and collaborators; owner, admins, members, 100 a page unless `page[size]` says fewer.',
      heavy: true,
      errors: ['NAMESPACE_NOT_FOUND', 'INVALID_QUERY'],
      examples: { response: { data: [collaboratorExample], total: 1 } },
    }),
  )
  .input(NamespaceRef.extend(RestPageParams))
  .output(listOf(CollaboratorSchema))
  .query(async ({ ctx, input }) => {
    const { data, total } = await ctx.guestlist.namespaces.collaborators(
      actorOf(ctx),
      namespacePath(input),
      pageOf(input),
    );
    return { data, total };
  });

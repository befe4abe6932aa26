import { restOperation } from '../../operation.ts';
import { dataOf } from '../../schemas/common.ts';
import { NamespaceRef, NamespaceSchema, namespacePath } from '../../schemas/namespaces.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const getNamespace = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/namespaces/{owner}/{name}',
      tag: 'namespaces',
      summary: 'Get a namespace',
      description: 'For its owner and collaborators; 404 for anyone else.',
      errors: ['NAMESPACE_NOT_FOUND'],
    }),
  )
  .input(NamespaceRef)
  .output(dataOf(NamespaceSchema))
  .query(async ({ ctx, input }) => ({
    data: await ctx.guestlist.namespaces.get(actorOf(ctx), namespacePath(input)),
  }));

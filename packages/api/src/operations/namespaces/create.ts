import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { dataOf } from '../../schemas/common.ts';
import { NamespaceSchema } from '../../schemas/namespaces.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const CreateNamespaceInput = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(100)
    .meta({ examples: ['acme'] }),
  description: z.string().max(1000).optional(),
});

export const createNamespace = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/namespaces',
      tag: 'namespaces',
      summary: 'Create a namespace',
      description: 'The signed-in user owns it; its path is `username/name`.',
      successStatus: 201,
      errors: ['NAMESPACE_EXISTS'],
      examples: { request: { name: 'acme', description: 'The compiler team' } },
    }),
  )
  .input(CreateNamespaceInput)
  .output(dataOf(NamespaceSchema))
  .mutation(async ({ ctx, input }) => ({
    data: await ctx.guestlist.namespaces.create(actorOf(ctx), input),
  }));

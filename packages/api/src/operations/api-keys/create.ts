import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { CreatedApiKeySchema } from '../../schemas/admin.ts';
import { dataOf, Permissions } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const CreateApiKeyInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  permissions: Permissions.min(1),
});

export const createApiKey = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/api-keys',
      tag: 'api-keys',
      summary: 'Create an API key',
      description:
        'Needs `apikey:write`, and every permission granted. The secret is in this answer only.',
      successStatus: 201,
      errors: ['INVALID_PERMISSION'],
      examples: { request: { name: 'ci', permissions: ['invite:read', 'invite:write'] } },
    }),
  )
  .input(CreateApiKeyInput)
  .output(dataOf(CreatedApiKeySchema))
  .mutation(async ({ ctx, input }) => {
    const { key, secret } = await ctx.guestlist.apiKeys.create(actorOf(ctx), input);
    return { data: { ...key, secret } };
  });

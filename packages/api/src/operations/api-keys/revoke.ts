import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { ApiKeySchema } from '../../schemas/admin.ts';
import { dataOf, Uuid } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const revokeApiKey = publicProcedure
  .meta(
    restOperation({
      method: 'DELETE',
      path: '/api-keys/{id}',
      tag: 'api-keys',
      summary: 'Revoke an API key',
      description: 'Needs `apikey:write`. The key stops working at once.',
      errors: ['API_KEY_NOT_FOUND'],
    }),
  )
  .input(z.strictObject({ id: Uuid }))
  .output(dataOf(ApiKeySchema))
  .mutation(async ({ ctx, input }) => ({
    data: await ctx.guestlist.apiKeys.revoke(actorOf(ctx), input.id),
  }));

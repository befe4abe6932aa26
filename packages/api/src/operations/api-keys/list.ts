import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { ApiKeySchema } from '../../schemas/admin.ts';
import { listOf, pageOf, RestPageParams } from '../../schemas/common.ts';
import { apiKeyExample } from '../../schemas/examples.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const listApiKeys = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/api-keys',
      tag: 'api-keys',
      summary: 'List API keys',
      description:
        'Newest first, 100 a page unless `page[size]` says fewer. Needs `apikey:write`. Secrets are never shown again.',
      heavy: true,
      errors: ['INVALID_QUERY'],
      examples: { response: { data: [apiKeyExample], total: 1 } },
    }),
  )
  .input(z.strictObject(RestPageParams).optional())
  .output(listOf(ApiKeySchema))
  .query(async ({ ctx, input }) => {
    const { data, total } = await ctx.guestlist.apiKeys.list(actorOf(ctx), pageOf(input ?? {}));
    return { data, total };
  });

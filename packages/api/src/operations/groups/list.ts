import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { GroupSchema } from '../../schemas/accounts.ts';
import { listOf, pageOf, RestPageParams } from '../../schemas/common.ts';
import { groupExample } from '../../schemas/examples.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const listGroups = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/groups',
      tag: 'groups',
      summary: 'List groups',
      description: 'By name, 100 a page unless `page[size]` says fewer. Needs `group:read`.',
      heavy: true,
      errors: ['INVALID_QUERY'],
      examples: { response: { data: [groupExample], total: 1 } },
    }),
  )
  .input(z.strictObject(RestPageParams).optional())
  .output(listOf(GroupSchema))
  .query(async ({ ctx, input }) => {
    const { data, total } = await ctx.guestlist.groups.list(actorOf(ctx), pageOf(input ?? {}));
    return { data, total };
  });

import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { GroupSchema } from '../../schemas/accounts.ts';
import { dataOf, Uuid } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const getGroup = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/groups/{id}',
      tag: 'groups',
      summary: 'Get a group',
      description: 'Needs `group:read`.',
      errors: ['GROUP_NOT_FOUND'],
    }),
  )
  .input(z.strictObject({ id: Uuid }))
  .output(dataOf(GroupSchema))
  .query(async ({ ctx, input }) => ({
    data: await ctx.guestlist.groups.get(actorOf(ctx), input.id),
  }));

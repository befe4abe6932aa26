import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { GroupSchema } from '../../schemas/accounts.ts';
import { dataOf, Uuid } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const deleteGroup = publicProcedure
  .meta(
    restOperation({
      method: 'DELETE',
      path: '/groups/{id}',
      tag: 'groups',
      summary: 'Delete a group',
      description: 'Needs `group:write`. Members leave it; invites stop granting it.',
      errors: ['GROUP_NOT_FOUND'],
    }),
  )
  .input(z.strictObject({ id: Uuid }))
  .output(dataOf(GroupSchema))
  .mutation(async ({ ctx, input }) => ({
    data: await ctx.guestlist.groups.delete(actorOf(ctx), input.id),
  }));

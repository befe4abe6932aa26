import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { GroupSchema } from '../../schemas/accounts.ts';
import { dataOf, Permissions } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';
import { GroupName } from './name.ts';

export const CreateGroupInput = z.strictObject({ name: GroupName, permissions: Permissions });

export const createGroup = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/groups',
      tag: 'groups',
      summary: 'Create a group',
      description: 'Needs `group:write`, and every permission it grants.',
      successStatus: 201,
      errors: ['GROUP_NAME_TAKEN', 'INVALID_PERMISSION'],
      examples: { request: { name: 'editors', permissions: ['doc:*'] } },
    }),
  )
  .input(CreateGroupInput)
  .output(dataOf(GroupSchema))
  .mutation(async ({ ctx, input }) => ({
    data: await ctx.guestlist.groups.create(actorOf(ctx), input),
  }));

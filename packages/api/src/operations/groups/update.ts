import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { GroupSchema } from '../../schemas/accounts.ts';
import { dataOf, Permissions, Uuid } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';
import { GroupName } from './name.ts';

export const UpdateGroupInput = z.strictObject({
  id: Uuid,
  name: GroupName.optional(),
  permissions: Permissions.optional(),
});

export const updateGroup = publicProcedure
  .meta(
    restOperation({
      method: 'PATCH',
      path: '/groups/{id}',
      tag: 'groups',
      summary: 'Change a group',
      description: 'Needs `group:write`.',
      errors: ['GROUP_NOT_FOUND', 'GROUP_NAME_TAKEN', 'INVALID_PERMISSION', 'LIMIT_EXCEEDED'],
      examples: { request: { permissions: ['doc:*', 'comment:write'] } },
    }),
  )
  .input(UpdateGroupInput)
  .output(dataOf(GroupSchema))
  .mutation(async ({ ctx, input: { id, ...patch } }) => ({
    data: await ctx.guestlist.groups.update(actorOf(ctx), id, patch),
  }));

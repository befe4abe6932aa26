import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { GroupRefs, UserSchema } from '../../schemas/accounts.ts';
import { dataOf, Permissions, Uuid } from '../../schemas/common.ts';
import { EDITORS } from '../../schemas/examples.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const UpdateUserInput = z.strictObject({
  id: Uuid,
  permissions: Permissions.optional(),
  groups: GroupRefs.optional(),
});

export const updateUser = publicProcedure
  .meta(
    restOperation({
      method: 'PATCH',
      path: '/users/{id}',
      tag: 'users',
      summary: "Set a user's permissions and groups",
      description:
        'Needs `user:write`, and every permission granted. Each field replaces what was there.',
      errors: ['USER_NOT_FOUND', 'INVALID_PERMISSION', 'GROUP_NOT_FOUND', 'LIMIT_EXCEEDED'],
      examples: { request: { permissions: ['doc:read'], groups: [{ id: EDITORS }] } },
    }),
  )
  .input(UpdateUserInput)
  .output(dataOf(UserSchema))
  .mutation(async ({ ctx, input: { id, ...patch } }) => ({
    data: await ctx.guestlist.users.update(actorOf(ctx), id, patch),
  }));

import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { UserSchema } from '../../schemas/accounts.ts';
import { dataOf, Uuid } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const getUser = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/users/{id}',
      tag: 'users',
      summary: 'Get a user',
      description: 'Needs `user:read`.',
      errors: ['USER_NOT_FOUND'],
    }),
  )
  .input(z.strictObject({ id: Uuid }))
  .output(dataOf(UserSchema))
  .query(async ({ ctx, input }) => ({
    data: await ctx.guestlist.users.get(actorOf(ctx), input.id),
  }));

import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { UserSchema } from '../../schemas/accounts.ts';
import { dataOf } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const getMe = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/me',
      tag: 'auth',
      summary: 'The signed-in user',
      description: 'With groups and effective permissions.',
      errors: [],
    }),
  )
  .input(z.void())
  .output(dataOf(UserSchema))
  .query(async ({ ctx }) => ({ data: await ctx.guestlist.accounts.me(actorOf(ctx)) }));

import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const logout = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/auth/logout',
      tag: 'auth',
      summary: 'Sign out',
      description: 'Revokes the session token this request carries.',
      successStatus: 204,
      errors: [],
    }),
  )
  .input(z.void())
  .output(z.void())
  .mutation(async ({ ctx }) => {
    await ctx.guestlist.accounts.logout(actorOf(ctx), ctx.token);
  });

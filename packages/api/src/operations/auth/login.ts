import { PASSWORD_MAX_LENGTH } from '@guestlist/core';
import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { AuthResultSchema } from '../../schemas/accounts.ts';
import { dataOf } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const LoginInput = z.strictObject({
  handle: z.string().min(1).max(254).meta({ description: 'Username or email' }),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

export const login = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/auth/login',
      tag: 'auth',
      summary: 'Sign in',
      description:
        'By username or email. 401 INVALID_CREDENTIALS for an unknown user and a wrong password alike. Rate limited per IP.',
      public: true,
      errors: ['INVALID_CREDENTIALS', 'RATE_LIMITED'],
      examples: { request: { handle: 'grace', password: 'correct horse battery staple' } },
    }),
  )
  .input(LoginInput)
  .output(dataOf(AuthResultSchema))
  .mutation(async ({ ctx, input }) => {
    await ctx.guestlist.rateLimits.hit(ctx.ip, 'auth');
    return {
      data: await ctx.guestlist.accounts.login(actorOf(ctx), input.handle, input.password),
    };
  });

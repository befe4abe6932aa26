import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@guestlist/core';
import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { AuthResultSchema } from '../../schemas/accounts.ts';
import { dataOf } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';
import { AccountToken } from './verify-email.ts';

export const resetPassword = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/auth/password-reset/confirm',
      tag: 'auth',
      summary: 'Set a new password with a reset link',
      description:
        "Sets the password, verifies the address the link went to, ends every session of the account and signs in (a new session). The account's other reset links stop working. 400 INVALID_TOKEN for an unknown, used or expired token, or one sent to an address the account no longer has. Rate limited per IP.",
      public: true,
      errors: ['INVALID_TOKEN', 'RATE_LIMITED'],
      examples: {
        request: {
          token: 'Yq4Jc1Xr8NwP0eLm2TzA7bHs9KdV3gFu6oRi5QaW',
          password: 'correct horse battery staple',
        },
      },
    }),
  )
  .input(
    z.strictObject({
      token: AccountToken,
      password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
    }),
  )
  .output(dataOf(AuthResultSchema))
  .mutation(async ({ ctx, input }) => {
    await ctx.guestlist.rateLimits.hit(ctx.ip, 'auth');
    return {
      data: await ctx.guestlist.passwordReset.confirm(actorOf(ctx), input.token, input.password),
    };
  });

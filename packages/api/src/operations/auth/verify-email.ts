import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { UserSchema } from '../../schemas/accounts.ts';
import { dataOf } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const AccountToken = z
  .string()
  .min(1)
  .max(256)
  .meta({
    description: 'The `token` of the emailed link',
    examples: ['Yq4Jc1Xr8NwP0eLm2TzA7bHs9KdV3gFu6oRi5QaW'],
  });

export const verifyEmail = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/auth/verify-email',
      tag: 'auth',
      summary: 'Verify an email address',
      description:
        "Follows the link of a verification email: the address is verified if it is still the account's. An address proven for the first time ends every session opened before; unless the request carries that account's own session, the password is also retired (set a new one by password reset). 400 INVALID_TOKEN for an unknown, used or expired token.",
      public: true,
      errors: ['INVALID_TOKEN'],
      examples: { request: { token: 'Yq4Jc1Xr8NwP0eLm2TzA7bHs9KdV3gFu6oRi5QaW' } },
    }),
  )
  .input(z.strictObject({ token: AccountToken }))
  .output(dataOf(UserSchema))
  .mutation(async ({ ctx, input }) => ({
    data: await ctx.guestlist.verification.verify(
      actorOf(ctx),
      input.token,
      ctx.principal?.kind === 'user' ? ctx.token : null,
    ),
  }));

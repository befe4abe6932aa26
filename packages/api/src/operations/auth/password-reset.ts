import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { Email } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const requestPasswordReset = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/auth/password-reset',
      tag: 'auth',
      summary: 'Request a password reset',
      description:
        'Emails a reset link (valid 1 hour) to the account with this address, if any. Answers 202 either way, in about the same time, so it does not tell whether an account exists. Rate limited per IP.',
      public: true,
      successStatus: 202,
      errors: ['RATE_LIMITED'],
      examples: { request: { email: 'grace@example.com' } },
    }),
  )
  .input(z.strictObject({ email: Email }))
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    await ctx.guestlist.rateLimits.hit(ctx.ip, 'auth');
    await ctx.guestlist.passwordReset.request(actorOf(ctx), input.email);
  });

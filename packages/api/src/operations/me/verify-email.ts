import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const sendVerification = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/me/verify-email',
      tag: 'auth',
      summary: 'Send me a verification email',
      description:
        "Emails a fresh verification link (valid 24 hours) to the signed-in user's address; older links stop working. 409 EMAIL_ALREADY_VERIFIED when it is verified. Rate limited per IP.",
      successStatus: 202,
      errors: ['EMAIL_ALREADY_VERIFIED', 'USER_NOT_FOUND', 'RATE_LIMITED'],
    }),
  )
  .input(z.void())
  .output(z.void())
  .mutation(async ({ ctx }) => {
    const actor = actorOf(ctx);
    // Signed-in users only: a key is refused before it spends anyone's budget.
    if (ctx.principal?.kind === 'user') await ctx.guestlist.rateLimits.hit(ctx.ip, 'auth');
    await ctx.guestlist.verification.send(actor);
  });

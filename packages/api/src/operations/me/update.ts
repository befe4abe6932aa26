import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { UserSchema } from '../../schemas/accounts.ts';
import { dataOf, Email } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const updateMe = publicProcedure
  .meta(
    restOperation({
      method: 'PATCH',
      path: '/me',
      tag: 'auth',
      summary: 'Change my name or email',
      description:
        'A new email is unverified until the link sent to it is followed, and reset links sent to the old one stop working; 409 EMAIL_TAKEN when another account has it. A name alone sends nothing. A request with `email` is rate limited per IP like registration.',
      errors: ['EMAIL_TAKEN', 'USER_NOT_FOUND', 'RATE_LIMITED'],
      examples: { request: { name: 'Grace Brewster Hopper', email: 'grace@navy.example' } },
    }),
  )
  .input(
    z.strictObject({
      name: z.string().trim().min(1).max(200).nullable().optional(),
      email: Email.optional(),
    }),
  )
  .output(dataOf(UserSchema))
  .mutation(async ({ ctx, input }) => {
    // An address answers EMAIL_TAKEN and gets an email, as registration does: the same budget
    // (R18), so neither probes accounts nor floods an inbox. A key is refused before it counts.
    if (input.email !== undefined && ctx.principal?.kind === 'user') {
      await ctx.guestlist.rateLimits.hit(ctx.ip, 'auth');
    }
    return { data: await ctx.guestlist.profile.update(actorOf(ctx), input) };
  });

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
        'A new email is unverified until the link sent to it is followed; 409 EMAIL_TAKEN when another account has it. A name alone sends nothing.',
      errors: ['EMAIL_TAKEN', 'USER_NOT_FOUND'],
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
  .mutation(async ({ ctx, input }) => ({
    data: await ctx.guestlist.profile.update(actorOf(ctx), input),
  }));

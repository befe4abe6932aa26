import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@guestlist/core';
import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const changePassword = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/me/password',
      tag: 'auth',
      summary: 'Change my password',
      description:
        'The current password confirms it: 403 INVALID_CREDENTIALS when wrong (the session stays). Every other session of the account ends. Rate limited per IP.',
      successStatus: 204,
      reauthenticates: true,
      errors: ['INVALID_CREDENTIALS', 'RATE_LIMITED'],
      examples: {
        request: {
          currentPassword: 'correct horse battery staple',
          newPassword: 'a longer passphrase than before',
        },
      },
    }),
  )
  .input(
    z.strictObject({
      currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
      newPassword: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
    }),
  )
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    if (ctx.principal?.kind === 'user') await ctx.guestlist.rateLimits.hit(ctx.ip, 'auth');
    await ctx.guestlist.profile.changePassword(
      actorOf(ctx),
      ctx.token,
      input.currentPassword,
      input.newPassword,
    );
  });

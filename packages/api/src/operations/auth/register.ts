import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@guestlist/core';
import { z } from 'zod';
import { UNUSABLE_INVITE } from '../../errors/codes.ts';
import { restOperation } from '../../operation.ts';
import { AuthResultSchema } from '../../schemas/accounts.ts';
import { dataOf, Email } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const RegisterInput = z.strictObject({
  email: Email,
  username: z
    .string()
    .min(2)
    .max(39)
    .meta({ description: '[a-z0-9][a-z0-9-_]{1,38}', examples: ['ada'] }),
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
  name: z.string().trim().min(1).max(200).optional(),
  inviteCode: z.string().min(1).max(256).optional(),
});

export const register = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/auth/register',
      tag: 'auth',
      summary: 'Create an account',
      description:
        'Per the `registration` setting: `invite-only` needs `inviteCode`, `closed` refuses, `open` accepts with or without. A code is redeemed in the same transaction. Rate limited per IP.',
      public: true,
      successStatus: 201,
      errors: [
        'LIMIT_EXCEEDED',
        'REGISTRATION_CLOSED',
        'INVITE_REQUIRED',
        'EMAIL_TAKEN',
        'USERNAME_TAKEN',
        'INVITE_EMAIL_MISMATCH',
        ...UNUSABLE_INVITE,
      ],
      examples: {
        request: {
          email: 'grace@example.com',
          username: 'grace',
          password: 'correct horse battery staple',
          name: 'Grace Hopper',
          inviteCode: 'k3Jd9QmZx2LpR7tVw4NcYb',
        },
      },
    }),
  )
  .input(RegisterInput)
  .output(dataOf(AuthResultSchema))
  .mutation(async ({ ctx, input }) => {
    await ctx.guestlist.rateLimits.hit(
      ctx.ip,
      ...(input.inviteCode ? (['auth', 'codes'] as const) : (['auth'] as const)),
    );
    return { data: await ctx.guestlist.accounts.register(actorOf(ctx), input) };
  });

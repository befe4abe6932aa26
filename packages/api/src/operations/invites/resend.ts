import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { dataOf, exact, InviteRef } from '../../schemas/common.ts';
import { ExpiresIn, InviteSchema } from '../../schemas/invite.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const ResendInviteInput = z.strictObject({
  invite: InviteRef,
  extend: z
    .union([exact(z.boolean()), ExpiresIn])
    .optional()
    .meta({
      description:
        'Restart the expiry clock from now: true for the default lifetime, or a duration (7d)',
      examples: [true, '7d'],
    }),
});

export const resendInvite = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/invites/{invite}/resend',
      tag: 'invites',
      summary: 'Email a pending invite again',
      description:
        'Needs `invite:write`, or being its inviter. With `extend`, the expiry restarts from now. 409 INVITE_NOT_PENDING unless pending; 409 INVITE_HAS_NO_EMAIL without an address.',
      successStatus: 202,
      errors: [
        'INVITE_NOT_FOUND',
        'INVITE_NOT_PENDING',
        'INVITE_HAS_NO_EMAIL',
        'INVITES_DISABLED',
        'INVALID_EXPIRY',
      ],
      examples: { request: { extend: '7d' } },
    }),
  )
  .input(ResendInviteInput)
  .output(dataOf(InviteSchema))
  .mutation(async ({ ctx, input: { invite, ...options } }) => ({
    data: await ctx.guestlist.invites.resend(actorOf(ctx), invite, options),
  }));

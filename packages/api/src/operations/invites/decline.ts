import { restOperation } from '../../operation.ts';
import { dataOf } from '../../schemas/common.ts';
import { InviteRefInput, InviteSchema } from '../../schemas/invite.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const declineInvite = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/invites/{invite}/decline',
      tag: 'invites',
      summary: 'Decline an invite',
      description:
        'By the person it is addressed to (by user or email). It can never be accepted afterwards.',
      errors: ['INVITE_NOT_FOUND', 'INVITE_NOT_PENDING'],
    }),
  )
  .input(InviteRefInput)
  .output(dataOf(InviteSchema))
  .mutation(async ({ ctx, input }) => ({
    data: await ctx.guestlist.invites.decline(actorOf(ctx), input.invite),
  }));

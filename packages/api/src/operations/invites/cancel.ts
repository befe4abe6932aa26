import { restOperation } from '../../operation.ts';
import { dataOf } from '../../schemas/common.ts';
import { InviteRefInput, InviteSchema } from '../../schemas/invite.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const cancelInvite = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/invites/{invite}/cancel',
      tag: 'invites',
      summary: 'Cancel a pending invite',
      description: 'Needs `invite:write`, or being its inviter.',
      errors: ['INVITE_NOT_FOUND', 'INVITE_NOT_PENDING'],
    }),
  )
  .input(InviteRefInput)
  .output(dataOf(InviteSchema))
  .mutation(async ({ ctx, input }) => ({
    data: await ctx.guestlist.invites.cancel(actorOf(ctx), input.invite),
  }));

import { restOperation } from '../../operation.ts';
import { dataOf } from '../../schemas/common.ts';
import { InviteRefInput, InviteSchema } from '../../schemas/invite.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const deleteInvite = publicProcedure
  .meta(
    restOperation({
      method: 'DELETE',
      path: '/invites/{invite}',
      tag: 'invites',
      summary: 'Delete an invite',
      description:
        'Its code stops working at once; its audit events stay. Needs `invite:delete`, or being its inviter or invitee.',
      errors: ['INVITE_NOT_FOUND'],
    }),
  )
  .input(InviteRefInput)
  .output(dataOf(InviteSchema))
  .mutation(async ({ ctx, input }) => ({
    data: await ctx.guestlist.invites.delete(actorOf(ctx), input.invite),
  }));

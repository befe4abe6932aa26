import { restOperation } from '../../operation.ts';
import { dataOf } from '../../schemas/common.ts';
import { InviteRefInput, InviteSchema } from '../../schemas/invite.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const getInvite = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/invites/{invite}',
      tag: 'invites',
      summary: 'Get an invite',
      description: 'By id or code. Needs `invite:read`, or being its inviter.',
      errors: ['INVITE_NOT_FOUND'],
    }),
  )
  .input(InviteRefInput)
  .output(dataOf(InviteSchema))
  .query(async ({ ctx, input }) => ({
    data: await ctx.guestlist.invites.get(actorOf(ctx), input.invite),
  }));

import { restOperation } from '../../operation.ts';
import { RedemptionSchema } from '../../schemas/accounts.ts';
import { listOf, pageOf, RestPageParams } from '../../schemas/common.ts';
import { redemptionExample } from '../../schemas/examples.ts';
import { InviteRefInput } from '../../schemas/invite.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const inviteRedemptions = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/invites/{invite}/redemptions',
      tag: 'invites',
      summary: 'Who redeemed an invite',
      description:
        'Oldest first, 100 a page unless `page[size]` says fewer. Needs `invite:read`, or being its inviter.',
      heavy: true,
      errors: ['INVITE_NOT_FOUND', 'INVALID_QUERY'],
      examples: { response: { data: [redemptionExample], total: 1 } },
    }),
  )
  .input(InviteRefInput.extend(RestPageParams))
  .output(listOf(RedemptionSchema))
  .query(async ({ ctx, input }) => {
    const { data, total } = await ctx.guestlist.invites.redemptions(
      actorOf(ctx),
      input.invite,
      pageOf(input),
    );
    return { data, total };
  });

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
        'By the person it is addressed to (by user or email). It can never be accepted afterwards. Rate limited per IP.',
      errors: [
        'INVITE_NOT_FOUND',
        'INVITE_NOT_PENDING',
        'INVITE_EMAIL_MISMATCH',
        'EMAIL_NOT_VERIFIED',
        // Like accepting, a decline of an invite that can no longer be used answers 410.
        'INVITE_EXPIRED',
        'INVITE_CANCELED',
        'INVITE_DECLINED',
        'INVITE_USED',
        'RATE_LIMITED',
      ],
    }),
  )
  .input(InviteRefInput)
  .output(dataOf(InviteSchema))
  .mutation(async ({ ctx, input }) => {
    // By code, a refusal (403) tells that the code exists where an unknown one answers 404: as
    // much as validating it does, so it draws on the same budget (R3, R18).
    await ctx.guestlist.rateLimits.hit(ctx.ip, 'codes');
    return { data: await ctx.guestlist.invites.decline(actorOf(ctx), input.invite) };
  });

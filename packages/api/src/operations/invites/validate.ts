import { UNUSABLE_INVITE } from '../../errors/codes.ts';
import { restOperation } from '../../operation.ts';
import { dataOf } from '../../schemas/common.ts';
import { InviteRefInput, InviteValidationSchema } from '../../schemas/invite.ts';
import { publicProcedure } from '../../trpc.ts';

export const validateInvite = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/invites/{invite}/validate',
      tag: 'invites',
      summary: 'Check an invite code',
      description:
        'Public. Never changes the invite. 404 when unknown, 410 when it can no longer be used.',
      public: true,
      errors: UNUSABLE_INVITE,
    }),
  )
  .input(InviteRefInput)
  .output(dataOf(InviteValidationSchema))
  .query(async ({ ctx, input }) => {
    await ctx.guestlist.rateLimits.hit(ctx.ip, 'codes');
    return { data: await ctx.guestlist.invites.validate(input.invite, ctx.principal) };
  });

import { UNUSABLE_INVITE } from '../../errors/codes.ts';
import { restOperation } from '../../operation.ts';
import { dataOf } from '../../schemas/common.ts';
import { InviteRefInput, InviteSchema } from '../../schemas/invite.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const acceptInvite = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/invites/{invite}/accept',
      tag: 'invites',
      summary: 'Accept an invite',
      description:
        'The signed-in user redeems it: grants its permissions and groups. 403 INVITE_EMAIL_MISMATCH when it was sent to another address; 410 when it can no longer be used. Rate limited per IP.',
      errors: [
        ...UNUSABLE_INVITE,
        'INVITE_EMAIL_MISMATCH',
        'EMAIL_NOT_VERIFIED',
        'ALREADY_REDEEMED',
        'ALREADY_COLLABORATOR',
        'LIMIT_EXCEEDED',
      ],
    }),
  )
  .input(InviteRefInput)
  .output(dataOf(InviteSchema))
  .mutation(async ({ ctx, input }) => {
    await ctx.guestlist.rateLimits.hit(ctx.ip, 'codes');
    return { data: await ctx.guestlist.invites.accept(actorOf(ctx), input.invite) };
  });

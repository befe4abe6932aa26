import { z } from 'zod';
import { UNUSABLE_INVITE } from '../../errors/codes.ts';
import { restOperation } from '../../operation.ts';
import { RedemptionSchema } from '../../schemas/accounts.ts';
import { dataOf, Email, InviteRef } from '../../schemas/common.ts';
import { inviteExample, subjectRedemptionExample } from '../../schemas/examples.ts';
import { InviteSchema } from '../../schemas/invite.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const RedeemInviteInput = z.strictObject({
  invite: InviteRef,
  subject: z
    .string()
    .min(1)
    .max(256)
    .regex(/^[^\p{Cc}]*$/u, 'no control characters')
    .meta({
      description: "The application's own id for its user: 1–256 characters, taken as given",
      examples: ['customer-4821'],
    }),
  email: Email.optional().meta({
    description:
      "The user's address, which the application vouches for: required for an email-bound invite",
    examples: ['grace@example.com'],
  }),
});

export const redeemInvite = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/invites/{invite}/redeem',
      tag: 'invites',
      summary: 'Redeem an invite for your own user',
      description:
        "An application redeems the invite for its user, its `subject`, and grants what the invite's `permissions` and `groups` say. Needs `invite:redeem`. By id, 404 unless the caller may read the invite; by code, the code proves it exists. 403 INVITE_EMAIL_MISMATCH when `email` is not the invite's address; 409 ALREADY_REDEEMED when the subject redeemed it before; 409 INVITE_NOT_REDEEMABLE for a namespace invite; 410 when it can no longer be used. Rate limited per IP.",
      errors: [
        ...UNUSABLE_INVITE,
        'INVITE_EMAIL_MISMATCH',
        'ALREADY_REDEEMED',
        'INVITE_NOT_REDEEMABLE',
      ],
      examples: {
        request: { subject: 'customer-4821', email: 'grace@example.com' },
      },
    }),
  )
  .input(RedeemInviteInput)
  .output(
    dataOf(
      z.object({ invite: InviteSchema, redemption: RedemptionSchema }).meta({
        id: 'InviteRedemption',
        examples: [
          {
            invite: {
              ...inviteExample,
              // Shown to holders of invite:read, not to a key that only redeems.
              code: null,
              url: null,
              status: 'accepted',
              uses: 1,
              acceptedAt: subjectRedemptionExample.at,
            },
            redemption: subjectRedemptionExample,
          },
        ],
      }),
    ),
  )
  .mutation(async ({ ctx, input: { invite, ...redemption } }) => {
    await ctx.guestlist.rateLimits.hit(ctx.ip, 'codes');
    return { data: await ctx.guestlist.invites.redeem(actorOf(ctx), invite, redemption) };
  });

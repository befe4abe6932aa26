import { MAX_SEND } from '@guestlist/core';
import { RedemptionSchema } from '../schemas/accounts.ts';
import { dataOf, listOf, pageOf, RestPageParams, wholeList } from '../schemas/common.ts';
import {
  CreateInvitesInput,
  InvitePage,
  InviteRefInput,
  InviteSchema,
  InviteValidationSchema,
  ListInvitesInput,
  ResendInviteInput,
  SendInvitesInput,
  UpdateInviteInput,
} from '../schemas/invite.ts';
import { actorOf, publicProcedure, router } from '../trpc.ts';

const TAGS = ['invites'];

/** Edit, built for a method: PATCH here, and its PUT alias on the REST side. */
export function updateInviteProcedure(method: 'PATCH' | 'PUT') {
  return publicProcedure
    .meta({
      openapi: {
        method,
        path: '/invites/{invite}',
        tags: TAGS,
        summary:
          method === 'PATCH'
            ? 'Edit a pending invite'
            : 'Edit a pending invite (PUT alias of PATCH)',
        description: 'Needs `invite:write`. 409 INVITE_NOT_PENDING unless pending.',
      },
    })
    .input(UpdateInviteInput)
    .output(dataOf(InviteSchema))
    .mutation(async ({ ctx, input: { invite, ...patch } }) => ({
      data: await ctx.guestlist.invites.update(actorOf(ctx), invite, patch),
    }));
}

export const invitesRouter = router({
  create: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/invites',
        tags: TAGS,
        summary: 'Create invites',
        description:
          'Creates `count` invites (1–1000), or exactly one bound to `email`. Needs `invite:write`. `count` times the bytes of `permissions`, `groups` (100 each) and `metadata` (its text plus 48 per JSON value) may be at most 4 MiB.',
      },
      successStatus: 201,
      heavy: true,
    })
    .input(CreateInvitesInput)
    .output(listOf(InviteSchema))
    .mutation(async ({ ctx, input }) =>
      wholeList(await ctx.guestlist.invites.create(actorOf(ctx), input)),
    ),

  send: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/invites/send',
        tags: TAGS,
        summary: 'Invite people by email',
        description: `One invite per address (at most ${MAX_SEND}, duplicates in any case count once), each emailed through the outbox. Needs \`invite:write\`. The addresses times the bytes of \`permissions\`, \`groups\` (100 each) and \`metadata\` (its text plus 48 per JSON value) may be at most 4 MiB.`,
      },
      successStatus: 202,
      heavy: true,
    })
    .input(SendInvitesInput)
    .output(listOf(InviteSchema))
    .mutation(async ({ ctx, input }) =>
      wholeList(await ctx.guestlist.invites.send(actorOf(ctx), input)),
    ),

  /** The typed list; REST reaches the same service through `filter[...]` parameters. */
  list: publicProcedure
    .meta({ heavy: true })
    .input(ListInvitesInput)
    .output(InvitePage)
    .query(({ ctx, input }) => ctx.guestlist.invites.list(actorOf(ctx), input ?? {})),

  get: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/invites/{invite}',
        tags: TAGS,
        summary: 'Get an invite',
        description: 'By id or code. Needs `invite:read`, or being its inviter.',
      },
    })
    .input(InviteRefInput)
    .output(dataOf(InviteSchema))
    .query(async ({ ctx, input }) => ({
      data: await ctx.guestlist.invites.get(actorOf(ctx), input.invite),
    })),

  validate: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/invites/{invite}/validate',
        tags: TAGS,
        summary: 'Check an invite code',
        description:
          'Public. Never changes the invite. 404 when unknown, 410 when it can no longer be used.',
        protect: false,
      },
    })
    .input(InviteRefInput)
    .output(dataOf(InviteValidationSchema))
    .query(async ({ ctx, input }) => {
      await ctx.guestlist.rateLimits.hit(ctx.ip, 'codes');
      return { data: await ctx.guestlist.invites.validate(input.invite, ctx.principal) };
    }),

  update: updateInviteProcedure('PATCH'),

  cancel: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/invites/{invite}/cancel',
        tags: TAGS,
        summary: 'Cancel a pending invite',
        description: 'Needs `invite:write`, or being its inviter.',
      },
    })
    .input(InviteRefInput)
    .output(dataOf(InviteSchema))
    .mutation(async ({ ctx, input }) => ({
      data: await ctx.guestlist.invites.cancel(actorOf(ctx), input.invite),
    })),

  resend: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/invites/{invite}/resend',
        tags: TAGS,
        summary: 'Email a pending invite again',
        description:
          'Needs `invite:write`, or being its inviter. With `extend`, the expiry restarts from now. 409 INVITE_NOT_PENDING unless pending; 409 INVITE_HAS_NO_EMAIL without an address.',
      },
      successStatus: 202,
    })
    .input(ResendInviteInput)
    .output(dataOf(InviteSchema))
    .mutation(async ({ ctx, input: { invite, ...options } }) => ({
      data: await ctx.guestlist.invites.resend(actorOf(ctx), invite, options),
    })),

  accept: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/invites/{invite}/accept',
        tags: TAGS,
        summary: 'Accept an invite',
        description:
          'The signed-in user redeems it: grants its permissions and groups. 403 INVITE_EMAIL_MISMATCH when it was sent to another address; 410 when it can no longer be used. Rate limited per IP.',
      },
    })
    .input(InviteRefInput)
    .output(dataOf(InviteSchema))
    .mutation(async ({ ctx, input }) => {
      await ctx.guestlist.rateLimits.hit(ctx.ip, 'codes');
      return { data: await ctx.guestlist.invites.accept(actorOf(ctx), input.invite) };
    }),

  decline: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/invites/{invite}/decline',
        tags: TAGS,
        summary: 'Decline an invite',
        description:
          'By the person it is addressed to (by user or email). It can never be accepted afterwards.',
      },
    })
    .input(InviteRefInput)
    .output(dataOf(InviteSchema))
    .mutation(async ({ ctx, input }) => ({
      data: await ctx.guestlist.invites.decline(actorOf(ctx), input.invite),
    })),

  redemptions: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/invites/{invite}/redemptions',
        tags: TAGS,
        summary: 'Who redeemed an invite',
        description:
          'Oldest first, 100 a page unless `page[size]` says fewer. Needs `invite:read`, or being its inviter.',
      },
      heavy: true,
    })
    .input(InviteRefInput.extend(RestPageParams))
    .output(listOf(RedemptionSchema))
    .query(async ({ ctx, input }) => {
      const { data, total } = await ctx.guestlist.invites.redemptions(
        actorOf(ctx),
        input.invite,
        pageOf(input),
      );
      return { data, total };
    }),

  delete: publicProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/invites/{invite}',
        tags: TAGS,
        summary: 'Delete an invite',
        description:
          'Its code stops working at once; its audit events stay. Needs `invite:delete`, or being its inviter or invitee.',
      },
    })
    .input(InviteRefInput)
    .output(dataOf(InviteSchema))
    .mutation(async ({ ctx, input }) => ({
      data: await ctx.guestlist.invites.delete(actorOf(ctx), input.invite),
    })),
});

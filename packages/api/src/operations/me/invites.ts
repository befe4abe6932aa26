import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { inviteExample } from '../../schemas/examples.ts';
import { InviteList, InviteStatus } from '../../schemas/invite.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

/** Typed; REST spells the filter `filter[status]` (below). */
export const myInvites = publicProcedure
  .meta({ heavy: true })
  .input(z.strictObject({ status: InviteStatus.optional() }).optional())
  .output(InviteList)
  .query(async ({ ctx, input }) => {
    const { data, total } = await ctx.guestlist.invites.mine(actorOf(ctx), input?.status);
    return { data, total };
  });

export const myInvitesRest = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/me/invites',
      tag: 'auth',
      summary: 'Invites addressed to me',
      description:
        'To my user id or my email, with inviter and namespace. `filter[status]` narrows them.',
      heavy: true,
      errors: [],
      examples: { response: { data: [inviteExample], total: 1 } },
    }),
  )
  .input(z.strictObject({ 'filter[status]': InviteStatus.optional() }))
  .output(InviteList)
  .query(async ({ ctx, input }) => {
    const { data, total } = await ctx.guestlist.invites.mine(actorOf(ctx), input['filter[status]']);
    return { data, total };
  });

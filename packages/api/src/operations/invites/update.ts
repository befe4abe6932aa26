import { z } from 'zod';
import { GRANTS } from '../../errors/codes.ts';
import { restOperation } from '../../operation.ts';
import { GroupRefs } from '../../schemas/accounts.ts';
import { Locale } from '../../schemas/branding.ts';
import { dataOf, Email, InviteRef, Permissions } from '../../schemas/common.ts';
import {
  ExpiresAt,
  ExpiresIn,
  InviteSchema,
  MaxUses,
  Metadata,
  RedirectUrl,
} from '../../schemas/invite.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const UpdateInviteInput = z.strictObject({
  invite: InviteRef,
  email: Email.nullable().optional(),
  permissions: Permissions.optional(),
  groups: GroupRefs.optional(),
  metadata: Metadata.optional(),
  redirectUrl: RedirectUrl.optional(),
  locale: Locale.nullable().optional(),
  expiresAt: ExpiresAt.optional(),
  expiresIn: ExpiresIn.optional(),
  maxUses: MaxUses.optional(),
});

/** Edit, built for a method: PATCH, and its PUT alias, which only REST spells. */
function updateInvite(method: 'PATCH' | 'PUT') {
  return publicProcedure
    .meta(
      restOperation({
        method,
        path: '/invites/{invite}',
        tag: 'invites',
        summary:
          method === 'PATCH'
            ? 'Edit a pending invite'
            : 'Edit a pending invite (PUT alias of PATCH)',
        description: 'Needs `invite:write`. 409 INVITE_NOT_PENDING unless pending.',
        errors: ['INVITE_NOT_FOUND', 'INVITE_NOT_PENDING', ...GRANTS, 'INVALID_REDIRECT_URL'],
        examples: { request: { maxUses: 5, expiresIn: '30d', metadata: { campaign: 'summer' } } },
      }),
    )
    .input(UpdateInviteInput)
    .output(dataOf(InviteSchema))
    .mutation(async ({ ctx, input: { invite, ...patch } }) => ({
      data: await ctx.guestlist.invites.update(actorOf(ctx), invite, patch),
    }));
}

export const updateInvitePatch = updateInvite('PATCH');
export const updateInvitePut = updateInvite('PUT');

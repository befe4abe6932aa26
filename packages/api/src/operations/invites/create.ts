import { MAX_COUNT } from '@guestlist/core';
import { z } from 'zod';
import { GRANTS } from '../../errors/codes.ts';
import { restOperation } from '../../operation.ts';
import { GroupRefs } from '../../schemas/accounts.ts';
import { Locale } from '../../schemas/branding.ts';
import { Email, exact, listOf, Permissions, Uuid, wholeList } from '../../schemas/common.ts';
import { EDITORS, inviteExample } from '../../schemas/examples.ts';
import {
  ExpiresAt,
  ExpiresIn,
  InviteSchema,
  InviteType,
  MaxUses,
  Metadata,
  RedirectUrl,
  withinBulkBudget,
} from '../../schemas/invite.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const CreateInvitesInput = z
  .strictObject({
    count: exact(z.number().int().min(1).max(MAX_COUNT)).optional(),
    email: Email.optional(),
    type: InviteType.optional(),
    expiresAt: ExpiresAt.optional(),
    expiresIn: ExpiresIn.optional(),
    maxUses: MaxUses.optional(),
    permissions: Permissions.optional(),
    groups: GroupRefs.optional(),
    metadata: Metadata.optional(),
    redirectUrl: RedirectUrl.optional(),
    locale: Locale.nullable().optional(),
    inviterId: Uuid.optional(),
    notify: exact(z.boolean()).optional(),
  })
  .check((ctx) =>
    withinBulkBudget(ctx, ctx.value.email === undefined ? (ctx.value.count ?? 1) : 1, 'count'),
  );

export const createInvites = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/invites',
      tag: 'invites',
      summary: 'Create invites',
      description:
        'Creates `count` invites (1–1000), or exactly one bound to `email`. Needs `invite:write`. `count` times the bytes of `permissions`, `groups` (100 each) and `metadata` (its text plus 48 per JSON value) may be at most 4 MiB.',
      successStatus: 201,
      heavy: true,
      errors: [
        ...GRANTS,
        'INVALID_REDIRECT_URL',
        'USER_NOT_FOUND',
        'INVITES_DISABLED',
        'CODE_COLLISION',
      ],
      examples: {
        request: {
          count: 25,
          expiresIn: '7d',
          permissions: ['doc:read'],
          groups: [{ id: EDITORS }],
          metadata: { campaign: 'spring-beta' },
        },
        response: { data: [inviteExample], total: 1 },
      },
    }),
  )
  .input(CreateInvitesInput)
  .output(listOf(InviteSchema))
  .mutation(async ({ ctx, input }) =>
    wholeList(await ctx.guestlist.invites.create(actorOf(ctx), input)),
  );

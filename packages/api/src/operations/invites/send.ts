import { MAX_SEND, normalizeEmail } from '@guestlist/core';
import { z } from 'zod';
import { GRANTS } from '../../errors/codes.ts';
import { restOperation } from '../../operation.ts';
import { GroupRefs } from '../../schemas/accounts.ts';
import { Locale } from '../../schemas/branding.ts';
import { Email, listOf, Permissions, Uuid, wholeList } from '../../schemas/common.ts';
import { EDITORS, inviteExample } from '../../schemas/examples.ts';
import {
  ExpiresAt,
  ExpiresIn,
  InviteSchema,
  Metadata,
  RedirectUrl,
  withinBulkBudget,
} from '../../schemas/invite.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const SendInvitesInput = z
  .strictObject({
    email: z
      .union([Email, z.array(Email).min(1).max(MAX_SEND)])
      .meta({ description: `One address or up to ${MAX_SEND}; duplicates (any case) count once` }),
    expiresAt: ExpiresAt.optional(),
    expiresIn: ExpiresIn.optional(),
    permissions: Permissions.optional(),
    groups: GroupRefs.optional(),
    metadata: Metadata.optional(),
    redirectUrl: RedirectUrl.optional(),
    locale: Locale.nullable().optional(),
    inviterId: Uuid.optional(),
  })
  .check((ctx) => {
    const emails = typeof ctx.value.email === 'string' ? [ctx.value.email] : ctx.value.email;
    withinBulkBudget(ctx, new Set(emails.map(normalizeEmail)).size, 'email');
  });

export const sendInvites = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/invites/send',
      tag: 'invites',
      summary: 'Invite people by email',
      description: `One invite per address (at most ${MAX_SEND}, duplicates in any case count once), each emailed through the outbox. Needs \`invite:write\`. The addresses times the bytes of \`permissions\`, \`groups\` (100 each) and \`metadata\` (its text plus 48 per JSON value) may be at most 4 MiB.`,
      successStatus: 202,
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
          email: ['grace@example.com', 'alan@example.com'],
          expiresIn: '14d',
          groups: [{ id: EDITORS }],
        },
        response: { data: [inviteExample], total: 1 },
      },
    }),
  )
  .input(SendInvitesInput)
  .output(listOf(InviteSchema))
  .mutation(async ({ ctx, input }) =>
    wholeList(await ctx.guestlist.invites.send(actorOf(ctx), input)),
  );

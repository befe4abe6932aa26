import { invitableRoles } from '@guestlist/core';
import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { Locale } from '../../schemas/branding.ts';
import { dataOf, Email } from '../../schemas/common.ts';
import { InviteSchema } from '../../schemas/invite.ts';
import { NamespaceRef, namespacePath } from '../../schemas/namespaces.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const InviteCollaboratorInput = NamespaceRef.extend({
  handle: z
    .union([
      Email,
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-_]{1,38}$/, 'a username or an email address'),
    ])
    .meta({ description: 'A username or an email address', examples: ['ada', 'ada@example.com'] }),
  role: z.enum(invitableRoles).optional().meta({ description: 'Default member' }),
  locale: Locale.nullable().optional(),
  notify: z.boolean().optional().meta({
    description:
      'Default true: email the invitee (an existing user gets a notice at their own address); false sends nothing',
  }),
});

export const inviteCollaborator = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/namespaces/{owner}/{name}/invites',
      tag: 'namespaces',
      summary: 'Invite a collaborator',
      description:
        'By username or email; an email whose owner proved it reaches that user (`inviteeId` set), an unknown email gets an email-bound invite to redeem after registering. The invitee is emailed unless `notify: false`. Owner or admin only. 409 for yourself, an existing collaborator, or someone with a pending invite here.',
      successStatus: 201,
      errors: [
        'NAMESPACE_NOT_FOUND',
        'USER_NOT_FOUND',
        'ALREADY_COLLABORATOR',
        'INVITE_ALREADY_PENDING',
        'CANNOT_INVITE_SELF',
        'INVITES_DISABLED',
      ],
      examples: { request: { handle: 'grace', role: 'admin' } },
    }),
  )
  .input(InviteCollaboratorInput)
  .output(dataOf(InviteSchema))
  .mutation(async ({ ctx, input: { owner, name, ...rest } }) => ({
    data: await ctx.guestlist.namespaces.invite(actorOf(ctx), namespacePath({ owner, name }), rest),
  }));

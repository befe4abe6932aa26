import { codeFormats } from '@guestlist/core';
import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { RegistrationMode, SettingsSchema } from '../../schemas/admin.ts';
import { CodePrefix, dataOf, exact, Permissions } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const UpdateSettingsInput = z.strictObject({
  invitesEnabled: exact(z.boolean()).optional(),
  registration: RegistrationMode.optional(),
  defaultInviteTtl: z
    .string()
    .max(32)
    .optional()
    .meta({ examples: ['7d', 'never'] }),
  codeFormat: z.enum(codeFormats).optional(),
  codePrefix: CodePrefix.optional(),
  defaultPermissions: Permissions.optional(),
});

export const updateSettings = publicProcedure
  .meta(
    restOperation({
      method: 'PATCH',
      path: '/settings',
      tag: 'settings',
      summary: 'Change the settings',
      description: 'Needs `settings:write`.',
      errors: ['INVALID_PERMISSION', 'INVALID_EXPIRY'],
      examples: { request: { registration: 'invite-only', defaultInviteTtl: '14d' } },
    }),
  )
  .input(UpdateSettingsInput)
  .output(dataOf(SettingsSchema))
  .mutation(async ({ ctx, input }) => ({
    data: await ctx.guestlist.settings.update(actorOf(ctx), input),
  }));

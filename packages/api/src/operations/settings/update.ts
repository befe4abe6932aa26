import { codeFormats, REDIRECT_ORIGINS_MAX, REDIRECT_URL_MAX_LENGTH } from '@guestlist/core';
import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { RegistrationMode, SettingsSchema } from '../../schemas/admin.ts';
import { BrandingPatchFields } from '../../schemas/branding.ts';
import { CodePrefix, dataOf, exact, Permissions } from '../../schemas/common.ts';
import { RedirectUrl } from '../../schemas/invite.ts';
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
  allowedRedirectOrigins: z
    .array(z.string().max(REDIRECT_URL_MAX_LENGTH))
    .max(REDIRECT_ORIGINS_MAX)
    .optional()
    .meta({
      description: `Bare http(s) origins (scheme://host[:port], no path), at most ${REDIRECT_ORIGINS_MAX}; replaces the list. Removing one stops every redirect to it at once.`,
      examples: [['https://app.acme.dev']],
    }),
  defaultRedirectUrl: RedirectUrl.optional(),
  ...BrandingPatchFields,
});

export const updateSettings = publicProcedure
  .meta(
    restOperation({
      method: 'PATCH',
      path: '/settings',
      tag: 'settings',
      summary: 'Change the settings',
      description:
        'Needs `settings:write`. Branding (§11): `logoUrl` is https only, `accentColor` is `#rrggbb` only; anything else answers 400 VALIDATION_FAILED with `fields`. 400 INVALID_REDIRECT_URL when an entry of `allowedRedirectOrigins` is not a bare origin, or `defaultRedirectUrl` is not within those origins as they will be.',
      errors: ['INVALID_PERMISSION', 'INVALID_EXPIRY', 'INVALID_REDIRECT_URL'],
      examples: {
        request: {
          registration: 'invite-only',
          defaultInviteTtl: '14d',
          allowedRedirectOrigins: ['https://app.acme.dev'],
          defaultRedirectUrl: 'https://app.acme.dev/welcome',
        },
      },
    }),
  )
  .input(UpdateSettingsInput)
  .output(dataOf(SettingsSchema))
  .mutation(async ({ ctx, input }) => ({
    data: await ctx.guestlist.settings.update(actorOf(ctx), input),
  }));

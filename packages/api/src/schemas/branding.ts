import {
  ACCENT_COLOR_PATTERN,
  LOGO_URL_MAX_LENGTH,
  locales,
  PERMISSION_LABEL_MAX_LENGTH,
  PERMISSION_LABELS_MAX,
  PRODUCT_NAME_MAX_LENGTH,
} from '@guestlist/core';
import { z } from 'zod';
import { Email, Permission } from './common.ts';

export const Locale = z.enum(locales).meta({ description: 'A language of emails and pages (§11)' });

/** The branding settings (§11) as read. */
export const BrandingFields = {
  productName: z.string().meta({ description: 'What every email and page calls the product' }),
  logoUrl: z.string().nullable().meta({ description: 'An https image URL, or null' }),
  accentColor: z.string().meta({ description: 'The colour of buttons and links, `#rrggbb`' }),
  supportEmail: z.string().nullable().meta({ description: 'Where people may write, or null' }),
  permissionLabels: z.record(z.string(), z.string()).meta({
    description: 'Permission → the words people read instead of the raw string',
  }),
  defaultLocale: Locale.meta({
    description: 'The language when neither the invite nor the browser decides',
  }),
};

/** The branding settings as a patch takes them; core checks the same rules again. */
export const BrandingPatchFields = {
  productName: z.string().min(1).max(PRODUCT_NAME_MAX_LENGTH).optional(),
  logoUrl: z
    .string()
    .max(LOGO_URL_MAX_LENGTH)
    .nullable()
    .optional()
    .meta({ description: 'An https URL without credentials, or null' }),
  accentColor: z
    .string()
    .regex(ACCENT_COLOR_PATTERN)
    .optional()
    .meta({ examples: ['#0969da'] }),
  supportEmail: Email.nullable().optional(),
  permissionLabels: z
    .record(Permission, z.string().min(1).max(PERMISSION_LABEL_MAX_LENGTH))
    .refine((labels) => Object.keys(labels).length <= PERMISSION_LABELS_MAX, {
      message: `at most ${PERMISSION_LABELS_MAX} labels`,
    })
    .optional()
    .meta({
      description: `Replaces the labels; at most ${PERMISSION_LABELS_MAX}, each at most ${PERMISSION_LABEL_MAX_LENGTH} characters`,
      examples: [{ 'invite:read': 'see every invitation' }],
    }),
  defaultLocale: Locale.optional(),
};

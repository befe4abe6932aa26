import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { codeFormats } from '../../domain/codes.ts';
import { locales, registrationModes } from '../../domain/vocabulary.ts';

/** Instance-wide settings: a single row, id 1. */
export const SettingsSchema = defineEntity({
  name: 'Settings',
  tableName: 'settings',
  properties: {
    id: p.integer().primary().autoincrement(false).check('id = 1'),
    invitesEnabled: p.boolean().default(true),
    registration: p.enum(registrationModes).default('invite-only'),
    defaultInviteTtl: p.text().default('7d'),
    codeFormat: p.enum(codeFormats).default('token'),
    codePrefix: p.text().default(''),
    defaultPermissions: p.array().default([]),
    /** Origins (`https://app.example`) the invite page may send people to (§9 Redirects). */
    allowedRedirectOrigins: p.array().default([]),
    defaultRedirectUrl: p.text().nullable(),
    /** Branding (§11): what every email and page calls the product, and how it looks. */
    productName: p.text().default('Guestlist'),
    logoUrl: p.text().nullable(),
    accentColor: p.text().default('#1f883d'),
    supportEmail: p.text().nullable(),
    /** Permission → the words people read instead of the raw string. */
    permissionLabels: p.json<Record<string, string>>().default('{}'),
    defaultLocale: p.enum(locales).default('en'),
    updatedAt: p.datetime(3).defaultRaw('now()'),
  },
});

export type Settings = InferEntity<typeof SettingsSchema>;

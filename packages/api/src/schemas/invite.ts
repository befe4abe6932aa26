import {
  BULK_GRANTS_MAX_BYTES,
  deliveryStatuses,
  grantBytes,
  inviteStatuses,
  inviteTypes,
  jsonBytes,
  jsonValueCount,
  METADATA_MAX_BYTES,
  METADATA_MAX_VALUES,
  REDIRECT_URL_MAX_LENGTH,
} from '@guestlist/core';
import { z } from 'zod';
import { Locale } from './branding.ts';
import { exact, InviteRef, IsoDate, Uuid } from './common.ts';
import { inviteExample, inviteValidationExample } from './examples.ts';

export const InviteStatus = z.enum(inviteStatuses);
export const InviteType = z.enum(inviteTypes);

export const InviteSchema = z
  .object({
    id: Uuid,
    code: z
      .string()
      .nullable()
      .meta({ description: 'The secret; shown to holders of invite:read and to the inviter' }),
    url: z.string().nullable().meta({ description: '{PUBLIC_URL}/i/{code}' }),
    type: InviteType,
    status: InviteStatus,
    email: z.string().nullable(),
    inviterId: Uuid.nullable(),
    inviter: z.object({ id: Uuid, username: z.string(), name: z.string().nullable() }).nullable(),
    inviteeId: Uuid.nullable(),
    namespace: z.object({ id: Uuid, path: z.string() }).nullable(),
    role: z.string().nullable(),
    permissions: z.array(z.string()),
    groups: z.array(z.object({ id: Uuid, name: z.string() })),
    metadata: z.record(z.string(), z.unknown()),
    redirectUrl: z.string().nullable().meta({
      description:
        'Where the invite page sends the person when done (§9 Redirects); followed only while its origin is allowed',
    }),
    locale: Locale.nullable().meta({
      description:
        "The language of its email and page (§11); null: the browser's, else `defaultLocale`",
    }),
    maxUses: z.number().int().nullable(),
    uses: z.number().int(),
    expiresAt: IsoDate.nullable(),
    delivery: z
      .object({
        status: z.enum(deliveryStatuses),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
        sentAt: IsoDate.nullable(),
      })
      .nullable(),
    createdAt: IsoDate,
    updatedAt: IsoDate,
    acceptedAt: IsoDate.nullable(),
    canceledAt: IsoDate.nullable(),
  })
  .meta({ id: 'Invite', examples: [inviteExample] });
export type Invite = z.infer<typeof InviteSchema>;

export const InviteValidationSchema = z
  .object({
    valid: z.literal(true),
    type: InviteType,
    status: InviteStatus,
    expiresAt: IsoDate.nullable(),
    inviter: z.object({ name: z.string().nullable() }).nullable(),
    namespace: z.object({ id: Uuid, path: z.string() }).nullable(),
    email: z
      .string()
      .nullable()
      .meta({ description: 'The bound address, masked: j***@example.com' }),
    locale: Locale.nullable(),
  })
  .meta({ id: 'InviteValidation', examples: [inviteValidationExample] });

export const Metadata = z
  .record(z.string().max(256), z.unknown())
  .check((ctx) => {
    if (jsonValueCount(ctx.value, METADATA_MAX_VALUES) > METADATA_MAX_VALUES) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `at most ${METADATA_MAX_VALUES} JSON values`,
      });
    } else if (jsonBytes(ctx.value) > METADATA_MAX_BYTES) {
      ctx.issues.push({ code: 'custom', input: ctx.value, message: 'at most 16 KiB of JSON' });
    }
  })
  .meta({
    description: `Free JSON, at most 16 KiB and ${METADATA_MAX_VALUES} values (objects, arrays, strings, numbers…)`,
  });

/**
 * Refuses a bulk request whose grants, repeated once per invite, weigh more than
 * BULK_GRANTS_MAX_BYTES (spec R22): the caller learns how many invites fit.
 */
export function withinBulkBudget(
  ctx: z.core.ParsePayload<{
    permissions?: string[] | undefined;
    groups?: string[] | undefined;
    metadata?: Record<string, unknown> | undefined;
  }>,
  invites: number,
  path: string,
) {
  const each = grantBytes(ctx.value);
  if (each === 0 || each * invites <= BULK_GRANTS_MAX_BYTES) return;
  const fit = Math.max(1, Math.floor(BULK_GRANTS_MAX_BYTES / each));
  ctx.issues.push({
    code: 'custom',
    input: invites,
    path: [path],
    message: `${invites} invites carrying ${each} bytes of permissions, groups and metadata each are over the ${BULK_GRANTS_MAX_BYTES / 1024 / 1024} MiB one request may make: at most ${fit} at once`,
  });
}
export const ExpiresIn = z
  .string()
  .max(32)
  .meta({ description: 'A duration (90s, 30m, 12h, 7d) or "never"', examples: ['7d', 'never'] });
export const ExpiresAt = z
  .string()
  .max(64)
  .nullable()
  .meta({
    description: 'An ISO-8601 date in the future; null for never',
    examples: ['2030-01-01T00:00:00Z'],
  });
export const MaxUses = exact(z.number().int().min(1).max(1_000_000).nullable()).meta({
  description: 'null = unlimited',
});

export const RedirectUrl = z
  .string()
  .max(REDIRECT_URL_MAX_LENGTH)
  .nullable()
  .meta({
    description:
      "An absolute http(s) URL on one of the settings' `allowedRedirectOrigins` (400 INVALID_REDIRECT_URL otherwise); null for none",
    examples: ['https://app.acme.dev/welcome'],
  });

export const InviteRefInput = z.strictObject({ invite: InviteRef });

export const InvitePage = z.object({
  data: z.array(InviteSchema),
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});

/** Invites with their total, unpaged: `/me/invites` and a namespace's invites. */
export const InviteList = z.object({ data: z.array(InviteSchema), total: z.number().int() });

import {
  BULK_GRANTS_MAX_BYTES,
  grantBytes,
  jsonBytes,
  jsonValueCount,
  MAX_COUNT,
  MAX_SEND,
  METADATA_MAX_BYTES,
  METADATA_MAX_VALUES,
  normalizeEmail,
  sorts,
} from '@guestlist/core';
import { z } from 'zod';
import { GroupRefs } from './accounts.ts';
import {
  Email,
  exact,
  InviteRef,
  IsoDate,
  PageNumber,
  PageSize,
  Permissions,
  Uuid,
} from './common.ts';
import { inviteExample, inviteValidationExample } from './examples.ts';

export const InviteStatus = z.enum(['pending', 'accepted', 'declined', 'canceled', 'expired']);
export const InviteType = z.enum(['account', 'namespace']);

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
    maxUses: z.number().int().nullable(),
    uses: z.number().int(),
    expiresAt: IsoDate.nullable(),
    delivery: z
      .object({
        status: z.enum(['queued', 'sent', 'failed']),
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
  })
  .meta({ id: 'InviteValidation', examples: [inviteValidationExample] });

const Metadata = z
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
function withinBulkBudget(
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
const ExpiresIn = z
  .string()
  .max(32)
  .meta({ description: 'A duration (90s, 30m, 12h, 7d) or "never"', examples: ['7d', 'never'] });
const ExpiresAt = z
  .string()
  .max(64)
  .nullable()
  .meta({
    description: 'An ISO-8601 date in the future; null for never',
    examples: ['2030-01-01T00:00:00Z'],
  });
const MaxUses = exact(z.number().int().min(1).max(1_000_000).nullable()).meta({
  description: 'null = unlimited',
});

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
    inviterId: Uuid.optional(),
    notify: exact(z.boolean()).optional(),
  })
  .check((ctx) =>
    withinBulkBudget(ctx, ctx.value.email === undefined ? (ctx.value.count ?? 1) : 1, 'count'),
  );

export const UpdateInviteInput = z.strictObject({
  invite: InviteRef,
  email: Email.nullable().optional(),
  permissions: Permissions.optional(),
  groups: GroupRefs.optional(),
  metadata: Metadata.optional(),
  expiresAt: ExpiresAt.optional(),
  expiresIn: ExpiresIn.optional(),
  maxUses: MaxUses.optional(),
});

export const InviteRefInput = z.strictObject({ invite: InviteRef });

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
    inviterId: Uuid.optional(),
  })
  .check((ctx) => {
    const emails = typeof ctx.value.email === 'string' ? [ctx.value.email] : ctx.value.email;
    withinBulkBudget(ctx, new Set(emails.map(normalizeEmail)).size, 'email');
  });

export const ResendInviteInput = z.strictObject({
  invite: InviteRef,
  extend: z
    .union([exact(z.boolean()), ExpiresIn])
    .optional()
    .meta({
      description:
        'Restart the expiry clock from now: true for the default lifetime, or a duration (7d)',
      examples: [true, '7d'],
    }),
});

const Match = z.union([
  z.string().max(256),
  z.strictObject({ in: z.array(z.string().max(256)).min(1).max(100) }),
  z.strictObject({ nin: z.array(z.string().max(256)).min(1).max(100) }),
]);
const DateRange = z.strictObject({
  eq: IsoDate.optional(),
  gte: IsoDate.optional(),
  lte: IsoDate.optional(),
});

/** The list query as a typed object (tRPC); REST spells it with `filter[...]` keys. */
export const ListInvitesInput = z
  .strictObject({
    filter: z
      .strictObject({
        code: Match.optional(),
        status: Match.optional(),
        type: Match.optional(),
        email: Match.optional(),
        inviterId: Match.optional(),
        inviteeId: Match.optional(),
        namespace: Match.optional(),
        expiresAt: DateRange.optional(),
        createdAt: DateRange.optional(),
      })
      .optional(),
    sort: z.enum(sorts).optional(),
    page: z
      .strictObject({
        size: PageSize.optional(),
        number: PageNumber.optional(),
        after: z.string().max(512).optional(),
      })
      .optional(),
  })
  .optional();

export const InvitePage = z.object({
  data: z.array(InviteSchema),
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});

import { GROUP_REFS_MAX } from '@guestlist/core';
import { z } from 'zod';
import { IsoDate, Uuid } from './common.ts';
import { authResultExample, groupExample, redemptionExample, userExample } from './examples.ts';

export const GroupRef = z.object({ id: Uuid, name: z.string() });

export const UserSchema = z
  .object({
    id: Uuid,
    email: z.string(),
    emailVerified: z.boolean(),
    username: z.string(),
    name: z.string().nullable(),
    permissions: z.array(z.string()),
    groups: z.array(GroupRef),
    effectivePermissions: z.array(z.string()),
    createdAt: IsoDate,
  })
  .meta({ id: 'User', examples: [userExample] });

export const AuthResultSchema = z
  .object({
    user: UserSchema,
    token: z.string().meta({ description: 'Session bearer token (30 days). Shown once.' }),
  })
  .meta({ id: 'AuthResult', examples: [authResultExample] });

export const GroupSchema = z
  .object({
    id: Uuid,
    name: z.string(),
    permissions: z.array(z.string()),
    createdAt: IsoDate,
    updatedAt: IsoDate,
  })
  .meta({ id: 'Group', examples: [groupExample] });

/** Groups are `{ id }` objects; plain id strings are accepted too (spec §5). */
export const GroupRefs = z
  .array(z.union([z.object({ id: Uuid }).strict(), Uuid]))
  .max(GROUP_REFS_MAX)
  .transform((refs) => refs.map((ref) => (typeof ref === 'string' ? ref : ref.id)));

export const RedemptionSchema = z
  .object({
    user: z
      .object({ id: Uuid, username: z.string(), name: z.string().nullable() })
      .nullable()
      .meta({ description: 'The Guestlist user who accepted it; null for a subject' }),
    subject: z
      .string()
      .nullable()
      .meta({ description: "The application's id for its user, when it redeemed the invite" }),
    at: IsoDate,
  })
  .meta({ id: 'Redemption', examples: [redemptionExample] });

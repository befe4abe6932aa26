import { GROUP_REFS_MAX, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@guestlist/core';
import { z } from 'zod';
import {
  Email,
  IsoDate,
  PageNumber,
  PageSize,
  Permissions,
  RestPageParams,
  Uuid,
} from './common.ts';
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

export const RegisterInput = z.strictObject({
  email: Email,
  username: z
    .string()
    .min(2)
    .max(39)
    .meta({ description: '[a-z0-9][a-z0-9-_]{1,38}', examples: ['ada'] }),
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
  name: z.string().trim().min(1).max(200).optional(),
  inviteCode: z.string().min(1).max(256).optional(),
});

export const LoginInput = z.strictObject({
  handle: z.string().min(1).max(254).meta({ description: 'Username or email' }),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

export const GroupSchema = z
  .object({
    id: Uuid,
    name: z.string(),
    permissions: z.array(z.string()),
    createdAt: IsoDate,
    updatedAt: IsoDate,
  })
  .meta({ id: 'Group', examples: [groupExample] });

const GroupName = z.string().trim().min(1).max(100);
export const CreateGroupInput = z.strictObject({ name: GroupName, permissions: Permissions });
export const UpdateGroupInput = z.strictObject({
  id: Uuid,
  name: GroupName.optional(),
  permissions: Permissions.optional(),
});

/** Groups are `{ id }` objects; plain id strings are accepted too (spec §5). */
export const GroupRefs = z
  .array(z.union([z.object({ id: Uuid }).strict(), Uuid]))
  .max(GROUP_REFS_MAX)
  .transform((refs) => refs.map((ref) => (typeof ref === 'string' ? ref : ref.id)));

export const UpdateUserInput = z.strictObject({
  id: Uuid,
  permissions: Permissions.optional(),
  groups: GroupRefs.optional(),
});

export const RedemptionSchema = z
  .object({
    user: z.object({ id: Uuid, username: z.string(), name: z.string().nullable() }),
    at: IsoDate,
  })
  .meta({ id: 'Redemption', examples: [redemptionExample] });

export const UsersPageQuery = z.strictObject(RestPageParams);

export const UsersPage = z.object({ data: z.array(UserSchema), total: z.number().int() });
export const TypedPage = z
  .strictObject({ size: PageSize.optional(), number: PageNumber.optional() })
  .optional();

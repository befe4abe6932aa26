import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** An account. `email` is stored lower-cased, so uniqueness is case-insensitive. */
export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    email: p.text().unique('users_email_key'),
    emailVerified: p.boolean().default(false),
    username: p.text().unique('users_username_key'),
    name: p.text().nullable(),
    /** argon2id (PHC string). */
    passwordHash: p.text(),
    /** Granted directly; `effectivePermissions` adds those of the user's groups. */
    permissions: p.array().default([]),
    createdAt: p.datetime(3).defaultRaw('now()'),
    updatedAt: p.datetime(3).defaultRaw('now()'),
  },
  indexes: [{ name: 'users_created_at_id_idx', properties: ['createdAt', 'id'] }],
});

export type User = InferEntity<typeof UserSchema>;

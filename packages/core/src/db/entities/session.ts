import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { UserSchema } from './user.ts';

/** A signed-in user's bearer token, kept only as its SHA-256 digest (spec §7). */
export const SessionSchema = defineEntity({
  name: 'Session',
  tableName: 'sessions',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    user: () => p.manyToOne(UserSchema).deleteRule('cascade').index('sessions_user_id_idx'),
    tokenDigest: p.blob().unique('sessions_token_digest_key'),
    createdAt: p.datetime(3).defaultRaw('now()'),
    expiresAt: p.datetime(3),
    revokedAt: p.datetime(3).nullable(),
    ip: p.text().nullable(),
  },
});

export type Session = InferEntity<typeof SessionSchema>;

import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { UserSchema } from './user.ts';

/** A server's credential. Only the SHA-256 digest of its secret is kept (spec §7). */
export const ApiKeySchema = defineEntity({
  name: 'ApiKey',
  tableName: 'api_keys',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    name: p.text(),
    /** The first characters of the secret (`gl_AbCd`), so a person can tell keys apart. */
    prefix: p.text(),
    secretDigest: p.blob().unique('api_keys_secret_digest_key'),
    permissions: p.array().default([]),
    /**
     * The user who minted it, directly or through a key they minted: the key never holds more
     * than this user does now (R21). Null for the operator's keys and those they mint.
     * The constraint's and index's names are those the trust migration gave them.
     */
    createdByUser: () =>
      p
        .manyToOne(UserSchema)
        .nullable()
        .deleteRule('cascade')
        .foreignKeyName('api_keys_created_by_user_id_fkey')
        .index('api_keys_created_by_user_id_idx'),
    /** The operator's key: from ADMIN_API_KEY or generated at first start. */
    bootstrap: p.boolean().default(false),
    createdAt: p.datetime(3).defaultRaw('now()'),
    lastUsedAt: p.datetime(3).nullable(),
    revokedAt: p.datetime(3).nullable(),
  },
});

export type ApiKey = InferEntity<typeof ApiKeySchema>;

import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { accountTokenPurposes } from '../../domain/vocabulary.ts';
import { UserSchema } from './user.ts';

/**
 * A single-use link token of an account (spec §8): email verification or password reset. Kept
 * only as its SHA-256 digest; `email` is the address the token proves, so a token sent to an
 * address the account has since left proves nothing.
 */
export const AccountTokenSchema = defineEntity({
  name: 'AccountToken',
  tableName: 'account_tokens',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    user: () => p.manyToOne(UserSchema).deleteRule('cascade').index('account_tokens_user_id_idx'),
    purpose: p.enum(accountTokenPurposes),
    tokenDigest: p.blob().unique('account_tokens_token_digest_key'),
    email: p.text(),
    expiresAt: p.datetime(3),
    usedAt: p.datetime(3).nullable(),
    createdAt: p.datetime(3).defaultRaw('now()'),
  },
});

export type AccountToken = InferEntity<typeof AccountTokenSchema>;

import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { deliveryStatuses, inviteStatuses, inviteTypes, locales } from '../../domain/vocabulary.ts';
import { NamespaceSchema } from './namespace.ts';
import { UserSchema } from './user.ts';

export const InviteSchema = defineEntity({
  name: 'Invite',
  tableName: 'invites',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    /** HMAC-SHA256 of the code under SECRET_KEY: the only form in which codes are looked up. */
    codeDigest: p.blob().unique('invites_code_digest_key'),
    /** AES-256-GCM ciphertext of the code, to show it again to those allowed to see it. */
    codeCiphertext: p.text(),
    type: p.enum(inviteTypes).default('account'),
    status: p.enum(inviteStatuses).default('pending'),
    /** Lower-cased address the invite is bound to. */
    email: p.text().nullable(),
    /** Whoever bound `email` held user:write: redeeming the code proves the address (R9). */
    emailVouched: p.boolean().default(false),
    // A deleted account leaves its invites behind, without a name on them.
    inviter: () => p.manyToOne(UserSchema).nullable().deleteRule('set null'),
    /** The API key that created it, when no user did. */
    createdByKeyId: p.uuid().nullable(),
    invitee: () => p.manyToOne(UserSchema).nullable().deleteRule('set null'),
    // A namespace's invites go with it.
    namespace: () => p.manyToOne(NamespaceSchema).nullable().deleteRule('cascade'),
    role: p.text().nullable(),
    permissions: p.array().default([]),
    metadata: p.json<Record<string, unknown>>().default('{}'),
    /** Where the invite page sends the person when done (§9), checked again when used. */
    redirectUrl: p.text().nullable(),
    /** The language of its email and page (§11); null: the browser's, else the default. */
    locale: p.enum(locales).nullable(),
    maxUses: p.integer().nullable().default(1),
    uses: p.integer().default(0),
    expiresAt: p.datetime(3).nullable(),
    createdAt: p.datetime(3).defaultRaw('now()'),
    updatedAt: p.datetime(3).defaultRaw('now()'),
    acceptedAt: p.datetime(3).nullable(),
    canceledAt: p.datetime(3).nullable(),
    /** The invite's email (spec §4 `delivery`): null when none was queued. */
    deliveryStatus: p.enum(deliveryStatuses).nullable(),
    /**
     * Names the current delivery: set when an email is queued, renewed by a resend. A job for
     * an older delivery finds it changed and does nothing.
     */
    deliveryId: p.uuid().nullable(),
    /** A worker is sending it until then: another copy of the job waits instead of sending twice. */
    deliveryClaimedUntil: p.datetime(3).nullable(),
    deliveryAttempts: p.integer().default(0),
    deliveryLastError: p.text().nullable(),
    deliverySentAt: p.datetime(3).nullable(),
  },
  // Every documented sort has an index ending in `id`, the tie-breaker of keyset pages.
  indexes: [
    { name: 'invites_created_at_id_idx', properties: ['createdAt', 'id'] },
    { name: 'invites_updated_at_id_idx', properties: ['updatedAt', 'id'] },
    {
      // "Never expires" sorts after every date, as NULLS LAST does, but as a value that
      // keyset comparisons can use.
      name: 'invites_expires_sort_idx',
      expression: `create index "invites_expires_sort_idx" on "invites" ((coalesce("expires_at", 'infinity'::timestamptz)), "id")`,
    },
    { name: 'invites_status_created_at_idx', properties: ['status', 'createdAt', 'id'] },
    { name: 'invites_inviter_id_idx', properties: ['inviter', 'createdAt', 'id'] },
    { name: 'invites_created_by_key_id_idx', properties: ['createdByKeyId', 'createdAt', 'id'] },
    { name: 'invites_email_idx', properties: ['email', 'createdAt', 'id'] },
    { name: 'invites_invitee_id_idx', properties: ['invitee', 'createdAt', 'id'] },
    { name: 'invites_type_created_at_idx', properties: ['type', 'createdAt', 'id'] },
    { name: 'invites_namespace_id_idx', properties: ['namespace', 'createdAt', 'id'] },
    {
      // One pending invite per person and namespace (spec R11), whether addressed by user or email.
      name: 'invites_pending_invitee_key',
      expression: `create unique index "invites_pending_invitee_key" on "invites" ("namespace_id", "invitee_id") where "status" = 'pending' and "namespace_id" is not null and "invitee_id" is not null`,
    },
    {
      name: 'invites_pending_email_key',
      expression: `create unique index "invites_pending_email_key" on "invites" ("namespace_id", "email") where "status" = 'pending' and "namespace_id" is not null and "email" is not null`,
    },
    {
      // The expiry sweep looks only at pending invites with a date.
      name: 'invites_pending_expires_at_idx',
      expression: `create index "invites_pending_expires_at_idx" on "invites" ("expires_at") where "status" = 'pending' and "expires_at" is not null`,
    },
  ],
});

export type Invite = InferEntity<typeof InviteSchema>;

import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { InviteSchema } from './invite.ts';
import { UserSchema } from './user.ts';

/**
 * One use of an invite: who redeemed it and when. A multi-use invite has many. Its redeemer is
 * a Guestlist user, or a `subject`: an application's own id for its user, when the application
 * redeemed the invite for them (§9). Exactly one of the two is set.
 */
export const RedemptionSchema = defineEntity({
  name: 'Redemption',
  tableName: 'redemptions',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    // Goes with its invite (R14 deletes the invite; the audit log keeps the history).
    invite: () =>
      p.manyToOne(InviteSchema).deleteRule('cascade').index('redemptions_invite_id_idx'),
    user: () => p.manyToOne(UserSchema).nullable().deleteRule('cascade'),
    subject: p.text().nullable(),
    at: p.datetime(3).defaultRaw('now()'),
  },
  checks: [
    { name: 'redemptions_redeemer_check', expression: 'num_nonnulls(user_id, subject) = 1' },
  ],
  // A user, or a subject, redeems an invite once, however many uses it has.
  uniques: [
    { name: 'redemptions_invite_id_user_id_key', properties: ['invite', 'user'] },
    { name: 'redemptions_invite_id_subject_key', properties: ['invite', 'subject'] },
  ],
});

export type Redemption = InferEntity<typeof RedemptionSchema>;

import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { InviteSchema } from './invite.ts';
import { UserSchema } from './user.ts';

/** One use of an invite: who redeemed it and when. A multi-use invite has many. */
export const RedemptionSchema = defineEntity({
  name: 'Redemption',
  tableName: 'redemptions',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    // Goes with its invite (R14 deletes the invite; the audit log keeps the history).
    invite: () =>
      p.manyToOne(InviteSchema).deleteRule('cascade').index('redemptions_invite_id_idx'),
    user: () => p.manyToOne(UserSchema).deleteRule('cascade'),
    at: p.datetime(3).defaultRaw('now()'),
  },
  // A user redeems an invite once, however many uses it has.
  uniques: [{ name: 'redemptions_invite_id_user_id_key', properties: ['invite', 'user'] }],
});

export type Redemption = InferEntity<typeof RedemptionSchema>;

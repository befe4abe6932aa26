import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { InviteSchema } from './invite.ts';
import { UserSchema } from './user.ts';

/** A named set of permissions that users join. */
export const GroupSchema = defineEntity({
  name: 'Group',
  tableName: 'groups',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    name: p.text().unique('groups_name_key'),
    permissions: p.array().default([]),
    createdAt: p.datetime(3).defaultRaw('now()'),
    updatedAt: p.datetime(3).defaultRaw('now()'),
  },
});

export type Group = InferEntity<typeof GroupSchema>;

/** Membership of a user in a group. */
export const UserGroupSchema = defineEntity({
  name: 'UserGroup',
  tableName: 'user_groups',
  properties: {
    user: () => p.manyToOne(UserSchema).primary().deleteRule('cascade'),
    group: () =>
      p.manyToOne(GroupSchema).primary().deleteRule('cascade').index('user_groups_group_id_idx'),
  },
});

/** The groups an account invite makes its redeemer join. */
export const InviteGroupSchema = defineEntity({
  name: 'InviteGroup',
  tableName: 'invite_groups',
  properties: {
    invite: () => p.manyToOne(InviteSchema).primary().deleteRule('cascade'),
    group: () =>
      p.manyToOne(GroupSchema).primary().deleteRule('cascade').index('invite_groups_group_id_idx'),
  },
});

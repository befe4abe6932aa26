import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { actorTypes } from '../../domain/vocabulary.ts';

/**
 * Who did what to which invite (or key, setting, user), when and from where. Deliberately no
 * foreign keys: an event outlives what it is about (R14).
 */
export const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_events',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    /** `invite.created`, `api_key.revoked`, `settings.updated`, ... */
    action: p.text(),
    actorType: p.enum(actorTypes),
    actorId: p.uuid().nullable(),
    targetType: p.text(),
    targetId: p.uuid().nullable(),
    inviteId: p.uuid().nullable(),
    ip: p.text().nullable(),
    /** What changed; never a secret (spec §7). */
    data: p.json<Record<string, unknown>>().default('{}'),
    createdAt: p.datetime(3).defaultRaw('now()'),
  },
  indexes: [
    { name: 'audit_events_created_at_idx', properties: ['createdAt', 'id'] },
    { name: 'audit_events_invite_id_idx', properties: ['inviteId', 'createdAt'] },
    { name: 'audit_events_actor_id_idx', properties: ['actorId', 'createdAt'] },
    { name: 'audit_events_action_idx', properties: ['action', 'createdAt'] },
  ],
});

export type AuditEvent = InferEntity<typeof AuditEventSchema>;

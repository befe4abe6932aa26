import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const WebhookSchema = defineEntity({
  name: 'Webhook',
  tableName: 'webhooks',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    url: p.text(),
    events: p.array(),
    /**
     * The signing secret must be usable to sign, so unlike codes it cannot be a digest: it is
     * kept as AES-256-GCM ciphertext under SECRET_KEY (spec §7: no usable secret in a dump).
     */
    secretCiphertext: p.text(),
    /**
     * The secret a rotation replaced, sealed like the current one, and until when deliveries
     * are also signed with it (spec §9: 24 hours), so receivers can switch without a gap.
     */
    previousSecretCiphertext: p.text().nullable(),
    previousSecretExpiresAt: p.datetime(3).nullable(),
    /** A disabled webhook is given no new deliveries. */
    enabled: p.boolean().default(true),
    createdAt: p.datetime(3).defaultRaw('now()'),
  },
  // Fan-out asks "who listens to invite.X?" on every event.
  indexes: [
    {
      name: 'webhooks_events_idx',
      expression: `create index "webhooks_events_idx" on "webhooks" using gin ("events")`,
    },
  ],
});

export type Webhook = InferEntity<typeof WebhookSchema>;

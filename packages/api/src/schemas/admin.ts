import {
  actorTypes,
  codeFormats,
  registrationModes,
  WEBHOOK_ALL_EVENTS,
  webhookDeliveryStatuses,
  webhookEvents,
} from '@guestlist/core';
import { z } from 'zod';
import { BrandingFields } from './branding.ts';
import { IsoDate, Uuid } from './common.ts';
import {
  apiKeyExample,
  auditEventExample,
  createdApiKeyExample,
  createdWebhookExample,
  rotatedWebhookExample,
  settingsExample,
  webhookDeliveryExample,
  webhookExample,
} from './examples.ts';

export const RegistrationMode = z.enum(registrationModes);

export const SettingsSchema = z
  .object({
    invitesEnabled: z.boolean(),
    registration: RegistrationMode,
    defaultInviteTtl: z.string(),
    codeFormat: z.enum(codeFormats),
    codePrefix: z.string(),
    defaultPermissions: z.array(z.string()),
    allowedRedirectOrigins: z
      .array(z.string())
      .meta({ description: 'Origins the invite page may redirect to (§9 Redirects)' }),
    defaultRedirectUrl: z.string().nullable().meta({
      description:
        'Where the invite page redirects when the invite has no `redirectUrl` of its own',
    }),
    ...BrandingFields,
    updatedAt: IsoDate,
  })
  .meta({ id: 'Settings', examples: [settingsExample] });

export const ApiKeySchema = z
  .object({
    id: Uuid,
    name: z.string(),
    prefix: z
      .string()
      .meta({ description: 'The first characters of the secret, to tell keys apart' }),
    permissions: z.array(z.string()),
    createdAt: IsoDate,
    lastUsedAt: IsoDate.nullable(),
    revokedAt: IsoDate.nullable(),
  })
  .meta({ id: 'ApiKey', examples: [apiKeyExample] });

export const CreatedApiKeySchema = ApiKeySchema.extend({
  secret: z
    .string()
    .meta({ description: 'The bearer secret. Shown this once; only its digest is kept.' }),
}).meta({ id: 'CreatedApiKey', examples: [createdApiKeyExample] });

/** An event, or `*` for every event (those added later included), which stands alone. */
export const WebhookSubscriptionSchema = z.union([
  z.enum(webhookEvents),
  z.literal(WEBHOOK_ALL_EVENTS),
]);

export const WebhookSchema = z
  .object({
    id: Uuid,
    url: z.string(),
    events: z.array(WebhookSubscriptionSchema),
    enabled: z.boolean().meta({ description: 'A disabled webhook gets no new deliveries' }),
    createdAt: IsoDate,
  })
  .meta({ id: 'Webhook', examples: [webhookExample] });

export const RotatedWebhookSchema = WebhookSchema.extend({
  secret: z.string().meta({
    description: 'The new signing secret (`whsec_...`). Shown this once.',
  }),
  previousSecretExpiresAt: IsoDate.meta({
    description: 'Until then, deliveries are signed with the replaced secret too',
  }),
}).meta({ id: 'RotatedWebhook', examples: [rotatedWebhookExample] });

export const WebhookDeliverySchema = z
  .object({
    id: Uuid,
    event: z.enum(webhookEvents),
    messageId: z.string().meta({
      description: 'The `webhook-id` header of every attempt and retry of this delivery',
    }),
    status: z.enum(webhookDeliveryStatuses),
    attempts: z.number().int(),
    responseStatus: z.number().int().nullable(),
    durationMs: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: IsoDate,
    deliveredAt: IsoDate.nullable(),
  })
  .meta({ id: 'WebhookDelivery', examples: [webhookDeliveryExample] });

export const CreatedWebhookSchema = WebhookSchema.extend({
  secret: z.string().meta({
    description:
      'The Standard Webhooks signing secret (`whsec_...`). Shown this once: verify deliveries with it.',
  }),
}).meta({ id: 'CreatedWebhook', examples: [createdWebhookExample] });

export const AuditEventSchema = z
  .object({
    id: Uuid,
    action: z.string(),
    actor: z.object({ type: z.enum(actorTypes), id: Uuid.nullable() }),
    target: z.object({ type: z.string(), id: Uuid.nullable() }),
    inviteId: Uuid.nullable(),
    ip: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    createdAt: IsoDate,
  })
  .meta({ id: 'AuditEvent', examples: [auditEventExample] });

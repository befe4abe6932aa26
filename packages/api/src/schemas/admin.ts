import { codeFormats, WEBHOOK_URL_MAX_LENGTH, webhookEvents } from '@guestlist/core';
import { z } from 'zod';
import { CodePrefix, exact, IsoDate, PageNumber, PageSize, Permissions, Uuid } from './common.ts';
import {
  apiKeyExample,
  auditEventExample,
  createdApiKeyExample,
  createdWebhookExample,
  settingsExample,
  webhookExample,
} from './examples.ts';

export const RegistrationMode = z.enum(['open', 'invite-only', 'closed']);

export const SettingsSchema = z
  .object({
    invitesEnabled: z.boolean(),
    registration: RegistrationMode,
    defaultInviteTtl: z.string(),
    codeFormat: z.enum(codeFormats),
    codePrefix: z.string(),
    defaultPermissions: z.array(z.string()),
    updatedAt: IsoDate,
  })
  .meta({ id: 'Settings', examples: [settingsExample] });

export const UpdateSettingsInput = z.strictObject({
  invitesEnabled: exact(z.boolean()).optional(),
  registration: RegistrationMode.optional(),
  defaultInviteTtl: z
    .string()
    .max(32)
    .optional()
    .meta({ examples: ['7d', 'never'] }),
  codeFormat: z.enum(codeFormats).optional(),
  codePrefix: CodePrefix.optional(),
  defaultPermissions: Permissions.optional(),
});

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

export const CreateApiKeyInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  permissions: Permissions.min(1),
});

export const WebhookSchema = z
  .object({
    id: Uuid,
    url: z.string(),
    events: z.array(z.enum(webhookEvents)),
    createdAt: IsoDate,
  })
  .meta({ id: 'Webhook', examples: [webhookExample] });

export const CreatedWebhookSchema = WebhookSchema.extend({
  secret: z.string().meta({
    description:
      'The Standard Webhooks signing secret (`whsec_...`). Shown this once: verify deliveries with it.',
  }),
}).meta({ id: 'CreatedWebhook', examples: [createdWebhookExample] });

export const CreateWebhookInput = z.strictObject({
  url: z
    .string()
    .max(WEBHOOK_URL_MAX_LENGTH)
    .meta({ description: 'http or https; loopback and private addresses are refused' }),
  events: z.array(z.enum(webhookEvents)).min(1).max(webhookEvents.length),
});

export const AuditEventSchema = z
  .object({
    id: Uuid,
    action: z.string(),
    actor: z.object({ type: z.enum(['user', 'api_key', 'system']), id: Uuid.nullable() }),
    target: z.object({ type: z.string(), id: Uuid.nullable() }),
    inviteId: Uuid.nullable(),
    ip: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    createdAt: IsoDate,
  })
  .meta({ id: 'AuditEvent', examples: [auditEventExample] });

export const ListAuditInput = z
  .strictObject({
    filter: z
      .strictObject({
        action: z.string().max(100).optional(),
        inviteId: Uuid.optional(),
        actorId: Uuid.optional(),
      })
      .optional(),
    page: z.strictObject({ size: PageSize.optional(), number: PageNumber.optional() }).optional(),
  })
  .optional();

export const AuditPage = z.object({ data: z.array(AuditEventSchema), total: z.number().int() });

import { AccountTokenSchema } from './account-token.ts';
import { ApiKeySchema } from './api-key.ts';
import { AuditEventSchema } from './audit-event.ts';
import { GroupSchema, InviteGroupSchema, UserGroupSchema } from './group.ts';
import { InviteSchema } from './invite.ts';
import { CollaboratorSchema, NamespaceSchema } from './namespace.ts';
import { RateLimitSchema } from './rate-limit.ts';
import { RedemptionSchema } from './redemption.ts';
import { SessionSchema } from './session.ts';
import { SettingsSchema } from './settings.ts';
import { TemplateSchema } from './template.ts';
import { UserSchema } from './user.ts';
import { WebhookSchema } from './webhook.ts';
import { WebhookDeliverySchema } from './webhook-delivery.ts';

export * from './account-token.ts';
export * from './api-key.ts';
export * from './audit-event.ts';
export * from './group.ts';
export * from './invite.ts';
export * from './namespace.ts';
export * from './rate-limit.ts';
export * from './redemption.ts';
export * from './session.ts';
export * from './settings.ts';
export * from './template.ts';
export * from './user.ts';
export * from './webhook.ts';
export * from './webhook-delivery.ts';

export const entities = [
  InviteSchema,
  RedemptionSchema,
  ApiKeySchema,
  SettingsSchema,
  AuditEventSchema,
  UserSchema,
  GroupSchema,
  UserGroupSchema,
  InviteGroupSchema,
  SessionSchema,
  RateLimitSchema,
  NamespaceSchema,
  CollaboratorSchema,
  WebhookSchema,
  WebhookDeliverySchema,
  AccountTokenSchema,
  TemplateSchema,
];

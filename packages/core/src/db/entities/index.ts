import { ApiKeySchema } from './api-key.ts';
import { AuditEventSchema } from './audit-event.ts';
import { InviteSchema } from './invite.ts';
import { RedemptionSchema } from './redemption.ts';
import { SettingsSchema } from './settings.ts';

export * from './api-key.ts';
export * from './audit-event.ts';
export * from './invite.ts';
export * from './redemption.ts';
export * from './settings.ts';

export const entities = [
  InviteSchema,
  RedemptionSchema,
  ApiKeySchema,
  SettingsSchema,
  AuditEventSchema,
];

export * from './domain/branding.ts';
export {
  ACCOUNT_TOKEN_PATTERN,
  API_KEY_PATTERN,
  type CodeFormat,
  codeFormats,
  generateApiKeySecret,
  generateCode,
  generateSessionToken,
  isUuid,
} from './domain/codes.ts';
export { isDuration, parseDuration } from './domain/duration.ts';
export { maskEmail, normalizeEmail } from './domain/email.ts';
export {
  CurrentPasswordWrong,
  DomainError,
  type ErrorCode,
  errorCatalog,
  type FieldIssue,
  isDomainError,
  isUnavailable,
} from './domain/errors.ts';
export * from './domain/invite-query.ts';
export * from './domain/limits.ts';
export { type PageRequest, pageWindow } from './domain/paging.ts';
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './domain/passwords.ts';
export { implies, isPermitted, isValidPermission } from './domain/permissions.ts';
export { type Actor, can, type Principal } from './domain/principal.ts';
export { generateSecretKey, SecretBox, tokenDigest } from './domain/secrets.ts';
export { Semaphore } from './domain/semaphore.ts';
export type * from './domain/types.ts';
export * from './domain/vocabulary.ts';
export {
  type ParsedWebhookUrl,
  parseWebhookUrl,
  WEBHOOK_URL_MAX_LENGTH,
  type WebhookAddressCheck,
  type WebhookAddressVerdict,
} from './domain/webhook-url.ts';
export { createGuestlist, type Guestlist, type GuestlistConfig } from './guestlist.ts';
export {
  type AccountEmailJob,
  DEFAULT_RETRY_POLICY,
  type EmailJob,
  type LegacyWebhookJob,
  queues,
  type RetryPolicy,
  type WebhookJob,
} from './jobs/queues.ts';
export type { CreateApiKeyInput } from './services/api-keys.ts';
export type { AuditQuery } from './services/audit.ts';
export type { GroupInput } from './services/groups.ts';
export type { Claim, EmailDraft } from './services/invites/delivery.ts';
export type {
  CreateInvitesInput,
  ResendInput,
  SendInvitesInput,
  SubjectRedemption,
  UpdateInviteInput,
} from './services/invites/invite-service.ts';
export type { OperationalStats, SweepResult } from './services/maintenance.ts';
export {
  type CreateNamespaceInput,
  type InviteCollaboratorInput,
  NAMESPACE_NAME_PATTERN,
} from './services/namespaces.ts';
export {
  DEFAULT_RATE_LIMITS,
  type RateLimitBucket,
  type RateLimitConfig,
} from './services/rate-limits.ts';
export { CODE_PREFIX_PATTERN, type SettingsPatch } from './services/settings.ts';
export type { EmailRendering, TemplateView } from './services/templates.ts';
export type { AccountEmailDraft } from './services/users/account-mail.ts';
export { type RegisterInput, USERNAME_PATTERN } from './services/users/accounts.ts';
export type { ProfileChanges } from './services/users/profile.ts';
export type { UpdateUserInput } from './services/users/users.ts';
export type { AttemptOutcome, DeliveryAttempt } from './services/webhook-deliveries.ts';
export type { CreateWebhookInput, UpdateWebhookInput } from './services/webhooks.ts';
export type { TemplateSource } from './templates/builtin.ts';
export * from './templates/compose.ts';
export { escapeHtml } from './templates/layout.ts';
export { plain, type RenderedEmail, renderBuiltin } from './templates/render.ts';
export { type TemplateVariables, templateVariableNames } from './templates/variables.ts';

/**
 * The closed sets of words Guestlist speaks, each written once. The entities store them (enum
 * CHECK constraints), the API validates them (`z.enum`), the SDK types and the console list them;
 * all of those import from here. This module has no imports so that anything may bundle it.
 */

/** What an invite leads to: an account (sign-up, grants) or a seat in a namespace (spec §4). */
export const inviteTypes = ['account', 'namespace'] as const;
export type InviteType = (typeof inviteTypes)[number];

/**
 * An invite's life (spec §4). `expired` is both stored, by the sweep, and computed on read from
 * `expiresAt`, so a stored `pending` may be reported as `expired` before the sweep catches up.
 */
export const inviteStatuses = ['pending', 'accepted', 'declined', 'canceled', 'expired'] as const;
export type InviteStatus = (typeof inviteStatuses)[number];

/** The invite's email (spec §4 `delivery`). */
export const deliveryStatuses = ['queued', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** A user's place in a namespace; `owner` is never granted by an invite. */
export const collaboratorRoles = ['owner', 'admin', 'member'] as const;
export type CollaboratorRole = (typeof collaboratorRoles)[number];
export const invitableRoles = ['admin', 'member'] as const satisfies readonly CollaboratorRole[];
export type InvitableRole = (typeof invitableRoles)[number];

/** Who did something, in the audit log. */
export const actorTypes = ['user', 'api_key', 'system'] as const;
export type ActorType = (typeof actorTypes)[number];

/** One per change of an invite's state (spec R15). */
export const inviteWebhookEvents = [
  'invite.created',
  'invite.updated',
  'invite.sent',
  'invite.delivery_failed',
  'invite.accepted',
  'invite.declined',
  'invite.canceled',
  'invite.expired',
  'invite.deleted',
] as const;

/**
 * The events a webhook may subscribe to (spec §9): the invite events, a user created, a
 * collaborator added to or removed from a namespace, and the test event that
 * `POST /webhooks/{id}/test` sends whatever the subscription.
 */
export const webhookEvents = [
  ...inviteWebhookEvents,
  'user.created',
  'member.added',
  'member.removed',
  'webhook.test',
] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

/** A subscription to every event, those added later included; never combined with others. */
export const WEBHOOK_ALL_EVENTS = '*';
export type WebhookSubscription = WebhookEvent | typeof WEBHOOK_ALL_EVENTS;

/**
 * Where one event's delivery to one webhook stands: queued or being retried, answered 2xx, or
 * given up on (retries ran out, or the address became private).
 */
export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/** Who may register: the `registration` setting (spec §1). */
export const registrationModes = ['open', 'invite-only', 'closed'] as const;
export type RegistrationMode = (typeof registrationModes)[number];

/** What an account token proves (spec §8): an address, or the right to set a new password. */
export const accountTokenPurposes = ['verify-email', 'reset-password'] as const;
export type AccountTokenPurpose = (typeof accountTokenPurposes)[number];

/** How a person finished on the invite page, as its redirect tells the application (§9). */
export const redirectOutcomes = ['accepted', 'declined'] as const;
export type RedirectOutcome = (typeof redirectOutcomes)[number];

/**
 * The permissions Guestlist itself checks, each with what it allows: the console's permission
 * picker offers these (and any other string, for an application's own permissions).
 */
export const builtInPermissions = {
  'invite:read': 'see every invite and its redemptions',
  'invite:write': 'create, send, edit, resend and cancel invites',
  'invite:delete': 'delete invites',
  'invite:redeem': 'redeem invites for an application’s own users',
  'user:read': 'list and read users',
  'user:write': 'change users’ permissions and groups',
  'group:read': 'list and read groups',
  'group:write': 'create, change and delete groups',
  'apikey:write': 'list, create and revoke API keys',
  'settings:read': 'read the settings',
  'settings:write': 'change the settings',
  'webhook:write': 'manage webhooks and their deliveries',
  'audit:read': 'read the audit log',
} as const;
export type BuiltInPermission = keyof typeof builtInPermissions;

/** The languages of emails and pages (spec §11); `@guestlist/i18n` has a catalogue for each. */
export const locales = ['en', 'de', 'fr', 'es'] as const;
export type Locale = (typeof locales)[number];

/** The emails an operator may reword (spec §11): one template per kind and locale. */
export const templateKinds = [
  'invite',
  'namespace-invite',
  'verify-email',
  'password-reset',
] as const;
export type TemplateKind = (typeof templateKinds)[number];
/** The kinds an invite's email is written in (the worker reads only these for a batch). */
export const inviteTemplateKinds = [
  'invite',
  'namespace-invite',
] as const satisfies readonly TemplateKind[];

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

/** The events a webhook may subscribe to (spec R15): one per change of an invite's state. */
export const webhookEvents = [
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
export type WebhookEvent = (typeof webhookEvents)[number];

/** Who may register: the `registration` setting (spec §1). */
export const registrationModes = ['open', 'invite-only', 'closed'] as const;
export type RegistrationMode = (typeof registrationModes)[number];

/** What an account token proves (spec §8): an address, or the right to set a new password. */
export const accountTokenPurposes = ['verify-email', 'reset-password'] as const;
export type AccountTokenPurpose = (typeof accountTokenPurposes)[number];

/** How a person finished on the invite page, as its redirect tells the application (§9). */
export const redirectOutcomes = ['accepted', 'declined'] as const;
export type RedirectOutcome = (typeof redirectOutcomes)[number];

/**
 * The closed sets of words the server speaks (invite statuses, roles, webhook events...), taken
 * from the module the server validates them with. That module has no imports, so the build
 * copies its values in, and the declarations spell its types out: the published package
 * depends on no server code.
 */
import * as permissions from '@guestlist/core/permissions';
import * as vocabulary from '@guestlist/core/vocabulary';

/** What an invite leads to: an account, or a seat in a namespace. */
export const inviteTypes = vocabulary.inviteTypes;
/** An invite's life; `expired` is also reported on read once `expiresAt` has passed. */
export const inviteStatuses = vocabulary.inviteStatuses;
/** An invite's email: queued, sent or failed. */
export const deliveryStatuses = vocabulary.deliveryStatuses;
/** A user's place in a namespace. */
export const collaboratorRoles = vocabulary.collaboratorRoles;
/** The roles an invite to a namespace may grant (never `owner`). */
export const invitableRoles = vocabulary.invitableRoles;
/** Who did something, in the audit log. */
export const actorTypes = vocabulary.actorTypes;
/** The events a webhook may subscribe to (or `'*'`, alone, for all of them). */
export const webhookEvents = vocabulary.webhookEvents;
/** Where a delivery of the log stands: pending, delivered or failed. */
export const webhookDeliveryStatuses = vocabulary.webhookDeliveryStatuses;
/** Who may register: the `registration` setting. */
export const registrationModes = vocabulary.registrationModes;
/** The languages of emails and pages: an invite's `locale`, the `defaultLocale` setting. */
export const locales = vocabulary.locales;
export type Locale = (typeof locales)[number];
/** The emails an operator may reword, one template per kind and locale. */
export const templateKinds = vocabulary.templateKinds;
export type TemplateKind = (typeof templateKinds)[number];
/** The permissions Guestlist checks, each with what it allows (any other string is allowed too). */
export const builtInPermissions = vocabulary.builtInPermissions;
export type BuiltInPermission = keyof typeof builtInPermissions;

/**
 * Whether `granted` (a user's `effectivePermissions`, a key's `permissions`) implies `requested`,
 * by the server's own wildcard rules: for showing only what a person may use. The server decides.
 */
export const isPermitted: (granted: Iterable<string>, requested: string) => boolean =
  permissions.isPermitted;

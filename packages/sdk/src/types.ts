/**
 * The SDK's public types, derived from the server's router so they cannot drift from it.
 */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { GuestlistRouter } from './router.ts';

export type { GuestlistRouter };

/** What each procedure accepts (before the server's parsing: group refs may be ids or `{ id }`). */
export type RouterInputs = inferRouterInputs<GuestlistRouter>;
/** What each procedure answers, `data` envelope included. */
export type RouterOutputs = inferRouterOutputs<GuestlistRouter>;

type Outputs = RouterOutputs;
type Inputs = RouterInputs;
/** A procedure's input without the `void | undefined` tRPC adds when the input is optional. */
type Given<T> = Extract<T, object>;

// ── Resources ────────────────────────────────────────────────────────────────────────────────

/** An invite, as the server shows it to the caller (`code` and `url` are null without the right to see them). */
export type Invite = Outputs['invites']['get']['data'];
export type InviteStatus = Invite['status'];
export type InviteType = Invite['type'];
/** The public answer to "is this code usable?"; invalid codes are errors (404, 410). */
export type InviteValidation = Outputs['invites']['validate']['data'];
export type Settings = Outputs['settings']['get']['data'];
export type Template = Outputs['templates']['get']['data'];
export type RenderedEmail = Outputs['templates']['preview']['data'];
/** A template's three parts, in Liquid. */
export type TemplateBody = Pick<Template, 'subject' | 'text' | 'html'>;
/** An API key; its secret is never shown again after creation. */
export type ApiKey = Outputs['apiKeys']['list']['data'][number];
/** A freshly created API key, with its bearer `secret` (shown this once). */
export type CreatedApiKey = Outputs['apiKeys']['create']['data'];
export type AuditEvent = Outputs['audit']['list']['data'][number];
/** An invite's email: `queued`, `sent` or `failed`, with attempts and the last error. */
export type Delivery = NonNullable<Invite['delivery']>;
/** A webhook; its signing secret is never shown again after creation. */
export type Webhook = Outputs['webhooks']['list']['data'][number];
/** A freshly registered webhook, with its Standard Webhooks signing `secret` (shown this once). */
export type CreatedWebhook = Outputs['webhooks']['create']['data'];
/** A webhook with its new signing `secret` (shown this once) and until when the old one signs too. */
export type RotatedWebhook = Outputs['webhooks']['rotateSecret']['data'];
/** An event a webhook may receive. */
export type WebhookEvent = Exclude<Webhook['events'][number], '*'>;
/** What a webhook listens to: events, or `'*'` (alone) for every event. */
export type WebhookSubscription = Webhook['events'][number];
/** One event for one webhook in its deliveries log: `pending`, `delivered` or `failed`. */
export type WebhookDelivery = Outputs['webhooks']['test']['data'];
/** One page of a deliveries log, newest first. `nextCursor` is null on the last page. */
export type WebhookDeliveryPage = Outputs['webhooks']['deliveries'];

/** One page of invites. `nextCursor` is null on the last page. */
export type InvitePage = Outputs['invites']['list'];
/** One page of audit events, newest first. */
export type AuditPage = Outputs['audit']['list'];

// ── Inputs ───────────────────────────────────────────────────────────────────────────────────

/** `count` invites (default 1), or exactly one bound to `email`. */
export type CreateInvitesInput = Given<Inputs['invites']['create']>;
/** The list query: `filter`, `sort` and `page` (`size`, and `number` or the `after` cursor). */
export type ListInvitesQuery = Given<Inputs['invites']['list']>;
export type InviteFilter = NonNullable<ListInvitesQuery['filter']>;
export type InviteSort = NonNullable<ListInvitesQuery['sort']>;
export type InvitePageQuery = NonNullable<ListInvitesQuery['page']>;
/** The fields of a pending invite that can change. */
export type UpdateInviteInput = Omit<Inputs['invites']['update'], 'invite'>;
/** One address or up to 100: one emailed invite each. */
export type SendInvitesInput = Inputs['invites']['send'];
/** `extend`: restart the expiry from now (`true` for the default lifetime, or a duration). */
export type ResendInviteInput = Omit<Inputs['invites']['resend'], 'invite'>;
/** §9: who your application redeems an invite for, and the address it vouches for. */
export type RedeemInviteInput = Omit<Inputs['invites']['redeem'], 'invite'>;
export type CreateWebhookInput = Inputs['webhooks']['create'];
/** What may change of a webhook: `url` (checked again), `events`, `enabled`. */
export type UpdateWebhookInput = Omit<Inputs['webhooks']['update'], 'id'>;
/**
 * A page of a deliveries log: `size` 1–100 (30), and `number` from 1 or the `after` cursor;
 * `status` keeps one status only.
 */
export interface WebhookDeliveriesQuery {
  status?: WebhookDelivery['status'] | undefined;
  size?: number | undefined;
  number?: number | undefined;
  after?: string | undefined;
}
export type UpdateSettingsInput = Inputs['settings']['update'];
export type CreateApiKeyInput = Inputs['apiKeys']['create'];
export type ListAuditQuery = Given<Inputs['audit']['list']>;
/** An invite's id or its code. */
export type InviteRef = Inputs['invites']['get']['invite'];

// ── Accounts ─────────────────────────────────────────────────────────────────────────────────

/** An account, with its groups and effective permissions (direct and from groups). */
export type User = Outputs['me']['get']['data'];
/** A new session: the user and the bearer `token` to send from now on (shown this once). */
export type AuthResult = Outputs['auth']['login']['data'];
export type Group = Outputs['groups']['get']['data'];
/** One use of an invite: the Guestlist user or your application's subject, and when. */
export type Redemption = Outputs['invites']['redemptions']['data'][number];
export type UsersPage = Outputs['users']['list'];

export type RegisterInput = Inputs['auth']['register'];
export type LoginInput = Inputs['auth']['login'];
/** A reset link's `token` and the new password. */
export type ResetPasswordInput = Inputs['auth']['resetPassword'];
/** The signed-in user's own name and address; a new address is unverified until its link is followed. */
export type UpdateAccountInput = Inputs['me']['update'];
export type ChangePasswordInput = Inputs['me']['changePassword'];
export type CreateGroupInput = Inputs['groups']['create'];
export type UpdateGroupInput = Omit<Inputs['groups']['update'], 'id'>;
/** A user's direct permissions and groups; each given field replaces what was there. */
export type UpdateUserInput = Omit<Inputs['users']['update'], 'id'>;
export type UsersPageQuery = NonNullable<Given<Inputs['users']['list']>['page']>;
/** `{ filter: { search }, page }`: a search over username, email and name, and a page. */
export type UsersListQuery = Given<Inputs['users']['list']>;

// ── Namespaces ───────────────────────────────────────────────────────────────────────────────

export type Namespace = Outputs['namespaces']['get']['data'];
export type Collaborator = Outputs['namespaces']['collaborators']['data'][number];
/** A namespace the signed-in user belongs to, with their role in it and since when. */
export type Membership = Outputs['me']['namespaces']['data'][number];
/** Invites with their total (no cursor): `/me/invites` and a namespace's invites. */
export type InviteList = Outputs['me']['invites'];
export type CreateNamespaceInput = Inputs['namespaces']['create'];
/** Whom to invite (`handle`: a username or an email) and as what (`role`, default member). */
export type InviteCollaboratorInput = Omit<Inputs['namespaces']['invite'], 'owner' | 'name'>;
/** `owner-username/name`, as in a namespace's `path`. */
export type NamespacePath = `${string}/${string}`;

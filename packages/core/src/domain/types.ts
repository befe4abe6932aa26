/**
 * The shapes the domain hands out. Plain data, JSON-safe (dates as ISO strings), so the API
 * layer can validate and send them as they are and the SDK can share them.
 */
import type { CodeFormat } from './codes.ts';

import type {
  ActorType,
  CollaboratorRole,
  DeliveryStatus,
  InvitableRole,
  InviteStatus,
  InviteType,
  Locale,
  RedirectOutcome,
  RegistrationMode,
  WebhookDeliveryStatus,
  WebhookEvent,
  WebhookSubscription,
} from './vocabulary.ts';

export type {
  ActorType,
  CollaboratorRole,
  DeliveryStatus,
  InvitableRole,
  InviteStatus,
  InviteType,
  RegistrationMode,
  WebhookDeliveryStatus,
  WebhookEvent,
  WebhookSubscription,
};

export interface InviteView {
  id: string;
  /** The secret; null when the caller may see the invite but not its code. */
  code: string | null;
  url: string | null;
  type: InviteType;
  status: InviteStatus;
  email: string | null;
  inviterId: string | null;
  inviter: { id: string; username: string; name: string | null } | null;
  inviteeId: string | null;
  namespace: { id: string; path: string } | null;
  role: string | null;
  permissions: string[];
  groups: { id: string; name: string }[];
  metadata: Record<string, unknown>;
  /** Where the invite page sends the person when done (§9), as set; checked again when used. */
  redirectUrl: string | null;
  /** The language of its email and page (§11); null: the browser's, else the default. */
  locale: Locale | null;
  maxUses: number | null;
  uses: number;
  expiresAt: string | null;
  delivery: {
    status: DeliveryStatus;
    attempts: number;
    lastError: string | null;
    sentAt: string | null;
  } | null;
  createdAt: string;
  updatedAt: string;
  acceptedAt: string | null;
  canceledAt: string | null;
}

/** What anyone holding a code may learn about it (validate; the invite page). */
export interface InviteValidation {
  valid: true;
  type: InviteType;
  status: InviteStatus;
  expiresAt: string | null;
  inviter: { name: string | null } | null;
  namespace: { id: string; path: string } | null;
  /** `j***@example.com`: enough to recognise, not enough to harvest. */
  email: string | null;
  /** The language of its email and page (§11), when the invite chose one. */
  locale: Locale | null;
}

/**
 * What the invite page shows to whoever opened its link (`/i/{code}`): what the invite's email
 * says. Unlike a validation, the bound address is whole, to prefill and fix the sign-up form:
 * the link was sent to that address.
 */
export interface InvitePreview extends Omit<InviteValidation, 'email' | 'valid'> {
  email: string | null;
  /** `email`: redeemable by whoever proves that address; `user`: by that account only. */
  boundTo: 'email' | 'user' | null;
  role: string | null;
  permissions: string[];
  groups: { name: string }[];
  /**
   * Where the page sends the person after each outcome (§9 Redirects), decided as the page is
   * served: null when neither the invite nor the settings name an allowed URL.
   */
  redirect: Record<RedirectOutcome, string> | null;
}

export interface SettingsView {
  invitesEnabled: boolean;
  registration: RegistrationMode;
  defaultInviteTtl: string;
  codeFormat: CodeFormat;
  codePrefix: string;
  defaultPermissions: string[];
  /** Origins the invite page may redirect to (§9 Redirects). */
  allowedRedirectOrigins: string[];
  /** Where the invite page redirects when the invite names no URL of its own. */
  defaultRedirectUrl: string | null;
  /** Branding (§11). */
  productName: string;
  logoUrl: string | null;
  accentColor: string;
  supportEmail: string | null;
  permissionLabels: Record<string, string>;
  defaultLocale: Locale;
  updatedAt: string;
}

/**
 * What pages show of the branding (spec §11), to anyone: the words and colours that people
 * opening an invite or an account link see anyway, and the language to fall back on.
 */
export type PublicBranding = Pick<
  SettingsView,
  'productName' | 'logoUrl' | 'accentColor' | 'permissionLabels' | 'defaultLocale'
>;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface WebhookView {
  id: string;
  url: string;
  /** The events it listens to, or `["*"]` for every event. */
  events: WebhookSubscription[];
  /** A disabled webhook gets no new deliveries. */
  enabled: boolean;
  createdAt: string;
}

/** One event for one webhook, in its deliveries log (spec §9). */
export interface WebhookDeliveryView {
  id: string;
  event: WebhookEvent;
  /** The `webhook-id` header of every attempt: what a receiver deduplicates on. */
  messageId: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** The receiver's HTTP status at the last attempt; null when it did not answer. */
  responseStatus: number | null;
  durationMs: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface AuditEventView {
  id: string;
  action: string;
  actor: { type: ActorType; id: string | null };
  target: { type: string; id: string | null };
  inviteId: string | null;
  ip: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface Page<T> {
  data: T[];
  total: number;
  nextCursor: string | null;
}

export interface UserView {
  id: string;
  email: string;
  emailVerified: boolean;
  username: string;
  name: string | null;
  /** Granted directly. */
  permissions: string[];
  groups: { id: string; name: string }[];
  /** Direct and from groups, deduplicated. */
  effectivePermissions: string[];
  createdAt: string;
}

export interface GroupView {
  id: string;
  name: string;
  permissions: string[];
  createdAt: string;
  updatedAt: string;
}

/** One use of an invite: by a Guestlist user, or by an application's subject (§9). */
export interface RedemptionView {
  user: { id: string; username: string; name: string | null } | null;
  subject: string | null;
  at: string;
}

/** What a server-side redemption answers (§9): the invite, and the use just made of it. */
export interface RedeemResult {
  invite: InviteView;
  redemption: RedemptionView;
}

export interface AuthResult {
  user: UserView;
  /** The session's bearer token: shown once, stored only as a digest. */
  token: string;
}

export interface NamespaceView {
  id: string;
  name: string;
  /** `owner-username/name`. */
  path: string;
  owner: { id: string; username: string };
  description: string | null;
  createdAt: string;
}

/** A namespace the caller belongs to, and their place in it (`GET /me/namespaces`). */
export interface MembershipView {
  namespace: NamespaceView;
  role: CollaboratorRole;
  since: string;
}

export interface CollaboratorView {
  user: { id: string; username: string; name: string | null };
  role: CollaboratorRole;
  since: string;
}

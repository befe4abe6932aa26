/**
 * Every failure Guestlist can report, by its stable code, with what the code means (spec §3).
 * The one list of codes: the API gives each its HTTP status (`packages/api/src/errors/status.ts`,
 * typed over this catalog, so a new code does not compile until it has one), the OpenAPI document
 * shows the meaning, and an answer with a fixed message (an unknown route, an oversized body)
 * says exactly this. The domain itself knows nothing of HTTP.
 */
export const errorCatalog = {
  VALIDATION_FAILED: 'The input does not match its schema; `fields` lists each offending field',
  INVALID_JSON: 'The body is not valid JSON',
  INVALID_EXPIRY: '`expiresAt` is not a future date, or `expiresIn` is not a duration',
  INVALID_PERMISSION: 'A permission is malformed, or one the caller does not hold',
  INVALID_QUERY: 'An unknown query parameter, filter, operator, sort or page',
  INVALID_CURSOR: '`page[after]` is not a cursor this list gave out',
  INVALID_WEBHOOK_URL: 'The URL is not http(s), or resolves to a private address',
  INVALID_REDIRECT_URL:
    'A redirect URL is not absolute http(s) without credentials, or its origin is not in `allowedRedirectOrigins`; or an entry of that list is not a bare origin',
  INVALID_TEMPLATE:
    'A template does not parse, or fails on the documented variables, or goes past its limits; `fields` gives `line` and `column`',
  INVALID_TOKEN: 'The verification or reset token is unknown, already used or expired',
  UNAUTHENTICATED: 'No valid API key or session token',
  INVALID_CREDENTIALS: 'Wrong username, email or password',
  FORBIDDEN: 'The caller lacks the permission this needs',
  REGISTRATION_CLOSED: 'Registration is closed',
  INVITE_REQUIRED: 'Registration is by invite only: `inviteCode` is required',
  INVITES_DISABLED: 'Invites are paused on this instance (`invitesEnabled: false`)',
  INVITE_EMAIL_MISMATCH: "The invite is bound to another address than the user's",
  EMAIL_NOT_VERIFIED: "The invite is bound to this address, but the user's address is not verified",
  NOT_FOUND: 'No such route',
  INVITE_NOT_FOUND: 'No invite with this id or code',
  API_KEY_NOT_FOUND: 'No such API key',
  USER_NOT_FOUND: 'No such user',
  GROUP_NOT_FOUND: 'No such group',
  NAMESPACE_NOT_FOUND: 'No such namespace, or not visible to the caller',
  COLLABORATOR_NOT_FOUND: 'The user is not a collaborator of this namespace',
  WEBHOOK_NOT_FOUND: 'No such webhook',
  WEBHOOK_DELIVERY_NOT_FOUND: "No such delivery in this webhook's log",
  METHOD_NOT_ALLOWED: 'The path exists, not with this method',
  CONFLICT: 'A concurrent change won; retry',
  INVITE_NOT_PENDING: 'Only a pending invite can be edited, canceled, resent or declined',
  INVITE_HAS_NO_EMAIL: 'The invite has no address to send to',
  CODE_COLLISION: 'A generated code collided repeatedly; retry',
  EMAIL_TAKEN: 'An account with this email exists',
  EMAIL_ALREADY_VERIFIED: "The signed-in user's address is already verified",
  USERNAME_TAKEN: 'An account with this username exists',
  GROUP_NAME_TAKEN: 'A group with this name exists',
  ALREADY_REDEEMED: 'This user, or this subject, has already redeemed this invite',
  INVITE_NOT_REDEEMABLE:
    'A namespace invite is redeemed only by a Guestlist user, not by a subject',
  NAMESPACE_EXISTS: 'The owner already has a namespace with this name',
  ALREADY_COLLABORATOR: 'The user is already a collaborator of this namespace',
  INVITE_ALREADY_PENDING: 'This person already has a pending invite to this namespace',
  CANNOT_INVITE_SELF: 'A namespace owner cannot invite themselves',
  CANNOT_REMOVE_OWNER: "A namespace's owner cannot be removed",
  LIMIT_EXCEEDED:
    'What is stored already leaves no room: the 16 webhooks an instance may have, or the 32 KiB of effective permissions a user may hold',
  INVITE_EXPIRED: 'The invite has expired',
  INVITE_CANCELED: 'The invite was canceled',
  INVITE_DECLINED: 'The invite was declined',
  INVITE_USED: 'The invite has no uses left',
  MALFORMED_REQUEST: 'Not a well-formed HTTP request',
  REQUEST_TIMEOUT: 'The request did not arrive in time',
  PAYLOAD_TOO_LARGE: 'The body is over 1 MiB',
  UNSUPPORTED_MEDIA_TYPE: 'The body is not `application/json`',
  RATE_LIMITED: 'Too many attempts from this address; see `Retry-After`',
  HEADERS_TOO_LARGE: 'The URL and headers are over 16 KiB',
  INTERNAL_ERROR: 'A bug: the server could not answer',
  SERVICE_UNAVAILABLE: 'The database cannot be reached right now; retry',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof errorCatalog;

/** One offending field of a rejected input: a dotted path and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
  /** Where in a template (INVALID_TEMPLATE), from 1. */
  line?: number;
  column?: number;
}

/** A rule of the domain was broken. `code` is stable and documented; `message` is for people. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldIssue[] | undefined;
  /** For RATE_LIMITED: seconds until the caller may try again (`Retry-After`). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, fields?: FieldIssue[], retryAfterSeconds?: number) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.fields = fields;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * A wrong current password from a caller who is signed in (spec §8, `POST /me/password`). The
 * code is the login's, but the session stands: the API answers it 403, not 401, so that no
 * client takes it for an ended session.
 */
export class CurrentPasswordWrong extends DomainError {
  constructor() {
    super('INVALID_CREDENTIALS', 'The current password is wrong');
    this.name = 'CurrentPasswordWrong';
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P03',
  '08006',
  '08001',
]);

/** Whether an error means the database cannot be reached right now (503, worth a retry). */
export function isUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const { code, cause, name } = e as { code?: unknown; cause?: unknown; name?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (name === 'ConnectionException') return true;
    if (e instanceof Error && /ECONNREFUSED|Connection terminated/.test(e.message)) return true;
    e = cause;
  }
  return false;
}

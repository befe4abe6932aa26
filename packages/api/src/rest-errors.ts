import { type ErrorCode, errorCatalog } from '@guestlist/core';

/**
 * What each error code means, as the OpenAPI document tells it (and as its examples'
 * `message`). Typed over the whole catalog: a new code does not compile until it is described.
 */
export const errorMeanings = {
  VALIDATION_FAILED: 'The input does not match its schema; `fields` lists each offending field',
  INVALID_JSON: 'The body is not valid JSON',
  INVALID_EXPIRY: '`expiresAt` is not a future date, or `expiresIn` is not a duration',
  INVALID_PERMISSION: 'A permission is malformed, or one the caller does not hold',
  INVALID_QUERY: 'An unknown query parameter, filter, operator, sort or page',
  INVALID_CURSOR: '`page[after]` is not a cursor this list gave out',
  INVALID_WEBHOOK_URL: 'The URL is not http(s), or resolves to a private address',
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
  METHOD_NOT_ALLOWED: 'The path exists, not with this method',
  CONFLICT: 'A concurrent change won; retry',
  INVITE_NOT_PENDING: 'Only a pending invite can be edited, canceled, resent or declined',
  INVITE_HAS_NO_EMAIL: 'The invite has no address to send to',
  CODE_COLLISION: 'A generated code collided repeatedly; retry',
  EMAIL_TAKEN: 'An account with this email exists',
  USERNAME_TAKEN: 'An account with this username exists',
  GROUP_NAME_TAKEN: 'A group with this name exists',
  ALREADY_REDEEMED: 'This user has already redeemed this invite',
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
} as const satisfies Record<ErrorCode, string>;

/** Refusals of a code, however the invite is reached (validate, register, accept). */
const UNUSABLE_INVITE: ErrorCode[] = [
  'INVITE_NOT_FOUND',
  'INVITE_EXPIRED',
  'INVITE_CANCELED',
  'INVITE_DECLINED',
  'INVITE_USED',
  'INVITES_DISABLED',
  'RATE_LIMITED',
];

/** What an invite's grants can be refused for, on create, send and edit. */
const GRANTS: ErrorCode[] = ['INVALID_EXPIRY', 'INVALID_PERMISSION', 'GROUP_NOT_FOUND'];

/**
 * The domain's refusals each REST operation can answer, by procedure path, beyond what any
 * request can meet (see {@link errorCodesOf}). The fuzzing suite checks every error it
 * provokes against this, so a missing code fails a test rather than surprising a client.
 */
export const operationErrors: Record<string, readonly ErrorCode[]> = {
  'auth.register': [
    'LIMIT_EXCEEDED',
    'REGISTRATION_CLOSED',
    'INVITE_REQUIRED',
    'EMAIL_TAKEN',
    'USERNAME_TAKEN',
    'INVITE_EMAIL_MISMATCH',
    ...UNUSABLE_INVITE,
  ],
  'auth.login': ['INVALID_CREDENTIALS', 'RATE_LIMITED'],
  'auth.logout': [],
  'me.get': [],
  'invites.create': [...GRANTS, 'USER_NOT_FOUND', 'INVITES_DISABLED', 'CODE_COLLISION'],
  'rest.invitesList': ['INVALID_QUERY', 'INVALID_CURSOR'],
  'invites.send': [...GRANTS, 'USER_NOT_FOUND', 'INVITES_DISABLED', 'CODE_COLLISION'],
  'invites.get': ['INVITE_NOT_FOUND'],
  'invites.update': ['INVITE_NOT_FOUND', 'INVITE_NOT_PENDING', ...GRANTS],
  'rest.invitesPut': ['INVITE_NOT_FOUND', 'INVITE_NOT_PENDING', ...GRANTS],
  'invites.delete': ['INVITE_NOT_FOUND'],
  'invites.validate': UNUSABLE_INVITE,
  'invites.cancel': ['INVITE_NOT_FOUND', 'INVITE_NOT_PENDING'],
  'invites.resend': [
    'INVITE_NOT_FOUND',
    'INVITE_NOT_PENDING',
    'INVITE_HAS_NO_EMAIL',
    'INVITES_DISABLED',
    'INVALID_EXPIRY',
  ],
  'invites.accept': [
    ...UNUSABLE_INVITE,
    'INVITE_EMAIL_MISMATCH',
    'EMAIL_NOT_VERIFIED',
    'ALREADY_REDEEMED',
    'ALREADY_COLLABORATOR',
    'LIMIT_EXCEEDED',
  ],
  'invites.decline': ['INVITE_NOT_FOUND', 'INVITE_NOT_PENDING'],
  'invites.redemptions': ['INVITE_NOT_FOUND', 'INVALID_QUERY'],
  'rest.meInvites': [],
  'rest.usersList': ['INVALID_QUERY'],
  'users.get': ['USER_NOT_FOUND'],
  'users.update': ['USER_NOT_FOUND', 'INVALID_PERMISSION', 'GROUP_NOT_FOUND', 'LIMIT_EXCEEDED'],
  'groups.list': ['INVALID_QUERY'],
  'groups.create': ['GROUP_NAME_TAKEN', 'INVALID_PERMISSION'],
  'groups.get': ['GROUP_NOT_FOUND'],
  'groups.update': ['GROUP_NOT_FOUND', 'GROUP_NAME_TAKEN', 'INVALID_PERMISSION', 'LIMIT_EXCEEDED'],
  'groups.delete': ['GROUP_NOT_FOUND'],
  'namespaces.create': ['NAMESPACE_EXISTS'],
  'namespaces.get': ['NAMESPACE_NOT_FOUND'],
  'namespaces.invite': [
    'NAMESPACE_NOT_FOUND',
    'USER_NOT_FOUND',
    'ALREADY_COLLABORATOR',
    'INVITE_ALREADY_PENDING',
    'CANNOT_INVITE_SELF',
    'INVITES_DISABLED',
  ],
  'namespaces.invites': ['NAMESPACE_NOT_FOUND'],
  'namespaces.collaborators': ['NAMESPACE_NOT_FOUND', 'INVALID_QUERY'],
  'namespaces.removeCollaborator': [
    'NAMESPACE_NOT_FOUND',
    'COLLABORATOR_NOT_FOUND',
    'CANNOT_REMOVE_OWNER',
  ],
  'settings.get': [],
  'settings.update': ['INVALID_PERMISSION', 'INVALID_EXPIRY'],
  'apiKeys.list': ['INVALID_QUERY'],
  'apiKeys.create': ['INVALID_PERMISSION'],
  'apiKeys.revoke': ['API_KEY_NOT_FOUND'],
  'webhooks.list': [],
  'webhooks.create': ['INVALID_WEBHOOK_URL', 'LIMIT_EXCEEDED'],
  'webhooks.delete': ['WEBHOOK_NOT_FOUND'],
  'rest.auditList': ['INVALID_QUERY'],
};

/**
 * What any request can meet on its way to an operation, whatever the operation: refusals of
 * the HTTP layer (malformed, slow, oversized, not JSON), of a query parameter the operation
 * does not declare, and of the input's schema, a bearer token that is not valid (public
 * operations too), an unknown path, and a database that is down.
 */
const ANY_REQUEST: ErrorCode[] = [
  'VALIDATION_FAILED',
  'INVALID_QUERY',
  'INVALID_JSON',
  'MALFORMED_REQUEST',
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'REQUEST_TIMEOUT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'HEADERS_TOO_LARGE',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
];

/** Every code an operation can answer: its domain refusals, permissions, and the above. */
export function errorCodesOf(procedurePath: string, authenticated: boolean): ErrorCode[] {
  const codes = new Set<ErrorCode>(ANY_REQUEST);
  if (authenticated) codes.add('FORBIDDEN');
  for (const code of operationErrors[procedurePath] ?? []) codes.add(code);
  return [...codes].sort((a, b) => errorCatalog[a] - errorCatalog[b] || a.localeCompare(b));
}

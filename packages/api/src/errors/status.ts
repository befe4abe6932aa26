import type { ErrorCode } from '@guestlist/core';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';

/**
 * The HTTP status of every error code (spec §3): the one table, read by the tRPC error formatter,
 * the REST bridge, the Fastify handlers and the OpenAPI document alike, so a code answers the
 * same status whichever way it is reached. Typed over core's catalog: a new code does not
 * compile until it has a status here.
 */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  INVALID_EXPIRY: 400,
  INVALID_PERMISSION: 400,
  INVALID_QUERY: 400,
  INVALID_CURSOR: 400,
  INVALID_WEBHOOK_URL: 400,
  INVALID_REDIRECT_URL: 400,
  INVALID_TEMPLATE: 400,
  INVALID_TOKEN: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  REGISTRATION_CLOSED: 403,
  INVITE_REQUIRED: 403,
  INVITES_DISABLED: 403,
  INVITE_EMAIL_MISMATCH: 403,
  EMAIL_NOT_VERIFIED: 403,
  NOT_FOUND: 404,
  INVITE_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  GROUP_NOT_FOUND: 404,
  NAMESPACE_NOT_FOUND: 404,
  COLLABORATOR_NOT_FOUND: 404,
  WEBHOOK_NOT_FOUND: 404,
  WEBHOOK_DELIVERY_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  INVITE_NOT_PENDING: 409,
  INVITE_HAS_NO_EMAIL: 409,
  CODE_COLLISION: 409,
  EMAIL_TAKEN: 409,
  EMAIL_ALREADY_VERIFIED: 409,
  USERNAME_TAKEN: 409,
  GROUP_NAME_TAKEN: 409,
  ALREADY_REDEEMED: 409,
  INVITE_NOT_REDEEMABLE: 409,
  NAMESPACE_EXISTS: 409,
  ALREADY_COLLABORATOR: 409,
  INVITE_ALREADY_PENDING: 409,
  CANNOT_INVITE_SELF: 409,
  CANNOT_REMOVE_OWNER: 409,
  LIMIT_EXCEEDED: 409,
  INVITE_EXPIRED: 410,
  INVITE_CANCELED: 410,
  INVITE_DECLINED: 410,
  INVITE_USED: 410,
  MALFORMED_REQUEST: 400,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<ErrorCode, number>;

export type ErrorStatus = (typeof errorStatus)[ErrorCode];

/**
 * The one exception to the table: a wrong current password from a signed-in caller (spec §8,
 * `CurrentPasswordWrong`, operations that say `reauthenticates`). Its code is the login's, but
 * a 401 would tell the client its session ended; it did not.
 */
export const REAUTHENTICATION_STATUS = 403;

export function statusOf(code: ErrorCode): ErrorStatus {
  return errorStatus[code];
}

/** The nearest of tRPC's fixed codes to each status a domain error can answer. */
const TRPC_CODE_BY_STATUS: Partial<Record<ErrorStatus, TRPC_ERROR_CODE_KEY>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  409: 'CONFLICT',
  // tRPC has no 410; the domain `code` (INVITE_EXPIRED, ...) and the HTTP status carry it.
  410: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

export function trpcCodeOf(code: ErrorCode): TRPC_ERROR_CODE_KEY {
  return TRPC_CODE_BY_STATUS[errorStatus[code]] ?? 'INTERNAL_SERVER_ERROR';
}

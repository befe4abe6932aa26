import type { ErrorCode } from '@guestlist/core';
import { errorStatus } from './status.ts';

/** Refusals of a code, however the invite is reached (validate, register, accept). */
export const UNUSABLE_INVITE = [
  'INVITE_NOT_FOUND',
  'INVITE_EXPIRED',
  'INVITE_CANCELED',
  'INVITE_DECLINED',
  'INVITE_USED',
  'INVITES_DISABLED',
  'RATE_LIMITED',
] as const satisfies readonly ErrorCode[];

/** What an invite's grants can be refused for, on create, send and edit. */
export const GRANTS = [
  'INVALID_EXPIRY',
  'INVALID_PERMISSION',
  'GROUP_NOT_FOUND',
] as const satisfies readonly ErrorCode[];

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

/**
 * Every code an operation can answer: the domain refusals its definition lists, FORBIDDEN when
 * it needs a caller, and what any request can meet; by status, then by name.
 */
export function errorCodesOf(operationErrors: readonly ErrorCode[], authenticated: boolean) {
  const codes = new Set<ErrorCode>(ANY_REQUEST);
  if (authenticated) codes.add('FORBIDDEN');
  for (const code of operationErrors) codes.add(code);
  return [...codes].sort((a, b) => errorStatus[a] - errorStatus[b] || a.localeCompare(b));
}

import {
  type DomainError,
  type ErrorCode,
  type FieldIssue,
  httpStatusOf,
  isDomainError,
  isUnavailable,
} from '@guestlist/core';
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';

/**
 * The one mapping from domain errors to transports (architecture note 2). HTTP status comes
 * from core's error catalog; the tRPC code is the nearest of tRPC's fixed set.
 */
const TRPC_CODE_BY_STATUS: Record<number, TRPC_ERROR_CODE_KEY> = {
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

const ERROR_CODE_BY_TRPC: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorCode>> = {
  PARSE_ERROR: 'INVALID_JSON',
  BAD_REQUEST: 'VALIDATION_FAILED',
  UNAUTHORIZED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_SUPPORTED: 'METHOD_NOT_ALLOWED',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

export function toTrpcError(error: DomainError): TRPCError {
  return new TRPCError({
    code: TRPC_CODE_BY_STATUS[error.status] ?? 'INTERNAL_SERVER_ERROR',
    message: error.message,
    cause: error,
  });
}

/** The public face of an error: what REST answers and what tRPC carries in `data`. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  fields?: FieldIssue[];
}

function zodFields(error: ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String).join('.');
    // One entry per unknown key, named, rather than one for the object that holds them.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: at ? `${at}.${key}` : key,
        message: 'unknown field',
      }));
    }
    return [{ path: at || '(input)', message: issue.message }];
  });
}

/** Classifies any error that reached the transport into a stable code, status and message. */
export function describeError(
  error: TRPCError,
): ErrorBody & { status: number; retryAfter?: number } {
  const cause = error.cause;
  if (isDomainError(cause)) {
    return {
      ...(cause.retryAfterSeconds ? { retryAfter: cause.retryAfterSeconds } : {}),
      status: cause.status,
      code: cause.code,
      message: cause.message,
      ...(cause.fields ? { fields: cause.fields } : {}),
    };
  }
  // Input validation; a ZodError under any other code is an output bug, hence a 500 below.
  if (cause instanceof ZodError && error.code === 'BAD_REQUEST') {
    const fields = zodFields(cause);
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: `Invalid input: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`.slice(
        0,
        1000,
      ),
      fields,
    };
  }
  if (isUnavailable(cause)) {
    return {
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'The database is unavailable; try again shortly',
    };
  }
  const code = ERROR_CODE_BY_TRPC[error.code];
  if (!code) {
    // Anything unexpected is the server's fault: its message stays in the logs, not the answer.
    return { status: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' };
  }
  return { status: httpStatusOf(code), code, message: error.message };
}

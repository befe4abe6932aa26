import {
  CurrentPasswordWrong,
  type DomainError,
  type ErrorCode,
  errorCatalog,
  type FieldIssue,
  isDomainError,
  isUnavailable,
} from '@guestlist/core';
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import { REAUTHENTICATION_STATUS, statusOf, trpcCodeOf } from './status.ts';

/** The public face of an error: what REST answers and what tRPC carries in `data.error`. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  fields?: FieldIssue[];
}

/** An error classified for an answer: its body, status and, when rate limited, `Retry-After`. */
export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  retryAfter?: number;
}

/** What tRPC's own refusals (a batch too large, a body it cannot parse) stand for. */
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

/** Domain errors travel through tRPC as its error, carrying the domain's as the cause. */
export function toTrpcError(error: DomainError): TRPCError {
  const code = error instanceof CurrentPasswordWrong ? 'FORBIDDEN' : trpcCodeOf(error.code);
  return new TRPCError({ code, message: error.message, cause: error });
}

/**
 * The answer of a code raised by the transport rather than the domain: the catalog's meaning is
 * its message, the same words the OpenAPI document shows. A refused input keeps its own message,
 * which says what was wrong with it.
 */
export function answerOf(code: ErrorCode, message?: string, fields?: FieldIssue[]): ErrorAnswer {
  return {
    status: statusOf(code),
    body: {
      code,
      message: message ?? errorCatalog[code],
      ...(fields ? { fields } : {}),
    },
  };
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

/**
 * Classifies any error that reached a transport into a stable code, its status and message: a
 * domain error as it was raised, a refused input with its fields, a database that is down as
 * 503, tRPC's own refusals by their nearest code, and anything else as a 500 whose message stays
 * in the logs.
 */
export function describeError(error: unknown): ErrorAnswer {
  const trpcCode = error instanceof TRPCError ? error.code : undefined;
  const cause = error instanceof TRPCError ? error.cause : error;
  if (isDomainError(cause)) {
    const answer = answerOf(cause.code, cause.message, cause.fields);
    if (cause instanceof CurrentPasswordWrong) answer.status = REAUTHENTICATION_STATUS;
    return {
      ...answer,
      ...(cause.retryAfterSeconds ? { retryAfter: cause.retryAfterSeconds } : {}),
    };
  }
  // Input validation; a ZodError under any other code is an output bug, hence a 500 below.
  if (cause instanceof ZodError && trpcCode === 'BAD_REQUEST') {
    const fields = zodFields(cause);
    const message = `Invalid input: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`;
    return answerOf('VALIDATION_FAILED', message.slice(0, 1000), fields);
  }
  if (isUnavailable(cause)) return answerOf('SERVICE_UNAVAILABLE');
  const code = trpcCode && ERROR_CODE_BY_TRPC[trpcCode];
  if (!code) return answerOf('INTERNAL_ERROR');
  return answerOf(code, code === 'VALIDATION_FAILED' ? (error as Error).message : undefined);
}

import { TRPCClientError } from '@trpc/client';
import type { GuestlistRouter } from './router.ts';

/** The stable codes the server sends (`INVITE_EXPIRED`, `INVITES_DISABLED`, ...). */
export type ServerErrorCode =
  GuestlistRouter['_def']['_config']['$types']['errorShape']['data']['error']['code'];

/**
 * Every code a `GuestlistError` can carry: the server's, plus the client's own
 * `NETWORK_ERROR` (no answer from the server), `ABORTED` (the call's signal fired) and
 * `INVALID_WEBHOOK_SIGNATURE` (`verifyWebhook` refused a delivery).
 */
export type GuestlistErrorCode =
  | ServerErrorCode
  | 'NETWORK_ERROR'
  | 'ABORTED'
  | 'INVALID_WEBHOOK_SIGNATURE';

/** One offending field of a rejected input: a dotted path and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
}

export interface GuestlistErrorOptions {
  code: GuestlistErrorCode | (string & {});
  message: string;
  /** The HTTP status; 0 when no answer was received. */
  status: number;
  fields?: FieldIssue[] | undefined;
  /** The procedure that failed, such as `invites.cancel`. */
  path?: string | undefined;
  cause?: unknown;
}

/** What every SDK method throws: the server's stable error code, its HTTP status and message. */
export class GuestlistError extends Error {
  /** Stable and documented, e.g. `INVITE_NOT_PENDING`; switch on this, not on `message`. */
  readonly code: GuestlistErrorCode | (string & {});
  /** The HTTP status the server answered (409, 404, ...); 0 when no answer was received. */
  readonly status: number;
  /** For validation errors: which fields were rejected and why. */
  readonly fields: FieldIssue[] | undefined;
  /** The procedure that failed, such as `invites.cancel`, when known. */
  readonly path: string | undefined;

  constructor(options: GuestlistErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GuestlistError';
    this.code = options.code;
    this.status = options.status;
    this.fields = options.fields;
    this.path = options.path;
  }
}

export function isGuestlistError(error: unknown): error is GuestlistError {
  return error instanceof GuestlistError;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function fieldsOf(value: unknown): FieldIssue[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const fields = value.filter(
    (f): f is FieldIssue =>
      isRecord(f) && typeof f.path === 'string' && typeof f.message === 'string',
  );
  return fields.length > 0 ? fields : undefined;
}

/** Whether the error (or one it wraps) is an abort. */
function isAbort(error: unknown): boolean {
  for (let e = error, depth = 0; isRecord(e) && depth < 5; depth++) {
    if (e.name === 'AbortError') return true;
    e = e.cause;
  }
  return false;
}

/** The HTTP status of the response an error came with, when tRPC kept it. */
function responseStatus(meta: Record<string, unknown> | undefined): number | undefined {
  const response = meta?.response;
  return isRecord(response) && typeof response.status === 'number' ? response.status : undefined;
}

/** Turns whatever a tRPC call threw into a `GuestlistError`. */
export function toGuestlistError(error: unknown): GuestlistError {
  if (error instanceof GuestlistError) return error;
  if (!(error instanceof TRPCClientError)) {
    return new GuestlistError({
      code: isAbort(error) ? 'ABORTED' : 'INTERNAL_ERROR',
      message: error instanceof Error ? error.message : String(error),
      status: 0,
      cause: error,
    });
  }
  const data: unknown = error.data;
  const httpStatus =
    isRecord(data) && typeof data.httpStatus === 'number' ? data.httpStatus : undefined;
  const path = isRecord(data) && typeof data.path === 'string' ? data.path : undefined;
  const body = isRecord(data) ? data.error : undefined;
  if (isRecord(body) && typeof body.code === 'string') {
    // The server's own shape: { httpStatus, path?, error: { code, message, fields? } }.
    return new GuestlistError({
      code: body.code,
      message: typeof body.message === 'string' ? body.message : error.message,
      status: httpStatus ?? responseStatus(error.meta) ?? 500,
      fields: fieldsOf(body.fields),
      path,
      cause: error,
    });
  }
  if (error.shape === undefined || error.shape === null) {
    // No error body: the request never got an answer, or the answer was not tRPC's JSON.
    const status = responseStatus(error.meta);
    if (isAbort(error.cause)) {
      return new GuestlistError({
        code: 'ABORTED',
        message: error.message,
        status: 0,
        cause: error,
      });
    }
    if (status === undefined && error.cause instanceof TypeError) {
      return new GuestlistError({
        code: 'NETWORK_ERROR',
        message: `Could not reach the Guestlist server: ${error.message}`,
        status: 0,
        cause: error,
      });
    }
    return new GuestlistError({
      code: 'INTERNAL_ERROR',
      message: `Unexpected answer from the Guestlist server: ${error.message}`,
      status: status ?? 500,
      cause: error,
    });
  }
  // A tRPC error without the domain's body (another server, or a proxy in between).
  return new GuestlistError({
    code: 'INTERNAL_ERROR',
    message: error.message,
    status: httpStatus ?? responseStatus(error.meta) ?? 500,
    path,
    cause: error,
  });
}

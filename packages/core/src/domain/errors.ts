/**
 * Every failure the domain can report, with the HTTP status the spec gives it (§3).
 * This table is the single source: the tRPC error formatter and the REST bridge both
 * read it, so a code always answers the same status whichever way it is reached.
 */
export const errorCatalog = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  INVALID_EXPIRY: 400,
  INVALID_PERMISSION: 400,
  INVALID_QUERY: 400,
  INVALID_CURSOR: 400,
  INVALID_WEBHOOK_URL: 400,
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
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  INVITE_NOT_PENDING: 409,
  INVITE_HAS_NO_EMAIL: 409,
  CODE_COLLISION: 409,
  EMAIL_TAKEN: 409,
  USERNAME_TAKEN: 409,
  GROUP_NAME_TAKEN: 409,
  ALREADY_REDEEMED: 409,
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
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorCatalog;

/** One offending field of a rejected input: a dotted path and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
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

  get status(): number {
    return errorCatalog[this.code];
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export function httpStatusOf(code: ErrorCode): number {
  return errorCatalog[code];
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

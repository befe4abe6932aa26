import type { ErrorCode } from '@guestlist/core';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { Tag } from './openapi/tags.ts';

/** The REST status of a success (201 Created, 202 Accepted, 204 No Content); 200 when absent. */
export type SuccessStatus = 200 | 201 | 202 | 204;

/** What a procedure says about itself: its REST route, and what the host must know of it. */
export interface Meta extends OpenApiMeta {
  successStatus?: SuccessStatus;
  /** May build a large answer: waits for a turn among the process's heavy calls (R22). */
  heavy?: true;
  /**
   * The domain's refusals the operation can answer, beyond what any request can meet (see
   * `errorCodesOf`). The OpenAPI document lists them, and the fuzzing suite fails on an error
   * it provokes that the document does not list.
   */
  errors?: readonly ErrorCode[];
  /** The OpenAPI document's examples: a request body, and a list operation's success page. */
  examples?: { request?: Record<string, unknown>; response?: Record<string, unknown> };
  /**
   * A signed-in caller confirms the change with their password: a wrong one answers 403
   * INVALID_CREDENTIALS (the session stands), not the login's 401.
   */
  reauthenticates?: true;
}

/** Everything REST and its document need to know of one operation, in one place. */
export interface RestOperation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: `/${string}`;
  tag: Tag;
  summary: string;
  description: string;
  /** Answers without a caller (a key or a session is still accepted). */
  public?: true;
  successStatus?: SuccessStatus;
  heavy?: true;
  reauthenticates?: true;
  /** Required, even when empty: an operation says what it can refuse. */
  errors: readonly ErrorCode[];
  examples?: Meta['examples'];
}

/** The procedure meta of a REST operation: `.meta(restOperation({ ... }))`. */
export function restOperation(operation: RestOperation): Meta {
  const { method, path, tag, summary, description, successStatus, heavy, errors, examples } =
    operation;
  const { reauthenticates } = operation;
  return {
    openapi: {
      method,
      path,
      tags: [tag],
      summary,
      description,
      ...(operation.public ? { protect: false } : {}),
    },
    ...(successStatus ? { successStatus } : {}),
    ...(heavy ? { heavy } : {}),
    ...(reauthenticates ? { reauthenticates } : {}),
    errors,
    ...(examples ? { examples } : {}),
  };
}

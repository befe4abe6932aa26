import { describeError } from '@guestlist/api';
import type { TRPCError } from '@trpc/server';
import { CHALLENGE } from './rest-errors.ts';

interface ResponseMetaArgs {
  paths?: readonly string[] | undefined;
  errors: readonly TRPCError[];
}

type ResponseMeta = { status?: number; headers?: Record<string, string> };

/** A tRPC error's status (and `Retry-After`, and a 401's challenge), from the API's table. */
export function errorMeta({ errors }: ResponseMetaArgs): ResponseMeta {
  const first = errors[0];
  if (!first) return {};
  const { status, retryAfter } = describeError(first);
  const headers: Record<string, string> = {};
  if (retryAfter) headers['Retry-After'] = String(retryAfter);
  if (status === 401) headers['WWW-Authenticate'] = CHALLENGE;
  return Object.keys(headers).length > 0 ? { status, headers } : { status };
}

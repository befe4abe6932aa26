import { describeError } from '@guestlist/api';
import type { TRPCError } from '@trpc/server';
import { CHALLENGE } from './rest-errors.ts';

interface ResponseMetaArgs {
  paths?: readonly string[] | undefined;
  errors: readonly TRPCError[];
}

type ResponseMeta = { status?: number; headers: Record<string, string | string[]> };

/**
 * A tRPC answer's headers and status: `Vary: Origin` always, and for an error its status (and
 * `Retry-After`, and a 401's challenge), from the API's table.
 *
 * The CORS hook marks every answer as varying by Origin, but tRPC writes its own `Vary` over
 * it, and a shared cache could then hand one origin's answer (its `Access-Control-Allow-Origin`)
 * to another. A list value is appended to tRPC's `Vary` rather than replacing it, by tRPC's
 * handler and the server's own adapter alike.
 */
export function errorMeta({ errors }: ResponseMetaArgs): ResponseMeta {
  const headers: ResponseMeta['headers'] = { vary: ['Origin'] };
  const first = errors[0];
  if (!first) return { headers };
  const { status, retryAfter } = describeError(first);
  if (retryAfter) headers['Retry-After'] = String(retryAfter);
  if (status === 401) headers['WWW-Authenticate'] = CHALLENGE;
  return { status, headers };
}

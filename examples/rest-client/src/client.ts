/**
 * A typed REST client for Guestlist that Guestlist did not write: the types are generated from
 * the served OpenAPI document by openapi-typescript (`src/guestlist-api.d.ts`), the calls go
 * through openapi-fetch. Paths, bodies, query parameters and answers are all checked by the
 * compiler against the document.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './guestlist-api.js';

export type Invite = components['schemas']['Invite'];

/** `{ code, message, fields? }`: every error answer of the API. */
export type ApiError = components['schemas']['Error'];

/** A client for `{serverUrl}/api/v1`, sending `token` (an API key or session) when given. */
export function guestlistRestClient(serverUrl: string, token?: string) {
  return createClient<paths>({
    baseUrl: new URL('/api/v1', serverUrl).href,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

export type GuestlistRestClient = ReturnType<typeof guestlistRestClient>;

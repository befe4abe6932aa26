import type { Context } from '@guestlist/api';
import type { Guestlist } from '@guestlist/core';
import type { FastifyRequest } from 'fastify';

const BEARER = /^Bearer\s+(\S+)$/i;

/** The bearer token of `Authorization: Bearer <token>`, if the request carries one. */
export function bearerToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  return typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
}

/** Builds the tRPC context of one request: who is calling (from the bearer token) and from where. */
export function contextFactory(guestlist: Guestlist, transport: 'rest' | 'trpc') {
  return async ({ req }: { req: FastifyRequest }): Promise<Context> => {
    const token = bearerToken(req);
    const principal = token ? await guestlist.authenticate(token) : null;
    // `req.ip` honours TRUST_PROXY (X-Forwarded-For) through Fastify's trustProxy option.
    return {
      guestlist,
      principal,
      token: principal ? (token ?? null) : null,
      ip: req.ip ?? null,
      transport,
    };
  };
}

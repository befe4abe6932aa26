import { Admission, type Context, createAdmissionGate, heavyCallsOf } from '@guestlist/api';
import type { Guestlist } from '@guestlist/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

const BEARER = /^Bearer\s+(\S+)$/i;

/** The bearer token of `Authorization: Bearer <token>`, if the request carries one. */
export function bearerToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  return typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
}

/** The `Accept-Language` header, bounded: a browser's is short, and the job carries it. */
function acceptLanguageOf(req: FastifyRequest): string | null {
  const header = req.headers['accept-language'];
  return typeof header === 'string' && header.length <= 256 ? header : null;
}

/**
 * Builds the tRPC context of one request: who is calling (from the bearer token), from where,
 * how it arrived (REST hands path parameters over percent-encoded), and its turn among the
 * process's heavy calls (one gate per server, shared by tRPC and REST).
 */
export function contextFactory(guestlist: Guestlist) {
  const gate = createAdmissionGate();
  return (transport: 'rest' | 'trpc') =>
    async ({
      req,
      res,
      info,
    }: {
      req: FastifyRequest;
      res?: FastifyReply;
      info?: { calls: readonly { path: string }[] };
    }): Promise<Context> => {
      const token = bearerToken(req);
      const principal = token ? await guestlist.authenticate(token) : null;
      // A tRPC batch names its calls; a REST request is one call.
      const calls = info?.calls.map((call) => call.path) ?? [];
      const admission = new Admission(gate, calls.length > 0 ? heavyCallsOf(calls) : 1);
      res?.raw.once('close', () => admission.close());
      // `req.ip` honours TRUST_PROXY (X-Forwarded-For) through Fastify's trustProxy option.
      return {
        guestlist,
        principal,
        token: principal ? (token ?? null) : null,
        ip: req.ip ?? null,
        acceptLanguage: acceptLanguageOf(req),
        transport,
        admission,
      };
    };
}

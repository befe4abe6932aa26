import { type Actor, type Guestlist, isDomainError, type Principal } from '@guestlist/core';
import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { describeError, type ErrorBody, toTrpcError } from './errors.ts';

/** What every procedure sees: the domain, who is calling and from where. */
export interface Context {
  guestlist: Guestlist;
  principal: Principal | null;
  /** The bearer token the principal was found by (logout revokes it). */
  token: string | null;
  ip: string | null;
}

/** Context from already-resolved parts; tests call this directly with `createCaller`. */
export function createContextInner(parts: Context): Context {
  return parts;
}

export interface Meta extends OpenApiMeta {
  /** The REST status of a success (201 Created, 202 Accepted); 200 when absent. */
  successStatus?: 200 | 201 | 202 | 204;
}

/** The error shape tRPC sends: its own fields, plus the domain's `code`, status and fields. */
export interface ErrorShapeData {
  httpStatus: number;
  path?: string;
  error: ErrorBody;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error, path }) {
      const { status, retryAfter: _, ...body } = describeError(error);
      return {
        code: shape.code,
        message: body.message,
        data: {
          httpStatus: status,
          ...(path ? { path } : {}),
          error: body,
        } satisfies ErrorShapeData,
      };
    },
  });

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors become tRPC errors carrying them, so the formatter can tell them apart. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDomainError(result.error.cause)) {
    const mapped = toTrpcError(result.error.cause);
    return { ...result, error: mapped };
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

/** Narrows `ctx` to an actor for the domain call. Authentication itself is the domain's check. */
export function actorOf(ctx: Context): Actor {
  return { principal: ctx.principal, ip: ctx.ip };
}

import {
  type Actor,
  DomainError,
  type Guestlist,
  isDomainError,
  type Principal,
} from '@guestlist/core';
import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { Admission } from './admission.ts';
import { describeError, type ErrorBody, toTrpcError } from './errors.ts';

/** What every procedure sees: the domain, who is calling and from where. */
export interface Context {
  guestlist: Guestlist;
  principal: Principal | null;
  /** The bearer token the principal was found by (logout revokes it). */
  token: string | null;
  ip: string | null;
  /**
   * The request's turn at the heavy calls (spec R22), when the host provides one; calls made
   * without it (tests calling procedures directly) are not gated.
   */
  admission?: Admission | undefined;
}

/** Context from already-resolved parts; tests call this directly with `createCaller`. */
export function createContextInner(parts: Context): Context {
  return parts;
}

export interface Meta extends OpenApiMeta {
  /** The REST status of a success (201 Created, 202 Accepted); 200 when absent. */
  successStatus?: 200 | 201 | 202 | 204;
  /** May build a large answer: waits for a turn among the process's heavy calls (R22). */
  heavy?: true;
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

/** Deeper than any real input; deeper nesting would exhaust the stack further on. */
export const MAX_INPUT_DEPTH = 64;

/**
 * Why an input is refused before any schema sees it, or null. PostgreSQL text cannot hold
 * U+0000, so a string (or key) carrying one would fail deep in a query; and nesting beyond
 * MAX_INPUT_DEPTH would overflow the stack in serialisation. Both answer 400 (spec R19).
 * Iterative, so the check itself cannot overflow.
 */
function refusal(value: unknown): string | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return 'contains a NUL (U+0000) character';
    } else if (item && typeof item === 'object') {
      if (depth >= MAX_INPUT_DEPTH) return `nested deeper than ${MAX_INPUT_DEPTH} levels`;
      for (const [key, child] of Object.entries(item)) {
        if (key.includes('\u0000')) return 'contains a NUL (U+0000) character';
        stack.push([child, depth + 1]);
      }
    }
  }
  return null;
}

const saneInput = t.middleware(async ({ getRawInput, next }) => {
  const problem = refusal(await getRawInput());
  if (problem) {
    throw toTrpcError(
      new DomainError('VALIDATION_FAILED', `Input ${problem}`, [
        { path: '(input)', message: problem },
      ]),
    );
  }
  return next();
});

/** Heavy calls take their turn before anything else runs, and hold it until they answer. */
const admitted = t.middleware(async ({ ctx, meta, next }) => {
  if (!meta?.heavy || !ctx.admission) return next();
  const leave = await ctx.admission.enter();
  try {
    return await next();
  } finally {
    leave();
  }
});

export const publicProcedure = t.procedure.use(admitted).use(domainErrors).use(saneInput);

/** Narrows `ctx` to an actor for the domain call. Authentication itself is the domain's check. */
export function actorOf(ctx: Context): Actor {
  return { principal: ctx.principal, ip: ctx.ip };
}

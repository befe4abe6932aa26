import {
  type Actor,
  DomainError,
  type Guestlist,
  isDomainError,
  type Principal,
} from '@guestlist/core';
import { initTRPC } from '@trpc/server';
import type { Admission } from './admission.ts';
import { describeError, type ErrorBody, toTrpcError } from './errors/describe.ts';
import type { Meta } from './operation.ts';

/** What every procedure sees: the domain, who is calling and from where. */
export interface Context {
  guestlist: Guestlist;
  principal: Principal | null;
  /** The bearer token the principal was found by (logout revokes it). */
  token: string | null;
  ip: string | null;
  /** The request's `Accept-Language` header, for the emails it causes (§11). */
  acceptLanguage?: string | null;
  /**
   * `rest` when the call came through the REST bridge, which hands path parameters over
   * still percent-encoded; tRPC input is taken as sent.
   */
  transport?: 'rest' | 'trpc';
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

export type { Meta };

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
      const { status, body } = describeError(error);
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

/** Deeper than any real input; deeper nesting would exhaust the stack further on. */
export const MAX_INPUT_DEPTH = 64;

/**
 * Why an input is refused before any schema sees it, or null. PostgreSQL text cannot hold
 * U+0000, so a string (or key) carrying one would fail deep in a query; nor can it hold a lone
 * UTF-16 surrogate (`"\ud800"` in JSON): jsonb refuses it and text keeps U+FFFD instead,
 * so such a string fails a query or is stored other than sent; nesting beyond
 * MAX_INPUT_DEPTH would overflow the stack in serialisation; and a `__proto__` key, at any
 * depth, is a field no schema has. All answer 400 (spec R19).
 * Iterative, so the check itself cannot overflow.
 */
function refusal(value: unknown): { path: string; problem: string } | null {
  const nul = 'contains a NUL (U+0000) character';
  const surrogate = 'contains a lone surrogate (not well-formed Unicode)';
  const stack: [unknown, number, string][] = [[value, 0, '']];
  while (stack.length > 0) {
    const [item, depth, at] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return { path: at || '(input)', problem: nul };
      if (!item.isWellFormed()) return { path: at || '(input)', problem: surrogate };
    } else if (item && typeof item === 'object') {
      if (depth >= MAX_INPUT_DEPTH)
        return { path: at || '(input)', problem: `nested deeper than ${MAX_INPUT_DEPTH} levels` };
      for (const [key, child] of Object.entries(item)) {
        const path = at ? `${at}.${key}` : key;
        if (key.includes('\u0000')) return { path: at || '(input)', problem: nul };
        if (!key.isWellFormed()) return { path: at || '(input)', problem: surrogate };
        // No schema has it; a free-form record (metadata) would drop it without a word.
        if (key === '__proto__') return { path, problem: 'unknown field' };
        stack.push([child, depth + 1, path]);
      }
    }
  }
  return null;
}

/** `%41` → `A`; a malformed encoding (which the HTTP router already refuses) stays as it is. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Each REST route's path parameter names (`{owner}` in `/namespaces/{owner}/{name}`), once. */
const parameterNames = new Map<string, readonly string[]>();
function pathParametersOf(route: string): readonly string[] {
  let names = parameterNames.get(route);
  if (!names) {
    names = [...route.matchAll(/\{(.+?)\}/g)].map(([, name]) => name!);
    parameterNames.set(route, names);
  }
  return names;
}

/**
 * The REST path parameters decoded before any check, so that the checks and the schemas see
 * what the domain will get: a `%00` in a path is a NUL like one in a body, refused alike.
 */
function decodedPathParameters(ctx: Context, meta: Meta | undefined, raw: unknown): unknown {
  const route = meta?.openapi?.path;
  if (ctx.transport !== 'rest' || !route) return raw;
  const names = pathParametersOf(route);
  if (names.length === 0 || !raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const decoded: Record<string, unknown> = { ...raw };
  for (const name of names) {
    const value = decoded[name];
    if (typeof value === 'string') decoded[name] = decodePathSegment(value);
  }
  return decoded;
}

/**
 * Every procedure's one middleware (one, because each layer of tRPC's chain copies the call's
 * options): heavy calls take their turn first and hold it until they answer (R22); the input
 * is decoded and refused before any schema sees it (R19); domain errors become tRPC errors
 * carrying them, so the formatter can tell them apart.
 */
const guarded = t.middleware(async ({ ctx, meta, getRawInput, next }) => {
  const leave = meta?.heavy && ctx.admission ? await ctx.admission.enter() : null;
  try {
    const raw = await getRawInput();
    const input = decodedPathParameters(ctx, meta, raw);
    const refused = refusal(input);
    if (refused) {
      const { path, problem } = refused;
      throw toTrpcError(
        new DomainError('VALIDATION_FAILED', `Invalid input: ${path}: ${problem}`, [
          { path, message: problem },
        ]),
      );
    }
    const result = await (input === raw ? next() : next({ getRawInput: async () => input }));
    if (!result.ok && isDomainError(result.error.cause)) {
      return { ...result, error: toTrpcError(result.error.cause) };
    }
    return result;
  } finally {
    leave?.();
  }
});

export const publicProcedure = t.procedure.use(guarded);

/** Narrows `ctx` to an actor for the domain call. Authentication itself is the domain's check. */
export function actorOf(ctx: Context): Actor {
  return { principal: ctx.principal, ip: ctx.ip, acceptLanguage: ctx.acceptLanguage ?? null };
}

import { type Context, type RestProcedure, restOperations, restRouter } from '@guestlist/api';
import { callTRPCProcedure, TRPCError } from '@trpc/server';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import {
  coerceSchema,
  getInputOutputParsers,
  instanceofZodTypeLikeVoid,
  instanceofZodTypeObject,
  instanceofZodTypeOptional,
  unwrapZodType,
} from 'trpc-to-openapi';
import { ZodArray, type ZodObject } from 'zod/v4';

/**
 * The REST side of the API: every operation of the OpenAPI document answered by calling its
 * tRPC procedure. It does what trpc-to-openapi's request handler did (the same input from path,
 * query and body, the same coercion, the same statuses and errors) with the per-request work
 * moved to start-up: one Fastify route per operation instead of a catch-all that matched every
 * path against every operation's expression, built a fetch `Request` only to read an abort
 * signal nothing uses, and re-walked the input schema on each call. The document itself is
 * still trpc-to-openapi's.
 */

/** What the route hands the metrics: the documented path, never the raw one. */
export interface RestRouteConfig {
  restRoute?: string;
}

/**
 * The documented path each request was answered as. A route can hand its request to the
 * fallback (`/invites/x/..` reaches `/invites/:invite` and is answered as `/invites`), so
 * what its configuration names is not always what answered.
 */
const answeredAs = new WeakMap<FastifyRequest, string>();

/** The documented path (or the catch-all's) the bridge answered a request as, if it did. */
export function answeredRoute(request: FastifyRequest): string | undefined {
  return answeredAs.get(request);
}

export interface RestBridgeOptions {
  /** The mount point, `/api/v1`: labels and the fallback's matching include it. */
  prefix: string;
  createContext: (opts: { req: FastifyRequest; res: FastifyReply }) => Promise<Context>;
  /** Told of every failure before it reaches Fastify's error handler, which writes the answer. */
  onError: (failure: { error: TRPCError; path?: string; req: FastifyRequest }) => void;
}

interface Operation {
  procedure: string;
  type: 'query' | 'mutation';
  /** Whether the input comes from the body (POST, PUT, PATCH) or the query string. */
  usesBody: boolean;
  /** The input is `z.void()`: nothing is read from the request. */
  takesNoInput: boolean;
  /** Query parameters the schema declares as lists: a single `?x=1` still arrives as `[1]`. */
  listKeys: readonly string[];
  status: number;
  /** The documented path's segments; a parameter's name where it has one. */
  segments: readonly ({ param: string } | { literal: string })[];
  label: string;
}

const PARAM = /^\{(.+)\}$/;

function operationOf(prefix: string, op: RestProcedure): Operation {
  const definition = (restRouter._def.procedures as Record<string, unknown>)[op.procedure] as {
    _def: { type: 'query' | 'mutation' };
  };
  const { inputParser } = getInputOutputParsers(definition as never);
  const schema = unwrapZodType(inputParser as never, true);
  const listKeys: string[] = [];
  if (instanceofZodTypeObject(schema)) {
    // Query strings carry text: numbers and booleans are read from it (trpc-to-openapi's
    // coercion), once for the schema rather than on every call.
    coerceSchema(schema);
    for (const [key, shape] of Object.entries((schema as ZodObject).shape)) {
      const inner = instanceofZodTypeOptional(shape) ? shape.unwrap() : shape;
      if (inner instanceof ZodArray) listKeys.push(key);
    }
  }
  const path = `/${op.path.replace(/^\/|\/$/g, '')}`;
  return {
    procedure: op.procedure,
    type: definition._def.type,
    usesBody: op.method !== 'GET' && op.method !== 'DELETE',
    takesNoInput: instanceofZodTypeLikeVoid(schema),
    listKeys,
    status: op.meta.successStatus ?? 200,
    segments: path
      .split('/')
      .slice(1)
      .map((part) => {
        const param = PARAM.exec(part)?.[1];
        return param ? { param } : { literal: part };
      }),
    label: `${prefix}${op.path}`,
  };
}

/** The input as the bridge always built it: query or body, then the path's parameters. */
function inputOf(
  operation: Operation,
  request: FastifyRequest,
  params: Record<string, string>,
): unknown {
  if (operation.takesNoInput) return undefined;
  if (operation.usesBody) {
    const type = request.headers['content-type'];
    if (!type?.startsWith('application/json')) {
      throw new TRPCError({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: type ? `Unsupported content-type "${type}` : 'Missing content-type header',
      });
    }
    return { ...(request.body as object | undefined), ...params };
  }
  const input: Record<string, unknown> = {};
  const query = (request.query ?? {}) as Record<string, string | string[] | undefined>;
  for (const key of Object.keys(query)) {
    const value = query[key];
    // An empty value counts as absent, a repeated key as a list.
    if (value) input[key] = Array.isArray(value) && value.length === 1 ? value[0] : value;
  }
  for (const key of operation.listKeys) {
    if (input[key] !== undefined && !Array.isArray(input[key])) input[key] = [input[key]];
  }
  return Object.assign(input, params);
}

/** A failure as tRPC names it; anything unforeseen is a 500 that keeps its cause. */
function trpcErrorOf(cause: unknown): TRPCError {
  if (cause instanceof Error && cause.name === 'TRPCError') return cause as TRPCError;
  const error = new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: 'Internal server error',
    ...(cause instanceof Error ? { cause } : {}),
  });
  if (cause instanceof Error && cause.stack) error.stack = cause.stack;
  return error;
}

/**
 * Segments of characters the WHATWG parser neither encodes nor reads as dot segments: such a
 * path is its own normal form, and most requests' path is one.
 */
const PLAIN_PATH = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+)+$/;

/** The path after the prefix, as the WHATWG parser reads it (dot segments resolved). */
export function normalizedPath(url: string, prefix: string): string {
  const raw = url.split('?', 1)[0]!.slice(prefix.length);
  if (PLAIN_PATH.test(raw)) return raw;
  const { pathname } = new URL(raw.startsWith('/') ? `http://h${raw}` : `http://h/${raw}`);
  return `/${pathname.replace(/^\/|\/$/g, '')}`;
}

/** The documented operation a request names, with its path's parameters as sent. */
export interface RestMatch {
  operation: RestProcedure;
  /** The documented path under the prefix, `/api/v1/invites/{invite}`: a metrics label. */
  label: string;
  params: Record<string, string>;
}

/**
 * Which documented operation a method and URL name, read as the bridge reads them: HEAD as
 * GET, the path normalized and compared case-insensitively. The bridge's fallback answers
 * with it, and the query check and the metrics ask it, so none of them names an operation
 * the others would not.
 */
export function restOperationMatcher(
  prefix: string,
): (method: string, url: string) => RestMatch | undefined {
  const routes = restOperations.map((operation) => ({
    operation,
    label: `${prefix}${operation.path}`,
    pattern: new RegExp(
      `^/${operation.path
        .replace(/^\/|\/$/g, '')
        .replace(/\{(.+?)\}/g, (_, key) => `(?<${key}>[^/]+)`)}$`,
      'i',
    ),
  }));
  return (method, url) => {
    const wanted = method === 'HEAD' ? 'GET' : method;
    const path = normalizedPath(url, prefix);
    for (const { operation, label, pattern } of routes) {
      if (operation.method !== wanted) continue;
      const found = pattern.exec(path);
      if (found) return { operation, label, params: { ...found.groups } };
    }
    return undefined;
  };
}

export function registerRestBridge(rest: FastifyInstance, options: RestBridgeOptions): void {
  const { prefix, createContext, onError } = options;
  const operations = restOperations.map((op) => ({ op, operation: operationOf(prefix, op) }));
  const operationFor = new Map(operations.map(({ op, operation }) => [op, operation]));
  const matchOf = restOperationMatcher(prefix);

  async function answer(
    operation: Operation,
    params: Record<string, string>,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    answeredAs.set(request, operation.label);
    try {
      const input = inputOf(operation, request, params);
      const ctx = await createContext({ req: request, res: reply });
      const data = await callTRPCProcedure({
        router: restRouter,
        path: operation.procedure,
        getRawInput: async () => input,
        ctx,
        type: operation.type,
        signal: undefined,
        batchIndex: 0,
      });
      reply.status(operation.status).header('content-type', 'application/json');
      return reply.send(JSON.stringify(data));
    } catch (cause) {
      const error = trpcErrorOf(cause);
      onError({ error, path: operation.procedure, req: request });
      throw error;
    }
  }

  /** Anything the exact routes did not take: matched as the bridge always matched. */
  async function fallback(request: FastifyRequest, reply: FastifyReply) {
    const match = matchOf(request.method, request.url);
    if (match) return answer(operationFor.get(match.operation)!, match.params, request, reply);
    answeredAs.set(request, `${prefix}/*`);
    const error = new TRPCError({ code: 'NOT_FOUND', message: 'Not found' });
    onError({ error, req: request });
    throw error;
  }

  for (const { op, operation } of operations) {
    const url = operation.segments.map((s) => ('param' in s ? `:${s.param}` : s.literal)).join('/');
    rest.route({
      method: op.method as HTTPMethods,
      url: `/${url}`,
      config: { restRoute: operation.label } satisfies RestRouteConfig,
      handler: (request, reply) => {
        const raw = request.url.split('?', 1)[0]!.slice(prefix.length);
        // Parameters go on percent-encoded, as they arrived (the router's are decoded); a
        // path the URL parser would read differently (`..`, a backslash) takes the old road.
        if (normalizedPath(request.url, prefix) !== raw) return fallback(request, reply);
        const parts = raw.split('/');
        const params: Record<string, string> = {};
        for (const [i, segment] of operation.segments.entries()) {
          const part = parts[i + 1]!;
          // The router matched the path decoded (`%69nvites` as `invites`), and takes an empty
          // parameter: the documented expression took neither, so those take the old road too.
          if ('literal' in segment ? part !== segment.literal : part === '') {
            return fallback(request, reply);
          }
          if ('param' in segment) params[segment.param] = part;
        }
        return answer(operation, params, request, reply);
      },
    });
  }
  rest.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/*', handler: fallback });
}

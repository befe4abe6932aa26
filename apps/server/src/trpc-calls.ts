import type { AnyProcedure, AnyRouter, ProcedureType } from '@trpc/server';
import type { FastifyRequest } from 'fastify';

/**
 * Reads a tRPC request into its calls, when it has the plain shape the SDK's batching link
 * sends: GET of queries or POST of mutations, one call or a batch, JSON input, no streaming.
 * Anything else, and anything tRPC would refuse as a whole (an unknown procedure, a query
 * sent as POST, broken JSON, a batch over the limit), is `null`: tRPC's own handler answers
 * those, so that only answers built the same way from the same parts go the short way.
 */

export interface PlainCall {
  path: string;
  procedure: AnyProcedure;
  /** The call's input as tRPC would hand it over: deserialized, `undefined` when absent. */
  input: unknown;
}

export interface PlainRequest {
  isBatchCall: boolean;
  type: 'query' | 'mutation';
  calls: PlainCall[];
}

/** Hosts whose URL tRPC's handler would build without refusing it ("Invalid URL"). */
const parsedHosts = new Set<string>();

function hostParses(host: string): boolean {
  if (parsedHosts.has(host)) return true;
  try {
    new URL(`http://${host}/`);
  } catch {
    return false;
  }
  // A bounded memo: a client sending a new Host each time costs a parse, never memory.
  if (parsedHosts.size >= 64) parsedHosts.clear();
  parsedHosts.add(host);
  return true;
}

/** tRPC's media type test: case-insensitive, parameters ignored. */
function isJson(contentType: string): boolean {
  return contentType.toLowerCase().split(';', 1)[0]!.trim() === 'application/json';
}

/** tRPC's own test for a batch's input: an object that is not a list. */
function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && !Array.isArray(value) && typeof value === 'object';
}

/**
 * Printable ASCII with no fragment: the URL parser would read such a URL's query as it
 * stands (it escapes `"<>'` and URLSearchParams unescapes them again).
 */
const PLAIN_URL = /^[\x21-\x22\x24-\x7e]*$/;

export function plainRequest(
  router: AnyRouter,
  prefix: string,
  maxBatchSize: number,
  request: FastifyRequest,
): PlainRequest | null {
  const method = request.raw.method;
  if (method !== 'GET' && method !== 'POST') return null;
  const headers = request.headers;
  // Streaming answers (jsonl) are asked for by either header.
  if (headers['trpc-accept'] !== undefined) return null;
  if (headers.accept?.includes('application/jsonl')) return null;
  const contentType = headers['content-type'];
  if (contentType === undefined ? method === 'POST' : !isJson(contentType)) return null;
  if (typeof headers.host !== 'string' || !hostParses(headers.host)) return null;

  const url = request.raw.url ?? '';
  if (!PLAIN_URL.test(url)) return null;
  const mark = url.indexOf('?');
  const urlPath = (mark === -1 ? url : url.slice(0, mark)).slice(prefix.length + 1);
  // tRPC decodes the router's (already decoded) parameter again: only a path that decoding
  // leaves alone is read here.
  if (urlPath.includes('%') || (request.params as { path?: string }).path !== urlPath) return null;
  const query = new URLSearchParams(mark === -1 ? '' : url.slice(mark + 1));
  if (query.has('connectionParams')) return null;

  const config = router._def._config as {
    pathSeparator?: string;
    transformer: { input: { deserialize: (value: unknown) => unknown } };
  };
  const separator = config.pathSeparator ?? '.';
  const isBatchCall = query.get('batch') === '1';
  const paths = (isBatchCall ? urlPath.split(',') : [urlPath]).map((path) =>
    separator === '.' ? path : path.split(separator).join('.'),
  );
  if (isBatchCall && paths.length > maxBatchSize) return null;
  const type = method === 'GET' ? 'query' : 'mutation';
  const procedures = router._def.procedures as Record<string, AnyProcedure>;
  const found: AnyProcedure[] = [];
  for (const path of paths) {
    const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
    if (procedure?._def.type !== (type satisfies ProcedureType)) return null;
    found.push(procedure);
  }

  let text: string | null;
  if (method === 'GET') text = query.get('input');
  else if (typeof request.body === 'string') text = request.body;
  else return null;
  let inputs: unknown[];
  try {
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    const { deserialize } = config.transformer.input;
    if (parsed === undefined) inputs = [];
    else if (!isBatchCall) inputs = [deserialize(parsed)];
    else if (!isObject(parsed)) return null;
    else {
      inputs = paths.map((_, index) => {
        const input = parsed[index];
        return input === undefined ? undefined : deserialize(input);
      });
    }
  } catch {
    return null;
  }
  return {
    isBatchCall,
    type,
    calls: paths.map((path, index) => ({ path, procedure: found[index]!, input: inputs[index] })),
  };
}

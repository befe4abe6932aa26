import type { appRouter } from '@guestlist/api';
import {
  callTRPCProcedure,
  getErrorShape,
  getTRPCErrorFromUnknown,
  TRPCError,
  transformTRPCResponse,
} from '@trpc/server';
import { type FastifyHandlerOptions, fastifyRequestHandler } from '@trpc/server/adapters/fastify';
import { getHTTPStatusCode, type TRPCRequestInfo } from '@trpc/server/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type PlainRequest, plainRequest } from './trpc-calls.ts';

/**
 * tRPC over HTTP, mounted at `/trpc` as `fastifyTRPCPlugin` mounted it (one route,
 * `/trpc/:path`, the same body parsers). What the SDK sends (see `plainRequest`) is answered
 * here by calling the procedures directly and writing the answer as tRPC's `resolveResponse`
 * writes it, from tRPC's own parts (`getErrorShape`, `getHTTPStatusCode`,
 * `transformTRPCResponse`); everything else goes to tRPC's Fastify handler unchanged. That
 * handler builds a fetch `Request` (URL, headers, body stream) for each call and answers with
 * a fetch `Response`: more work than the procedure itself for a short read.
 */

type Options = FastifyHandlerOptions<typeof appRouter, FastifyRequest, FastifyReply> &
  Required<
    Pick<
      FastifyHandlerOptions<typeof appRouter, FastifyRequest, FastifyReply>,
      'createContext' | 'maxBatchSize'
    >
  >;

type Result = [error: TRPCError, data: undefined] | [error: undefined, data: unknown];
type Shape = { error: unknown } | { result: { data: unknown } };

/**
 * Aborts when the client goes away before its answer is written: the signal tRPC's handler
 * gives each call (its `Request`'s), without building the `Request`.
 */
function clientGone(request: FastifyRequest, reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const req = request.raw;
  const res = reply.raw;
  const onAbort = () => {
    res.off('close', onClose);
    req.off('aborted', onAbort);
    controller.abort();
  };
  const onClose = () => {
    if (!res.writableEnded) return onAbort();
    req.off('aborted', onAbort);
  };
  res.once('close', onClose);
  req.once('aborted', onAbort);
  return controller.signal;
}

function isObject(value: unknown): value is object {
  return !!value && !Array.isArray(value) && typeof value === 'object';
}
const isAsyncIterable = (value: unknown) => isObject(value) && Symbol.asyncIterator in value;
const isPromise = (value: unknown) =>
  (isObject(value) || typeof value === 'function') &&
  typeof (value as { then?: unknown }).then === 'function' &&
  typeof (value as { catch?: unknown }).catch === 'function';

/** tRPC's test for an answer only its streaming link could carry. */
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isAsyncIterable(value)) return true;
  const values = Object.values(value);
  return values.some(isPromise) || values.some(isAsyncIterable);
}

/** Response headers as a fetch `Headers` would hold them: lower-case names, appends joined. */
class HeaderList {
  readonly values = new Map<string, string | string[]>();
  set(name: string, value: string) {
    this.values.set(name.toLowerCase(), value);
  }
  append(name: string, value: string) {
    const key = name.toLowerCase();
    const old = this.values.get(key);
    if (key === 'set-cookie') this.values.set(key, [...(old ?? []), value]);
    else this.values.set(key, old === undefined ? value : `${old}, ${value}`);
  }
}

async function answerPlain(
  options: Options,
  plain: PlainRequest,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const { router } = options;
  const config = router._def._config;
  const signal = clientGone(request, reply);
  // tRPC reads every call's input at once, on the first call's demand: before that, errors
  // report no input.
  let inputRead = false;
  const info: TRPCRequestInfo = {
    accept: null,
    type: plain.type,
    isBatchCall: plain.isBatchCall,
    calls: plain.calls.map((call, batchIndex) => ({
      path: call.path,
      procedure: call.procedure,
      batchIndex,
      getRawInput: async () => {
        inputRead = true;
        return call.input;
      },
      result: () => (inputRead ? call.input : undefined),
    })),
    connectionParams: null,
    signal,
    url: null,
  };
  let ctx: Awaited<ReturnType<NonNullable<Options['createContext']>>> | undefined;
  let ctxError: TRPCError | undefined;
  try {
    ctx = await options.createContext({ req: request, res: reply, info });
  } catch (cause) {
    ctxError = getTRPCErrorFromUnknown(cause);
  }
  const settled = await Promise.all(
    info.calls.map(async (call): Promise<Result> => {
      try {
        if (ctxError) throw ctxError;
        const data = await callTRPCProcedure({
          router,
          path: call.path,
          getRawInput: call.getRawInput,
          ctx,
          type: plain.type,
          signal,
          batchIndex: call.batchIndex,
        });
        return [undefined, data];
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        const input = call.result();
        options.onError?.({ error, path: call.path, input, ctx, type: plain.type, req: request });
        return [error, undefined];
      }
    }),
  );
  const shapeOf = (error: TRPCError, path: string | undefined, input: unknown): Shape => ({
    error: getErrorShape({ config, error, type: plain.type, path, input, ctx }),
  });
  let shapes: Shape[];
  let errors: (TRPCError | undefined)[];
  if (!plain.isBatchCall) {
    const [call] = info.calls;
    let [error, data] = settled[0]!;
    let path: string | undefined = call!.path;
    if (!error && isDataStream(data)) {
      // tRPC's handler throws this past the call, where the error handler reports no path.
      error = streamRefusal();
      path = undefined;
      options.onError?.({ error, path, input: undefined, ctx, type: plain.type, req: request });
    }
    const input = path === undefined ? undefined : call!.result();
    shapes = [error ? shapeOf(error, path, input) : { result: { data } }];
    errors = error ? [error] : [];
  } else {
    const results = settled.map(([error, data]): Result => {
      if (!error && isDataStream(data)) return [streamRefusal(), undefined];
      return error ? [error, undefined] : [undefined, data];
    });
    shapes = results.map(([error, data], index) => {
      const call = info.calls[index]!;
      return error ? shapeOf(error, call.path, call.result()) : { result: { data } };
    });
    errors = results.map(([error]) => error);
  }
  const headers = new HeaderList();
  headers.set('vary', 'trpc-accept, accept');
  headers.set('content-type', 'application/json');
  let status = getHTTPStatusCode(shapes as never, errors as TRPCError[]);
  const meta = options.responseMeta?.({
    ctx,
    info,
    paths: info.calls.map((call) => call.path),
    data: shapes as never,
    errors: errors.filter((error): error is TRPCError => Boolean(error)),
    eagerGeneration: false,
    type: plain.type,
  });
  if (meta?.headers instanceof Headers) {
    for (const [name, value] of meta.headers.entries()) headers.append(name, value);
  } else if (meta?.headers) {
    for (const [name, value] of Object.entries(meta.headers)) {
      if (Array.isArray(value)) for (const one of value) headers.append(name, one);
      else if (typeof value === 'string') headers.set(name, value);
    }
  }
  if (meta?.status) status = meta.status;
  const body = transformTRPCResponse(config, (plain.isBatchCall ? shapes : shapes[0]) as never);
  reply.status(status);
  for (const [name, value] of headers.values) reply.header(name, value);
  // A Buffer, so that Fastify sends the content type as set (a string would gain a charset).
  return reply.send(Buffer.from(JSON.stringify(body)));
}

function streamRefusal(): TRPCError {
  return new TRPCError({
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
  });
}

/**
 * Serves `options.router` at `prefix` (`/trpc`). Registered as its own plugin: the JSON
 * body reaches tRPC as text, as tRPC's plugin arranges, whatever the rest of the server parses.
 */
export async function registerTrpcAdapter(
  app: FastifyInstance,
  prefix: string,
  options: Options,
): Promise<void> {
  await app.register(
    async (trpc) => {
      trpc.removeContentTypeParser('application/json');
      trpc.addContentTypeParser('application/json', { parseAs: 'string' }, (_, body, done) =>
        done(null, body),
      );
      trpc.removeContentTypeParser('multipart/form-data');
      trpc.addContentTypeParser('multipart/form-data', {}, (_, body, done) => done(null, body));
      trpc.all('/:path', async (request, reply) => {
        const plain = plainRequest(options.router, prefix, options.maxBatchSize, request);
        if (plain) return answerPlain(options, plain, request, reply);
        const path = (request.params as { path: string }).path;
        await fastifyRequestHandler({ ...options, req: request, res: reply, path });
      });
    },
    { prefix },
  );
}

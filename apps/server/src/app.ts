import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import { answerOf, appRouter, createOpenApiDocument, describeError } from '@guestlist/api';
import { type Guestlist, TRPC_BATCH_MAX } from '@guestlist/core';
import type { TRPCError } from '@trpc/server';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { contextFactory } from './context.ts';
import { registerDocs } from './docs.ts';
import { installDrain } from './drain.ts';
import { registerInvitePage } from './invite-page.ts';
import { installJsonParser } from './json-body.ts';
import { registerMetrics } from './metrics.ts';
import { registerRestBridge } from './rest-bridge.ts';
import {
  answerFrameworkError,
  CHALLENGE,
  clientErrorAnswerer,
  installErrorHandler,
  installNotFound,
  sendError,
} from './rest-errors.ts';
import { installQueryCheck } from './rest-query.ts';
import { securityHeaders } from './security-headers.ts';
import { registerTrpcAdapter } from './trpc-adapter.ts';
import { errorMeta } from './trpc-error-meta.ts';
import { loadWebApp, registerWebApp } from './web.ts';

/** What a request id from outside may look like: short, no spaces, nothing to break a log. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export interface ServerOptions {
  guestlist: Guestlist;
  logger: Logger;
  publicUrl: string;
  trustProxy: boolean;
  version: string;
  /** The browser app's build (`apps/web/dist`); without it the server is the API alone. */
  webRoot?: string;
  /** Largest request body, in bytes. */
  bodyLimit?: number;
  /** Origins whose pages may call the API from a browser (`CORS_ORIGINS`); none by default. */
  corsOrigins?: readonly string[];
  /** Milliseconds a client has to send a whole request, and its headers (slow clients). */
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** Where `/metrics` reads from; the worker's counters join it when both share a process. */
  metricsRegistry?: Registry;
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { guestlist, logger } = options;
  // HSTS and `upgrade-insecure-requests` send the browser to https for every later request
  // and asset (R24): over plain http on any host but localhost, the pages would load blank.
  // They are sent only when the instance is served over https, and so is
  // Cross-Origin-Opener-Policy, which browsers ignore on such an origin, with an error.
  const https = new URL(options.publicUrl).protocol === 'https:';
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        'img-src': ["'self'", 'data:'],
        'upgrade-insecure-requests': https ? [] : null,
      },
    },
    strictTransportSecurity: https,
    crossOriginOpenerPolicy: https,
    referrerPolicy: { policy: 'no-referrer' },
  });
  // What every answer carries. The router's refusals run no hook, so they are given it too.
  const stamp = (request: FastifyRequest, reply: FastifyReply) =>
    reply.header('x-request-id', request.id).headers(headers);
  const answerClientError = clientErrorAnswerer(headers);
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Behind a proxy, trust its hop only: the client's own X-Forwarded-For entries could name
    // any address and dodge the per-IP rate limits.
    trustProxy: options.trustProxy ? (_address: string, hop: number) => hop < 1 : false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // While closing, requests still arriving on open connections are refused by the hook
    // below, in the API's shape and with the headers of every answer, not by Fastify's own.
    return503OnClosing: false,
    // A client that trickles its request in (slowloris) is cut off instead of holding a socket.
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    http: {
      // Node would answer a missing Host itself, bare; the hook below answers it as an error.
      requireHostHeader: false,
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      // Node checks those deadlines every 30 s by default: a cheap check, made every second.
      connectionsCheckingInterval: 1_000,
    },
    routerOptions: { maxParamLength: 500 },
    clientErrorHandler: answerClientError,
    // The router's own refusals (a URL with broken percent-encoding) would answer Fastify's
    // `FST_ERR_BAD_URL`; they get the API's stable code instead.
    frameworkErrors: (error, request, reply) => {
      stamp(request, reply);
      answerFrameworkError(error, request, reply);
    },
    // Every request has an id: the caller's `X-Request-Id` when it is a sane token (a proxy's
    // or a client's, to follow one request across services), else a fresh UUID. It is in every
    // log line of the request (`reqId`) and in the answer's `X-Request-Id`.
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  // HEAD on an API route answers what GET would, without the body: the bridges see GET. (Left
  // as HEAD, both take it for a health check and answer 204, even on a protected route.)
  const headAsGet = new WeakSet<object>();
  // Hooks on every request take `done` rather than returning a promise: each promise and its
  // turn of the microtask queue is a cost paid by every request.
  app.addHook('preHandler', (request, _reply, done) => {
    if (
      request.method === 'HEAD' &&
      (request.url.startsWith('/api/v1/') || request.url.startsWith('/trpc/'))
    ) {
      headAsGet.add(request.raw);
      request.raw.method = 'GET';
    }
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    // HEAD again before the answer goes out, so that it goes without its body.
    if (headAsGet.has(request.raw)) request.raw.method = 'HEAD';
    // A 401 that no procedure answered (`/metrics`) carries the challenge too. (A tRPC
    // answer's status is not known yet here; `errorMeta` gives those theirs.)
    if (reply.statusCode === 401) reply.header('www-authenticate', CHALLENGE);
    // A 204 has no body (R25), so nothing to describe either: the REST bridge names one anyway.
    if (reply.statusCode === 204) reply.removeHeader('content-type');
    done(null, payload);
  });

  const openApiDocument = createOpenApiDocument({
    baseUrl: `${options.publicUrl}/api/v1`,
    version: options.version,
  });
  registerMetrics(app, guestlist, options.metricsRegistry ?? new Registry(), {
    prefix: '/api/v1',
  });

  installErrorHandler(app);
  installNotFound(app);
  installJsonParser(app);
  // Once closing begins, Fastify stops the listener and waits for requests in flight, while a
  // keep-alive or pipelined request can still arrive; it gets 503 and `Connection: close`
  // (which Fastify adds), so the client retries on another process. Nor does the close wait
  // on a kept-alive connection or a slow client (drain.ts).
  const closing = installDrain(app, {
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    answerTimeout: (socket) =>
      answerClientError(
        Object.assign(new Error('request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }),
        socket,
      ),
  });
  app.addHook('onRequest', (request, reply, done) => {
    stamp(request, reply);
    // HTTP/1.1 requires a Host header (RFC 9112 §3.2); HTTP/1.0 has none.
    const { httpVersionMajor, httpVersionMinor } = request.raw;
    if (request.headers.host === undefined && httpVersionMajor === 1 && httpVersionMinor >= 1) {
      reply.header('connection', 'close');
      return sendError(reply, answerOf('MALFORMED_REQUEST', 'An HTTP/1.1 request needs a Host'));
    }
    if (!closing()) return done();
    sendError(reply, answerOf('SERVICE_UNAVAILABLE', 'This server is shutting down; retry'));
  });
  // Browsers may call the API only from the listed origins. Credentials are bearer tokens in
  // a header, never cookies, so no origin gets `Access-Control-Allow-Credentials`.
  const origins = options.corsOrigins ?? [];
  await app.register(cors, {
    origin: origins.length > 0 ? [...origins] : false,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'trpc-accept', 'x-request-id'],
    exposedHeaders: ['retry-after', 'x-request-id'],
    maxAge: 600,
  });

  const contextFor = contextFactory(guestlist);
  const createContext = contextFor('trpc');
  const createRestContext = contextFor('rest');
  const onError = ({
    error,
    path,
    req,
  }: {
    error: TRPCError;
    path?: string | undefined;
    req?: unknown;
  }) => {
    if (describeError(error).status < 500) return;
    // The request's own logger when the adapter hands over Fastify's request: its lines carry
    // the request id.
    const log = (req as { log?: FastifyBaseLogger } | undefined)?.log ?? logger;
    log.error({ err: error.cause ?? error, path }, 'procedure failed');
  };
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = await guestlist.ready();
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable' });
  });

  await registerTrpcAdapter(app, '/trpc', {
    router: appRouter,
    createContext,
    onError,
    responseMeta: errorMeta,
    // A batch holds every answer until its last call ends (R22).
    maxBatchSize: TRPC_BATCH_MAX,
  });

  await app.register(
    async (rest) => {
      // An empty body is an empty object (spec R1: "an empty body creates one invite"), and a
      // body-less POST needs no Content-Type; anything else must be JSON.
      rest.addHook('onRequest', (request, _reply, done) => {
        const hasBody =
          Number(request.headers['content-length'] ?? 0) > 0 ||
          request.headers['transfer-encoding'];
        if (
          !hasBody &&
          !request.headers['content-type'] &&
          ['POST', 'PUT', 'PATCH'].includes(request.method)
        ) {
          request.headers['content-type'] = 'application/json';
        }
        done();
      });
      // A REST body is a JSON object (or nothing): `null`, `[]` or `5` would be spread into
      // the input as if empty and pass validation.
      rest.addHook('preValidation', (request, _reply, done) => {
        const body = request.body;
        if (
          body !== undefined &&
          (body === null || typeof body !== 'object' || Array.isArray(body))
        ) {
          return done(
            Object.assign(new Error('The body must be a JSON object'), { statusCode: 400 }),
          );
        }
        done();
      });
      installQueryCheck(rest, '/api/v1', openApiDocument);
      rest.get('/openapi.json', async () => openApiDocument);
      // Each failure goes on to Fastify's error handler, which writes the one REST error body.
      registerRestBridge(rest, { prefix: '/api/v1', createContext: createRestContext, onError });
    },
    { prefix: '/api/v1' },
  );

  await registerDocs(app);
  const web = options.webRoot ? loadWebApp(options.webRoot) : null;
  if (web) await registerWebApp(app, guestlist, web);
  registerInvitePage(app, guestlist, web);
  return app;
}

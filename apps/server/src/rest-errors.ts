import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorBody } from '@guestlist/api';
import { errorCatalog } from '@guestlist/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * REST answers every error as `{ code, message, fields? }` (spec §3), whoever raised it: a
 * procedure (through the tRPC error formatter), the REST bridge (unknown route), or Fastify
 * itself (malformed JSON, wrong content type, oversized body).
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    const body: ErrorBody =
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      error instanceof SyntaxError
        ? { code: 'INVALID_JSON', message: 'The body is not valid JSON' }
        : status === 413
          ? { code: 'PAYLOAD_TOO_LARGE', message: 'The body is too large' }
          : status === 415
            ? {
                code: 'UNSUPPORTED_MEDIA_TYPE',
                message: 'Send JSON with Content-Type: application/json',
              }
            : status >= 400 && status < 500
              ? { code: 'VALIDATION_FAILED', message: error.message }
              : { code: 'INTERNAL_ERROR', message: 'Internal server error' };
    if (body.code === 'INTERNAL_ERROR') request.log.error({ err: error }, 'unhandled error');
    const code = body.code === 'INVALID_JSON' ? 400 : status >= 400 && status < 600 ? status : 500;
    return reply.status(code).send(body);
  });
}

/** What the router refuses before any route runs: a URL it cannot decode. */
export function answerFrameworkError(
  _error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  reply.status(400).send({
    code: 'MALFORMED_REQUEST',
    message: 'The URL is not valid (broken percent-encoding)',
  } satisfies ErrorBody);
}

/** Any path no route serves, inside the API or not. */
export function installNotFound(app: FastifyInstance): void {
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ code: 'NOT_FOUND', message: 'No such endpoint' } satisfies ErrorBody),
  );
}

export function installRestErrorEnvelope(app: FastifyInstance): void {
  installErrorHandler(app);
  installNotFound(app);

  // The bridge sends the tRPC error shape; REST clients get its `data.error` part alone.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode < 400 || typeof payload !== 'string') return payload;
    try {
      const parsed = JSON.parse(payload) as {
        data?: { error?: ErrorBody };
        code?: unknown;
        message?: unknown;
      };
      if (parsed.data?.error) return JSON.stringify(parsed.data.error);
      // Only the catalog's codes pass as they are: a library's own (`FST_ERR_...`) would be a
      // code no client was told about.
      if (
        typeof parsed.code === 'string' &&
        Object.hasOwn(errorCatalog, parsed.code) &&
        typeof parsed.message === 'string'
      ) {
        return payload;
      }
      return JSON.stringify({
        code: 'INTERNAL_ERROR',
        message: 'Internal server error',
      } satisfies ErrorBody);
    } catch {
      return payload;
    }
  });
}

/** What Node's HTTP parser refuses before any route runs, in the same error format. */
const CLIENT_ERRORS: Record<string, { status: number; body: ErrorBody }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    body: { code: 'REQUEST_TIMEOUT', message: 'The request took too long to arrive' },
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    body: { code: 'HEADERS_TOO_LARGE', message: 'The URL or headers are too large' },
  },
};
const MALFORMED: { status: number; body: ErrorBody } = {
  status: 400,
  body: { code: 'MALFORMED_REQUEST', message: 'The request is not valid HTTP' },
};

/**
 * Fastify's `clientErrorHandler`: a request Node could not parse (too slow, headers or URL too
 * large, not HTTP) still gets `{ code, message }`, then the connection is closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, body } = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
  if (socket.writable) {
    const json = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy();
}

import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { answerOf, describeError, type ErrorAnswer, type ErrorBody } from '@guestlist/api';
import { TRPCError } from '@trpc/server';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Every 401 names the scheme that would be accepted (RFC 9110 §11.6.1, spec R25). */
export const CHALLENGE = 'Bearer';

/** Fastify's own refusals (a body that is not JSON, too large, of another type) as the API's. */
function fastifyAnswer(error: FastifyError): ErrorAnswer | null {
  if (
    error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    error instanceof SyntaxError
  ) {
    return answerOf('INVALID_JSON');
  }
  const status = error.statusCode;
  if (typeof status !== 'number') return null;
  if (status === 413) return answerOf('PAYLOAD_TOO_LARGE');
  if (status === 415) return answerOf('UNSUPPORTED_MEDIA_TYPE');
  // The body parser's and the hooks' refusals say what was wrong: their message is kept.
  if (status >= 400 && status < 500) return answerOf('VALIDATION_FAILED', error.message);
  return answerOf('INTERNAL_ERROR');
}

/** Sends an error's one body, `{ code, message, fields? }` (spec §3), with its headers. */
export function sendError(reply: FastifyReply, { status, body, retryAfter }: ErrorAnswer) {
  if (retryAfter) reply.header('retry-after', String(retryAfter));
  if (status === 401) reply.header('www-authenticate', CHALLENGE);
  return reply.status(status).send(body);
}

/**
 * Every error that reaches Fastify answers `{ code, message, fields? }`, whoever raised it: a
 * procedure called through the REST bridge (whose `onError` hands the error over, classified
 * here once, see app.ts), or Fastify itself (malformed JSON, wrong content type, oversized body).
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const answer = fastifyAnswer(error) ?? describeError(error);
    // A procedure's failure was logged with its path when the bridge reported it.
    if (answer.status >= 500 && !(error instanceof TRPCError))
      request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, answer);
  });
}

/** What the router refuses before any route runs: a URL it cannot decode. */
export function answerFrameworkError(
  _error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  sendError(reply, answerOf('MALFORMED_REQUEST', 'The URL is not valid (broken percent-encoding)'));
}

/** Any path no route serves, inside the API or not. */
export function installNotFound(app: FastifyInstance): void {
  app.setNotFoundHandler((_request, reply) => sendError(reply, answerOf('NOT_FOUND')));
}

/** What Node's HTTP parser refuses before any route runs, in the same error format. */
const CLIENT_ERRORS: Record<string, ErrorAnswer> = {
  ERR_HTTP_REQUEST_TIMEOUT: answerOf('REQUEST_TIMEOUT'),
  HPE_HEADER_OVERFLOW: answerOf('HEADERS_TOO_LARGE'),
};
const MALFORMED = answerOf('MALFORMED_REQUEST');

/**
 * Fastify's `clientErrorHandler`: a request Node could not parse (too slow, headers or URL too
 * large, not HTTP) still gets `{ code, message }` and the security headers every answer
 * carries, then the connection is closed.
 */
export function clientErrorAnswerer(
  headers: Readonly<Record<string, string>>,
): (error: Error & { code?: string }, socket: Duplex) => void {
  const common = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, body } = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
    if (socket.writable) {
      const json = JSON.stringify(body satisfies ErrorBody);
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(json)}\r\n${common}Connection: close\r\n\r\n${json}`,
      );
    }
    socket.destroy();
  };
}

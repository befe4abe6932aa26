import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** What the drain needs of the server it belongs to. */
export interface DrainOptions {
  /** Milliseconds a client has to send a whole request (the server's `requestTimeout`). */
  requestTimeoutMs: number;
  /** Answers a client that was too slow (`clientErrorAnswerer`), and hangs up on it. */
  answerTimeout: (socket: Socket) => void;
}

/**
 * How a server stops: Fastify stops the listener and waits for every open connection to go.
 * Two kinds would keep it waiting long after the last request in flight was answered:
 * - a keep-alive connection whose request was in flight: its answer said `keep-alive`, so the
 *   client keeps it open until the keep-alive timeout (72 s). While closing, a connection
 *   ends once its last answer is out (a request pipelined behind it is still answered, 503).
 * - a client still sending its request (headers or body). Node stops checking the request
 *   timeouts once the server closes, so such a client would hold the close for as long as it
 *   liked. Once the drain is as old as the request timeout, every connection whose request is
 *   not yet fully received gets 408, as it would have from a server not closing (and one that
 *   will not let go of a connection that ended is cut off).
 * Answers whether the server is closing.
 */
export function installDrain(app: FastifyInstance, options: DrainOptions): () => boolean {
  let closing = false;
  const sockets = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  app.addHook('preClose', (done) => {
    closing = true;
    const timer = setTimeout(() => {
      for (const socket of sockets) {
        // The answer in progress on this connection, as Node tracks it.
        const response = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
        if (response && (response.req.complete || response.headersSent)) continue;
        options.answerTimeout(socket);
      }
    }, options.requestTimeoutMs);
    timer.unref();
    app.server.once('close', () => clearTimeout(timer));
    done();
  });
  app.addHook('onResponse', (request, _reply, done) => {
    // Node has moved on to the connection's next request, if one was pipelined; if none, the
    // connection ends once the answer is out.
    const socket = request.raw.socket as Socket & { _httpMessage?: ServerResponse | null };
    if (closing && !socket._httpMessage) socket.end();
    done();
  });
  return () => closing;
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The headers helmet sets for these options, read once by running its middleware against a
 * response that only records them. They depend on the options alone (no nonces, nothing read
 * from the request), so every answer gets the same set: Fastify's reply takes them as one
 * object, where the middleware would set and check each header again on every request.
 * (@fastify/helmet goes further and builds the middleware on every request.)
 */
export function securityHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader() {},
  };
  let ended: { error: unknown } | null = null;
  helmet(options)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      ended = { error };
    },
  );
  // helmet runs its middlewares in turn, synchronously: anything else would leave the set short.
  if (!ended) throw new Error('helmet did not finish synchronously');
  if ((ended as { error: unknown }).error) throw (ended as { error: unknown }).error;
  return Object.freeze(headers);
}

import { createServer, type IncomingMessage, type Server } from 'node:http';
import { can, type Guestlist } from '@guestlist/core';
import type { Registry } from 'prom-client';

const BEARER = /^Bearer\s+(\S+)$/i;

/** Why a scrape is refused, as the API words it; `null` when `token` may read metrics. */
export async function metricsRefusal(
  guestlist: Guestlist,
  token: string | undefined,
): Promise<{ status: 401 | 403; code: string; message: string } | null> {
  const principal = token ? await guestlist.authenticate(token) : null;
  if (!principal)
    return { status: 401, code: 'UNAUTHENTICATED', message: 'Authentication required' };
  if (!can(principal, 'metrics:read'))
    return { status: 403, code: 'FORBIDDEN', message: 'Needs metrics:read' };
  return null;
}

const tokenOf = (request: IncomingMessage) => {
  const header = request.headers.authorization;
  return typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
};

/**
 * `GET /metrics` of a worker running on its own (`METRICS_PORT`), for the same scraper and key
 * as the servers' `/metrics` (`metrics:read`). It answers nothing else.
 */
export async function serveMetrics(
  guestlist: Guestlist,
  registry: Registry,
  listen: { port: number; host: string },
): Promise<Server> {
  const server = createServer((request, response) => {
    const answer = (status: number, code: string, message: string) =>
      response
        .writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          // The scheme that would be accepted, as every 401 of the API names it.
          ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
        })
        .end(JSON.stringify({ code, message }));
    if (request.method !== 'GET' || new URL(request.url ?? '/', 'http://x').pathname !== '/metrics')
      return answer(404, 'NOT_FOUND', 'Only GET /metrics is served here');
    metricsRefusal(guestlist, tokenOf(request))
      .then(async (refusal) => {
        if (refusal) return answer(refusal.status, refusal.code, refusal.message);
        const text = await registry.metrics();
        response.writeHead(200, { 'content-type': registry.contentType }).end(text);
      })
      .catch(() => answer(503, 'SERVICE_UNAVAILABLE', 'The database cannot be reached'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, resolve);
  });
  return server;
}

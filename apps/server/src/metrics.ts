import type { Guestlist } from '@guestlist/core';
import { metricsRefusal } from '@guestlist/worker';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, type Registry } from 'prom-client';
import { bearerToken } from './context.ts';
import { answeredRoute, type RestRouteConfig, restOperationMatcher } from './rest-bridge.ts';

/**
 * `GET /metrics` in Prometheus' text format, for a scraper holding an API key with
 * `metrics:read`. Requests are counted by this process (method, route pattern, status: never
 * a raw path, which may carry a code); invites, deliveries and jobs are read from the
 * database at scrape time, so every server process reports the same totals whoever did the
 * work (a worker sends the emails, a server creates the invites). When the worker runs in
 * this process its counters are in `registry` too.
 */
export function registerMetrics(
  app: FastifyInstance,
  guestlist: Guestlist,
  registry: Registry,
  rest: { prefix: string },
): void {
  const restOperation = restOperationMatcher(rest.prefix);
  collectDefaultMetrics({ register: registry, prefix: 'guestlist_' });
  const requests = new Counter({
    name: 'guestlist_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'guestlist_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const invites = new Gauge({
    name: 'guestlist_invites',
    help: 'Invites by status (as read: pending past its date is expired) and email delivery',
    labelNames: ['status', 'delivery'] as const,
    registers: [registry],
  });
  const jobs = new Gauge({
    name: 'guestlist_jobs',
    help: 'Outbox jobs (emails, webhook deliveries) by queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
  });

  app.addHook('onResponse', (request, reply, done) => {
    // What the REST bridge answered as, else the documented path the route names (`{invite}`,
    // not `:invite`); what the bridge's catch-all refused before it ran is named as the bridge
    // would have read it, so a label does not depend on which check refused a request.
    const pattern = request.routeOptions.url ?? 'unmatched';
    const route =
      answeredRoute(request) ??
      (request.routeOptions.config as RestRouteConfig).restRoute ??
      (pattern === `${rest.prefix}/*`
        ? (restOperation(request.method, request.url)?.label ?? pattern)
        : pattern);
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    durations.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });

  app.get('/metrics', async (request, reply) => {
    const refusal = await metricsRefusal(guestlist, bearerToken(request));
    if (refusal) {
      return reply.status(refusal.status).send({ code: refusal.code, message: refusal.message });
    }
    const stats = await guestlist.maintenance.stats();
    invites.reset();
    for (const row of stats.invites)
      invites.set({ status: row.status, delivery: row.delivery }, row.count);
    jobs.reset();
    for (const row of stats.jobs) jobs.set({ queue: row.queue, state: row.state }, row.count);
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

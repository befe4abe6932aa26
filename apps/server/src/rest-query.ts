import type { ErrorBody } from '@guestlist/api';
import type { FastifyInstance } from 'fastify';
import { normalizedPath } from './rest-bridge.ts';

interface DocumentPaths {
  paths?: Record<string, object | undefined>;
}

interface Route {
  method: string;
  pattern: RegExp;
  query: ReadonlySet<string>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every operation of the document, as the bridge matches it, with the query it declares. */
function routesOf(prefix: string, document: DocumentPaths): Route[] {
  return (
    Object.entries(document.paths ?? {})
      // Literal paths first, so `/invites/send` is not taken for `/invites/{invite}`.
      .sort(([a], [b]) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))
      .flatMap(([path, item]) =>
        Object.entries(item ?? {})
          .filter(([method]) => METHODS.includes(method))
          .map(([method, operation]) => {
            const parameters =
              (operation as { parameters?: { in: string; name: string }[] }).parameters ?? [];
            return {
              method: method.toUpperCase(),
              // The bridge compares paths case-insensitively and without a trailing slash.
              pattern: new RegExp(
                `^${escapeRegExp(prefix + path).replace(/\\\{[^}]+\\\}/g, '[^/]+')}/?$`,
                'i',
              ),
              query: new Set(parameters.filter((p) => p.in === 'query').map((p) => p.name)),
            };
          }),
      )
  );
}

/**
 * A query parameter the operation does not declare answers 400 INVALID_QUERY, on every REST
 * operation alike: a misspelt `filter[stauts]` or `pageSize` read as "no filter" would answer
 * the wrong list without a word. `/invites` parses its own operators and values further on.
 */
export function installQueryCheck(rest: FastifyInstance, prefix: string, document: DocumentPaths) {
  const routes = routesOf(prefix, document);
  rest.addHook('preHandler', async (request, reply) => {
    const keys = Object.keys((request.query as Record<string, unknown> | undefined) ?? {});
    if (keys.length === 0) return;
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    // The path the bridge will read, dot segments resolved: `/./me` is `/me` to both.
    const path = prefix + normalizedPath(request.url, prefix);
    const route = routes.find((r) => r.method === method && r.pattern.test(path));
    // No such operation: the bridge answers that (404), not this check.
    if (!route) return;
    const unknown = keys.filter((key) => !route.query.has(key));
    if (unknown.length === 0) return;
    const message = (key: string) => `Unknown query parameter "${key}"`;
    return reply.status(400).send({
      code: 'INVALID_QUERY',
      message: message(unknown[0]!),
      fields: unknown.map((key) => ({ path: key, message: message(key) })),
    } satisfies ErrorBody);
  });
}

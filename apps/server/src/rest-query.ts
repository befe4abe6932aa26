import type { ErrorBody } from '@guestlist/api';
import type { FastifyInstance } from 'fastify';
import { restOperationMatcher } from './rest-bridge.ts';

interface DocumentPaths {
  paths?: Record<string, object | undefined>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The query parameters each operation of the document declares, by `METHOD /path`. */
function declaredQueries(document: DocumentPaths): Map<string, ReadonlySet<string>> {
  const declared = new Map<string, ReadonlySet<string>>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item ?? {})) {
      if (!METHODS.includes(method)) continue;
      const parameters =
        (operation as { parameters?: { in: string; name: string }[] }).parameters ?? [];
      declared.set(
        `${method.toUpperCase()} ${path}`,
        new Set(parameters.filter((p) => p.in === 'query').map((p) => p.name)),
      );
    }
  }
  return declared;
}

/**
 * A query parameter the operation does not declare answers 400 INVALID_QUERY, on every REST
 * operation alike: a misspelt `filter[stauts]` or `pageSize` read as "no filter" would answer
 * the wrong list without a word. `/invites` parses its own operators and values further on.
 */
export function installQueryCheck(rest: FastifyInstance, prefix: string, document: DocumentPaths) {
  const matchOf = restOperationMatcher(prefix);
  const queries = declaredQueries(document);
  rest.addHook('preHandler', (request, reply, done) => {
    const keys = Object.keys((request.query as Record<string, unknown> | undefined) ?? {});
    if (keys.length === 0) return done();
    // The operation the bridge will answer (`/./me` is `/me` to both), and what it declares.
    const match = matchOf(request.method, request.url);
    const query = match && queries.get(`${match.operation.method} ${match.operation.path}`);
    // No such operation: the bridge answers that (404), not this check.
    if (!query) return done();
    const unknown = keys.filter((key) => !query.has(key));
    if (unknown.length === 0) return done();
    const message = (key: string) => `Unknown query parameter "${key}"`;
    // Answered here: the request goes no further, so `done` is not called.
    reply.status(400).send({
      code: 'INVALID_QUERY',
      message: message(unknown[0]!),
      fields: unknown.map((key) => ({ path: key, message: message(key) })),
    } satisfies ErrorBody);
  });
}

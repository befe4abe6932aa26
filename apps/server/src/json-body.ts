import type { FastifyInstance } from 'fastify';

/** Deeper than any real invite payload; deep enough nesting would overflow the stack later on. */
export const MAX_JSON_DEPTH = 64;

function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (!item || typeof item !== 'object') continue;
    if (depth > deepest) deepest = depth;
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * JSON bodies for every route (REST and tRPC): an empty body is no body (spec R1: "an empty
 * body creates one invite"), and nesting deeper than MAX_JSON_DEPTH answers 400 instead of
 * exhausting the stack. A `__proto__` key is parsed as the plain key it is (JSON.parse never
 * touches a prototype) and refused by the input check like any unknown field, with its name,
 * the same over REST and tRPC, rather than as "not valid JSON".
 */
export function installJsonParser(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('ignore', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    json(request, body as string, (error, parsed) => {
      if (error) return done(error, undefined);
      if (depthOf(parsed) > MAX_JSON_DEPTH) {
        return done(
          Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), {
            statusCode: 400,
          }),
          undefined,
        );
      }
      done(null, parsed);
    });
  });
}

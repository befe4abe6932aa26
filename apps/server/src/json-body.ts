import type { FastifyInstance } from 'fastify';

/** Deeper than any real invite payload; deep enough nesting would overflow the stack later on. */
export const MAX_JSON_DEPTH = 64;

/**
 * Objects and arrays in one body. Parsed, each costs some 50 bytes of heap: 1 MiB of `{},`
 * would be 350,000 objects and 17 MiB per request before any schema looks at it (R22). The
 * largest real body (a tRPC batch of ten creates with 100 groups each) has about a thousand.
 */
export const MAX_JSON_CONTAINERS = 10_000;

/** Objects and arrays in JSON text, counted without parsing it: `{` and `[` outside strings. */
function containersIn(text: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) count++;
  }
  return count;
}

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
 * body creates one invite"), nesting deeper than MAX_JSON_DEPTH answers 400 instead of
 * exhausting the stack, and more than MAX_JSON_CONTAINERS objects and arrays answer 400 before
 * they are built. A `__proto__` key is parsed as the plain key it is (JSON.parse never touches
 * a prototype) and refused by the input check like any unknown field, with its name, the same
 * over REST and tRPC, rather than as "not valid JSON".
 */
export function installJsonParser(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('ignore', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    if (containersIn(body as string) > MAX_JSON_CONTAINERS) {
      return done(
        Object.assign(new Error(`JSON with more than ${MAX_JSON_CONTAINERS} objects and arrays`), {
          statusCode: 400,
        }),
        undefined,
      );
    }
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

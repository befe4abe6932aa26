import { createOpenApiDocument } from '@guestlist/api';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing.ts';
import { httpClient } from '../http.ts';
import { writeOracle } from '../support.ts';
import { authFor, bodyFor, pathParam, queryFor } from './hostile.ts';

/**
 * Every operation of the OpenAPI document, fed hostile requests by fast-check: wrong types,
 * missing and unknown fields, huge and deep JSON, unicode edge cases, malformed bodies,
 * wrong content types and odd query strings. Whatever arrives: never a 5xx, every 4xx is
 * `{ code, message }` with a stable UPPER_SNAKE code, and a rejected request writes nothing.
 *
 * `FUZZ_RUNS` (requests per operation, default 250) and `FUZZ_SEED` replay or deepen a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

type Operation = {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodySchema: Parameters<typeof bodyFor>[0] | undefined;
  /** The error codes the document lists for this operation, by status. */
  errors: Map<number, string[]>;
};

const document = createOpenApiDocument({ baseUrl: 'http://localhost/api/v1', version: '0' });
const operations: Operation[] = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item ?? {}).flatMap(([method, raw]) => {
    if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) return [];
    const op = raw as {
      parameters?: { in: string; name: string }[];
      requestBody?: { content?: Record<string, { schema?: unknown }> };
      responses: Record<string, { content?: Record<string, { examples?: object }> }>;
    };
    const parameters = op.parameters ?? [];
    return [
      {
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        bodySchema: op.requestBody?.content?.['application/json']
          ?.schema as Operation['bodySchema'],
        errors: new Map(
          Object.entries(op.responses).map(([status, response]) => [
            Number(status),
            Object.keys(response.content?.['application/json']?.examples ?? {}),
          ]),
        ),
      },
    ];
  }),
);

let server: TestServer;
let database: pg.Client;
/** What the database holds now (support.ts `writeOracle`). */
let fingerprint: () => Promise<string>;
let userToken: string;
/** Real values for each path parameter, so some requests reach existing records. */
const real: Record<string, string[]> = {};
let sent = 0;
/** Answers by status: the run reaches past validation too, not only into it. */
const statuses = new Map<number, number>();

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'), {
    rateLimits: { codes: 0, auth: 0 },
  });
  database = new pg.Client({ connectionString: server.databaseUrl });
  await database.connect();
  const admin = httpClient(`${server.url}/api/v1`, server.adminKey);
  await admin.patch('/settings', { registration: 'open' });
  const registered = await admin.post(
    '/auth/register',
    { email: 'fuzzer@example.com', username: 'fuzzer', password: 'correct horse battery' },
    { token: null },
  );
  userToken = registered.body.data.token;
  const user = httpClient(`${server.url}/api/v1`, userToken);
  await user.post('/namespaces', { name: 'fuzzspace' });
  const invites = (await admin.post('/invites', { count: 5 })).body.data as {
    id: string;
    code: string;
  }[];
  const group = (await admin.post('/groups', { name: 'fuzz-group', permissions: [] })).body.data;
  const key = (await admin.post('/api-keys', { name: 'fuzz', permissions: ['invite:read'] })).body
    .data;
  const hook = (
    await admin.post('/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['invite.created'] })
  ).body.data;
  real.invite = invites.flatMap((invite) => [invite.id, invite.code]);
  real.id = [registered.body.data.user.id, group.id, key.id, hook.id].filter(Boolean);
  real.owner = ['fuzzer'];
  real.name = ['fuzzspace'];
  real.username = ['fuzzer'];
  for (const [name, values] of Object.entries(real))
    expect(
      values.every((value) => typeof value === 'string' && value.length > 0),
      name,
    ).toBe(true);

  const oracle = await writeOracle(database);
  expect(oracle.tables).toEqual(
    expect.arrayContaining(['public.invites', 'public.audit_events', 'public.users', 'pgboss.job']),
  );
  fingerprint = oracle.fingerprint;
  // The oracle itself: an insert and an update both change the fingerprint.
  const untouched = await fingerprint();
  const [spare] = (await admin.post('/invites', {})).body.data as { id: string }[];
  const inserted = await fingerprint();
  expect(inserted).not.toBe(untouched);
  await admin.post(`/invites/${spare!.id}/cancel`);
  expect(await fingerprint()).not.toBe(inserted);
});

afterAll(async () => {
  await database?.end();
  await server?.close();
});

/**
 * A path parameter that sends the request to another route: empty, or a dot segment (`.`,
 * `..`, `%2e`), which the URL parser removes, so `/invites/./` is the list of invites.
 */
function addressesAnotherRoute(param: string): boolean {
  return ['', '.', '..'].includes(param.replace(/%2e/gi, '.'));
}

function requestFor(operation: Operation) {
  return fc.record({
    params: fc.tuple(...operation.pathParams.map((name) => pathParam(real[name] ?? []))),
    query: fc.option(queryFor(operation.queryParams), { freq: 2, nil: '' }),
    body: bodyFor(operation.bodySchema),
    auth: authFor(server.adminKey, userToken),
  });
}

describe('REST fuzzing, driven by the OpenAPI document', () => {
  it('covers every operation of the document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
  });

  for (const operation of operations) {
    it(`${operation.method} ${operation.path}`, async () => {
      const outcome = await fc.check(
        fc.asyncProperty(
          fc.constant(null).chain(() => requestFor(operation)),
          async ({ params, query, body, auth }) => {
            let path = operation.path;
            operation.pathParams.forEach((name, i) => {
              path = path.replace(`{${name}}`, params[i] ?? '');
            });
            const url = `${server.url}/api/v1${path}${query ? `?${query}` : ''}`;
            const withBody = operation.method !== 'GET' && body.raw !== undefined;
            const headers: Record<string, string> = {};
            if (auth) headers.authorization = auth;
            if (withBody && body.contentType) headers['content-type'] = body.contentType;
            const before = await fingerprint();
            const response = await fetch(url, {
              method: operation.method,
              headers,
              ...(withBody ? { body: body.raw } : {}),
            });
            const text = await response.text();
            sent++;
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            const what = `${response.status} ${text.slice(0, 300)} ← ${operation.method} ${url.slice(0, 200)}`;
            expect(response.status, what).toBeLessThan(500);
            if (response.status < 400) return;
            let error: { code?: unknown; message?: unknown } = {};
            try {
              error = JSON.parse(text);
            } catch {
              // Not JSON: the assertions below say so.
            }
            expect(String(error.code), what).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
            // A code the document lists for this operation and status, and no other.
            if (!params.some(addressesAnotherRoute)) {
              expect(operation.errors.get(response.status), `undocumented: ${what}`).toContain(
                error.code,
              );
            }
            expect(typeof error.message, what).toBe('string');
            expect(await fingerprint(), `${what}\nwrote to the database`).toBe(before);
          },
        ),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
      // The failing request and how to replay it, without fast-check's dump of the whole input
      // (one may hold 100,000 characters).
      if (outcome.failed) {
        const error = outcome.errorInstance;
        throw new Error(
          `FUZZ_SEED=${outcome.seed} (shrunk ${outcome.numShrinks} times): ${
            error instanceof Error ? error.message : String(error)
          }`.slice(0, 2_000),
        );
      }
    }, 300_000);
  }

  it('sent at least 10,000 requests in all', () => {
    expect(sent).toBeGreaterThanOrEqual(Math.min(10_000, RUNS * operations.length));
    const count = (from: number, to: number) =>
      [...statuses].reduce((sum, [status, n]) => sum + (status >= from && status < to ? n : 0), 0);
    const tally = Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
    expect(count(200, 300), JSON.stringify(tally)).toBeGreaterThan(RUNS);
    expect(count(400, 500), JSON.stringify(tally)).toBeGreaterThan(RUNS * 10);
    process.stdout.write(`fuzz: ${sent} requests, by status ${JSON.stringify(tally)}\n`);
  });
});

import { appRouter } from '@guestlist/api';
import { TRPC_BATCH_MAX } from '@guestlist/core';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { contextFactory } from '../src/context.ts';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { errorMeta } from '../src/trpc-error-meta.ts';

/**
 * The server's own tRPC adapter answers every request as tRPC's Fastify adapter does: the
 * stock one is mounted beside it at `/stock`, over the same router, context, error table and
 * batch limit, and each request below goes to both. A difference in status, a header a client
 * reads, or a byte of the body fails.
 */

interface Answer {
  status: number;
  headers: Record<string, string | null>;
  body: string;
  /** Fastify sends a fetch `Response` chunked; the short way writes a known length. */
  chunked: boolean;
}

const COMPARED = ['content-type', 'vary', 'retry-after', 'www-authenticate', 'allow'];

function referenceServer(serverUrl: string, rateLimits?: { codes: number; auth: number }) {
  return startTestServer(serverUrl, {
    ...(rateLimits ? { rateLimits } : {}),
    beforeListen: async (app, guestlist) => {
      await app.register(fastifyTRPCPlugin, {
        prefix: '/stock',
        trpcOptions: {
          router: appRouter,
          createContext: contextFactory(guestlist)('trpc'),
          responseMeta: errorMeta,
          maxBatchSize: TRPC_BATCH_MAX,
        },
      });
    },
  });
}

async function send(
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string> },
): Promise<Answer> {
  const response = await fetch(url, init);
  const headers: Answer['headers'] = {};
  for (const name of COMPARED) headers[name] = response.headers.get(name);
  return {
    status: response.status,
    headers,
    // A mutation stamps its time: the one difference that is not the adapter's.
    body: (await response.text()).replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, '"(time)"'),
    chunked: response.headers.get('transfer-encoding') === 'chunked',
  };
}

/** The request sent to both adapters; the new one's answer, once shown equal. */
async function both(
  server: TestServer,
  path: string,
  init: { method?: string; body?: string; headers?: Record<string, string>; token?: string } = {},
): Promise<Answer> {
  const headers = {
    ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...init.headers,
  };
  const request = { ...(init.method ? { method: init.method } : {}), headers };
  const withBody = init.body !== undefined ? { ...request, body: init.body } : request;
  const stock = await send(`${server.url}/stock${path}`, withBody);
  const ours = await send(`${server.url}/trpc${path}`, withBody);
  expect({ ...ours, chunked: undefined }, path).toEqual({ ...stock, chunked: undefined });
  return ours;
}

const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));

describe('the tRPC adapter answers as tRPC does', () => {
  let server: TestServer;
  let invite: { id: string; code: string };

  beforeAll(async () => {
    server = await referenceServer(inject('databaseServerUrl'));
    const created = await fetch(`${server.url}/api/v1/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' },
      body: '{}',
    });
    invite = ((await created.json()) as { data: { id: string; code: string }[] }).data[0]!;
  });
  afterAll(() => server?.close());

  it('a query, alone and batched as the SDK sends it, the short way', async () => {
    const token = server.adminKey;
    const single = await both(server, `/invites.get?input=${q({ invite: invite.id })}`, { token });
    expect(single.status).toBe(200);
    expect(JSON.parse(single.body).result.data.data.id).toBe(invite.id);
    const batch = await both(
      server,
      `/invites.get,invites.get?batch=1&input=${q({ 0: { invite: invite.id }, 1: { invite: invite.code } })}`,
      { token },
    );
    expect(batch.status).toBe(200);
    expect(JSON.parse(batch.body)).toHaveLength(2);
    for (const answer of [single, batch]) expect(answer.chunked).toBe(false);
  });

  it('an error in one call of a batch, and in all of them', async () => {
    const token = server.adminKey;
    const missing = '00000000-0000-4000-8000-000000000000';
    const mixed = await both(
      server,
      `/invites.get,invites.get?batch=1&input=${q({ 0: { invite: invite.id }, 1: { invite: missing } })}`,
      { token },
    );
    // tRPC's rule would say 207; the error table's `responseMeta` names the first error's.
    expect(mixed.status).toBe(404);
    const failed = await both(
      server,
      `/invites.get,invites.get?batch=1&input=${q({ 0: { invite: missing }, 1: { invite: 5 } })}`,
      { token },
    );
    expect(failed.status).toBe(404);
    const same = await both(
      server,
      `/invites.get,invites.get?batch=1&input=${q({ 0: { invite: missing }, 1: { invite: missing } })}`,
      { token },
    );
    expect(same.status).toBe(404);
    const invalid = await both(server, `/invites.get?input=${q({ invite: 7 })}`, { token });
    expect(invalid.status).toBe(400);
    for (const answer of [mixed, failed, same, invalid]) expect(answer.chunked).toBe(false);
  });

  it('no credentials: 401 with its challenge', async () => {
    const alone = await both(server, `/invites.get?input=${q({ invite: invite.id })}`);
    expect(alone.status).toBe(401);
    expect(alone.headers['www-authenticate']).not.toBeNull();
    const batch = await both(server, `/me.get,invites.get?batch=1&input=${q({ 1: {} })}`);
    expect(batch.status).toBe(401);
  });

  it('mutations by POST, alone and batched', async () => {
    const token = server.adminKey;
    const update = { invitesEnabled: true };
    const alone = await both(server, '/settings.update', {
      method: 'POST',
      token,
      body: JSON.stringify(update),
    });
    expect(alone.status).toBe(200);
    const batch = await both(server, '/settings.update,settings.update?batch=1', {
      method: 'POST',
      token,
      body: JSON.stringify({ 0: update, 1: { invitesEnabled: 'yes' } }),
    });
    expect(batch.status).toBe(400);
    const refused = await both(server, '/invites.cancel?batch=1', {
      method: 'POST',
      token,
      body: JSON.stringify({ 0: { invite: '00000000-0000-4000-8000-000000000000' } }),
    });
    expect(refused.status).toBe(404);
    const empty = await both(server, '/settings.update?batch=1', {
      method: 'POST',
      token,
      body: '',
    });
    expect(empty.status).toBe(400);
    for (const answer of [alone, batch, refused, empty]) expect(answer.chunked).toBe(false);
  });

  it('what tRPC refuses as a whole, or streams, answers as it did', async () => {
    const token = server.adminKey;
    const get = `/invites.get?input=${q({ invite: invite.id })}`;
    const cases: [string, Parameters<typeof both>[2], number][] = [
      [`/no.such?input=${q({})}`, { token }, 404],
      [`/invites.get,no.such?batch=1&input=${q({ 0: { invite: invite.id } })}`, { token }, 404],
      [`/invites.create?input=${q({})}`, { token }, 405],
      ['/invites.get', { method: 'POST', token, body: JSON.stringify({ invite: invite.id }) }, 405],
      ['/invites.get?input=%7Bnot-json', { token }, 400],
      ['/settings.update', { method: 'POST', token, body: '{"invitesEnabled":' }, 400],
      [`/invites.get,invites.get?batch=1&input=${q([{ invite: invite.id }])}`, { token }, 400],
      [
        `/${Array(TRPC_BATCH_MAX + 1)
          .fill('invites.get')
          .join(',')}?batch=1&input=${q({})}`,
        { token },
        400,
      ],
      ['/invites.get,invites.get?batch=1', { token }, 400],
      ['/invites.get', { token }, 400],
      [`/invites%2Eget?input=${q({ invite: invite.id })}`, { token }, 200],
      [
        '/settings.update',
        { method: 'POST', token, body: '{}', headers: { 'content-type': 'text/plain' } },
        415,
      ],
      [get, { token, headers: { 'trpc-accept': 'application/jsonl' } }, 400],
      [
        `${get.replace('?', '?batch=1&')}`,
        { token, headers: { 'trpc-accept': 'application/jsonl' } },
        200,
      ],
      [get, { method: 'PUT', token }, 415],
    ];
    for (const [path, init, status] of cases) {
      expect((await both(server, path, init)).status, path).toBe(status);
    }
  });
});

describe('the tRPC adapter under the rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await referenceServer(inject('databaseServerUrl'), { codes: 2, auth: 100 });
  });
  afterAll(() => server?.close());

  it('answers 429 with Retry-After as tRPC did', async () => {
    const path = `/invites.validate?batch=1&input=${q({ 0: { invite: 'NOSUCHCODE' } })}`;
    // Both adapters share the budget: spend it, then ask both.
    for (let i = 0; i < 2; i++) await fetch(`${server.url}/trpc${path}`);
    const limited = await both(server, path);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.chunked).toBe(false);
  });
});

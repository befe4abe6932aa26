import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readEnv } from '../src/env.ts';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';
import { inviteCount } from './support.ts';

/** The HTTP edge: body size, slow clients, CORS, and errors that never show internals. */
const APP = 'https://app.example.com';
let server: TestServer;
let admin: ReturnType<typeof httpClient>;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'), {
    server: {
      bodyLimit: 64 * 1024,
      corsOrigins: [APP],
      headersTimeoutMs: 1_000,
      requestTimeoutMs: 2_000,
    },
  });
  admin = httpClient(`${server.url}/api/v1`, server.adminKey);
});
afterAll(() => server?.close());

/** Sends `head` over a raw socket and never finishes it; answers what came back, and when. */
function trickle(url: string, head: string): Promise<{ reply: string; ms: number }> {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    let reply = '';
    socket.on('data', (chunk) => {
      reply += chunk.toString();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ reply, ms: performance.now() - started }));
    socket.setTimeout(15_000, () => socket.destroy(new Error('the server never hung up')));
  });
}

describe('request size and time', () => {
  it('answers 413 PAYLOAD_TOO_LARGE to an oversized body and writes nothing', async () => {
    const before = await inviteCount(server.databaseUrl);
    const res = await admin.post('/invites', { metadata: { blob: 'x'.repeat(100 * 1024) } });
    expect([res.status, res.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await inviteCount(server.databaseUrl)).toBe(before);
  });

  it('cuts off a client that never finishes its headers', async () => {
    const { reply, ms } = await trickle(server.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(reply).toContain('"code":"REQUEST_TIMEOUT"');
    expect(ms).toBeLessThan(5_000);
  });

  it('answers what the HTTP parser refuses in the error format too', async () => {
    const long = await fetch(`${server.url}/api/v1/invites/${'x'.repeat(20_000)}`);
    expect([long.status, ((await long.json()) as { code: string }).code]).toEqual([
      431,
      'HEADERS_TOO_LARGE',
    ]);
    expect(long.headers.get('x-content-type-options')).toBe('nosniff');
    expect(long.headers.get('content-security-policy')).toContain("default-src 'self'");
    const { reply } = await trickle(server.url, 'NOT HTTP AT ALL\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).toContain('"code":"MALFORMED_REQUEST"');
    expect(reply).toMatch(/\r\nx-frame-options: SAMEORIGIN\r\n/i);
    for (const path of ['/nothing', '/api/nothing', '/api/v2/invites']) {
      const res = await fetch(`${server.url}${path}`);
      expect([res.status, ((await res.json()) as { code: string }).code], path).toEqual([
        404,
        'NOT_FOUND',
      ]);
    }
  });

  it('cuts off a client that never finishes its body, and writes nothing', async () => {
    const before = await inviteCount(server.databaseUrl);
    const { reply, ms } = await trickle(
      server.url,
      'POST /api/v1/invites HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n' +
        `authorization: Bearer ${server.adminKey}\r\ncontent-length: 100\r\n\r\n{"count":`,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(6_000);
    expect(await inviteCount(server.databaseUrl)).toBe(before);
  });
});

describe('a request Node itself refuses', () => {
  it('answers an HTTP/1.1 request without Host 400 MALFORMED_REQUEST, with the headers', async () => {
    const { reply } = await trickle(server.url, 'GET /healthz HTTP/1.1\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).toContain('"code":"MALFORMED_REQUEST"');
    expect(reply).toMatch(/\r\nx-content-type-options: nosniff\r\n/i);
    expect(reply).toMatch(/\r\ncontent-security-policy: default-src 'self'/i);
    // HTTP/1.0 has no Host header to require.
    const old = await trickle(server.url, 'GET /healthz HTTP/1.0\r\n\r\n');
    expect(old.reply).toMatch(/^HTTP\/1\.1 200/);
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(`${server.url}/api/v1/invites`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });

  it('allows a listed origin, with bearer headers and no credentials', async () => {
    const res = await preflight(APP);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const get = await fetch(`${server.url}/api/v1/invites`, {
      headers: { origin: APP, authorization: `Bearer ${server.adminKey}` },
    });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('gives any other origin no CORS headers', async () => {
    for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'null']) {
      const res = await preflight(origin);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
      const get = await fetch(`${server.url}/healthz`, { headers: { origin } });
      expect(get.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('marks every answer that names an origin as varying by Origin, tRPC ones too', async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: { invite: 'NO-SUCH-CODE' } }));
    // The SDK's shape (answered the short way), what tRPC's own handler answers (an unknown
    // procedure), and REST: a shared cache must not hand one origin's answer to another.
    const paths = [
      `/trpc/invites.validate?batch=1&input=${input}`,
      `/trpc/no.such?batch=1&input=${input}`,
      '/api/v1/invites/NO-SUCH-CODE/validate',
    ];
    for (const path of paths) {
      const res = await fetch(`${server.url}${path}`, { headers: { origin: APP } });
      expect(res.headers.get('access-control-allow-origin'), path).toBe(APP);
      const vary = (res.headers.get('vary') ?? '').split(',').map((name) => name.trim());
      expect(
        vary.map((name) => name.toLowerCase()),
        path,
      ).toContain('origin');
      if (path.startsWith('/trpc/'))
        expect(vary, path).toEqual(expect.arrayContaining(['trpc-accept', 'accept']));
    }
  });

  it('reads CORS_ORIGINS as a list of origins and refuses anything else', () => {
    const base = { SECRET_KEY: 'k'.repeat(32) };
    expect(readEnv({ ...base }).CORS_ORIGINS).toEqual([]);
    expect(
      readEnv({ ...base, CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).CORS_ORIGINS,
    ).toEqual(['https://a.example', 'http://localhost:5173']);
    for (const bad of ['*', 'https://a.example/path', 'a.example', 'ftp://a.example']) {
      expect(() => readEnv({ ...base, CORS_ORIGINS: bad }), bad).toThrow(/CORS_ORIGINS/);
    }
  });
});

describe('errors show no internals', () => {
  it.each([
    ['malformed JSON', 'POST', '/api/v1/invites', '{"count":', 'application/json'],
    ['a wrong content type', 'POST', '/api/v1/invites', 'count=1', 'text/plain'],
    ['an unknown route', 'GET', '/api/v1/nothing-here', undefined, undefined],
    ['a bad query', 'GET', '/api/v1/invites?page[size]=-1', undefined, undefined],
    ['a bad tRPC input', 'GET', '/trpc/invites.get?input=%7B%22x%22', undefined, undefined],
    ['an unknown tRPC procedure', 'POST', '/trpc/nope.nothing', '{}', 'application/json'],
    ['a huge id', 'GET', `/api/v1/invites/${'9'.repeat(400)}`, undefined, undefined],
  ])('%s', async (_label, method, path, body, type) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${server.adminKey}`,
        ...(type ? { 'content-type': type } : {}),
      },
      ...(body ? { body } : {}),
    });
    const text = await res.text();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts\b|stack/i);
  });
});

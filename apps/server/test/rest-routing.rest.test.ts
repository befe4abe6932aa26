import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';

/**
 * The REST bridge's routes take what the documented paths match, as the one expression per
 * operation always did: a path the router would also take, read another way, is not an
 * operation. (The router decodes a path before matching it, and takes an empty parameter.)
 */
let server: TestServer;
let admin: ReturnType<typeof httpClient>;
let code: string;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  admin = httpClient(`${server.url}/api/v1`, server.adminKey);
  code = (await admin.post('/invites', {})).body.data[0].code;
});
afterAll(() => server?.close());

describe('documented words spelt in percent-encoding', () => {
  it('are no operation: 404 NOT_FOUND, as before', async () => {
    expect((await admin.get(`/invites/${code}/validate`)).status).toBe(200);
    for (const path of [
      `/%69nvites/${code}/validate`,
      `/invites/${code}/%76alidate`,
      `/invite%73/${code}/validate`,
    ]) {
      const res = await admin.get(path);
      expect([path, res.status, res.body.code]).toEqual([path, 404, 'NOT_FOUND']);
    }
  });
});

describe('an empty path parameter', () => {
  it('is no operation either: 404 NOT_FOUND, as before', async () => {
    for (const [method, path] of [
      ['GET', '/invites//validate'],
      ['POST', '/invites//accept'],
      ['DELETE', '/namespaces//ops/collaborators/ada'],
      ['GET', '/templates/invite/'],
    ] as const) {
      const res = await admin.call(method, path);
      expect([method, path, res.status, res.body.code]).toEqual([method, path, 404, 'NOT_FOUND']);
    }
  });
});

/** A GET sent as written: fetch would resolve the dot segments before sending. */
function getAsWritten(path: string): Promise<{ status: number; body: { code?: string } }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    http
      .get(
        { host: hostname, port, path, headers: { authorization: `Bearer ${server.adminKey}` } },
        (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      )
      .on('error', reject);
  });
}

describe('a query parameter the operation does not declare', () => {
  it('answers 400 INVALID_QUERY however the path is spelt', async () => {
    for (const path of [
      '/api/v1/me?foo=1',
      '/api/v1/./me?foo=1',
      '/api/v1/x/../me?foo=1',
      '/api/v1/./audit?foo=1',
      `/api/v1/invites/${code}/./validate?invite=other`,
    ]) {
      const res = await getAsWritten(path);
      expect([path, res.status, res.body.code]).toEqual([path, 400, 'INVALID_QUERY']);
    }
  });

  it('leaves a path that names no operation to the bridge: 404 NOT_FOUND', async () => {
    // `/webhooks//` (the second once its dot segment is resolved) is not `/webhooks` to the
    // bridge, so no operation's query applies: the check used to answer 400 for the list's.
    for (const path of ['/api/v1/webhooks//?foo=1', '/api/v1/webhooks//x/..?foo=1']) {
      const res = await getAsWritten(path);
      expect([path, res.status, res.body.code]).toEqual([path, 404, 'NOT_FOUND']);
    }
  });
});

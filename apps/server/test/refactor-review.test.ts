/**
 * Errors once: a refusal raised by the transport (an unknown procedure, a body of another
 * type) answers the catalog's words for its code, never text built from the request, over
 * REST and tRPC alike; a procedure's refusal over REST is the one body `{ code, message }`.
 */
import { errorCatalog } from '@guestlist/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';

let server: TestServer;

const MARKER = 'zq-echo-marker';

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
});
afterAll(() => server?.close());

async function trpc(path: string, init: RequestInit = {}) {
  const response = await fetch(`${server.url}/trpc/${path}`, {
    ...init,
    headers: { authorization: `Bearer ${server.adminKey}`, ...(init.headers ?? {}) },
  });
  return { status: response.status, text: await response.text() };
}

describe('transport refusals say what the catalog says, not what the request said', () => {
  it('an unknown tRPC procedure answers 404 without its path in the message', async () => {
    const { status, text } = await trpc(`${MARKER}.nope`);
    expect(status).toBe(404);
    const body = JSON.parse(text);
    expect(body.error.data.error).toEqual({ code: 'NOT_FOUND', message: errorCatalog.NOT_FOUND });
    expect(body.error.message).not.toContain(MARKER);
  });

  it('a tRPC body of another type answers 415 without echoing its Content-Type', async () => {
    const { status, text } = await trpc('invites.create', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': `text/plain; note=${MARKER}` },
    });
    expect(status).toBe(415);
    expect(text).not.toContain(MARKER);
    expect(JSON.parse(text).error.data.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a REST procedure refusal is one body, with no tRPC envelope and the domain words', async () => {
    const api = httpClient(`${server.url}/api/v1`, server.adminKey);
    const res = await api.get('/invites/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 'INVITE_NOT_FOUND', message: 'No such invite' });
  });
});

import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';

/**
 * A server that is closing still answers what reaches it on a connection already open (a
 * keep-alive client, a pipelined request) until that connection goes: each such request is
 * refused with 503, and like every other answer it carries the API's error shape, its stable
 * code and the security headers.
 */
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A connection to the server under test, once open. */
async function connected(url: string): Promise<Socket> {
  const socket = connect(Number(new URL(url).port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  return socket;
}

/** The body of the create below; `CREATE_BODY.slice(4)` is what it leaves unsent. */
const CREATE_BODY = '{"count":1}';

/** A create of one invite whose headers are sent and its body only begun: a request in flight. */
function beginCreate(socket: Socket, adminKey: string): void {
  socket.write(
    'POST /api/v1/invites HTTP/1.1\r\nHost: guestlist.test\r\n' +
      `Authorization: Bearer ${adminKey}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${CREATE_BODY.length}\r\n\r\n` +
      CREATE_BODY.slice(0, 4),
  );
}

/** Everything the socket receives until the server closes it. */
function received(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.once('error', reject);
    socket.once('close', () => resolve(text));
  });
}

/** The answers in a stream of HTTP/1.1 responses, each with a Content-Length. */
function answers(stream: string): { status: number; headers: Map<string, string>; body: string }[] {
  const out = [];
  let rest = stream;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const headers = new Map(
      lines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as const;
      }),
    );
    const length = Number(headers.get('content-length'));
    out.push({
      status: Number(statusLine!.split(' ')[1]),
      headers,
      body: rest.slice(end + 4, end + 4 + length),
    });
    rest = rest.slice(end + 4 + length);
  }
  return out;
}

describe('a closing server', () => {
  it('refuses a request on an open connection with 503, its code and its headers', async () => {
    server = await startTestServer(inject('databaseServerUrl'));
    const socket = await connected(server.url);
    const all = received(socket);
    // A request in flight (its body half sent) keeps the connection busy, so closing waits.
    beginCreate(socket, server.adminKey);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = server.app.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The rest of that body, then one more request on the same connection.
    socket.write(
      `${CREATE_BODY.slice(4)}GET /api/v1/invites/nope/validate HTTP/1.1\r\nHost: guestlist.test\r\n\r\n`,
    );
    const [first, second] = answers(await all);
    await closed;
    expect(first?.status).toBe(201);
    expect(second?.status).toBe(503);
    expect(JSON.parse(second!.body)).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      message: expect.any(String),
    });
    expect(second!.headers.get('connection')).toBe('close');
    expect(second!.headers.get('content-type')).toMatch(/^application\/json/);
    expect(second!.headers.get('x-content-type-options')).toBe('nosniff');
    expect(second!.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(second!.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
  });
});

describe('a closing server and the connections it waits for', () => {
  it('closes a connection whose request was in flight once it is answered', async () => {
    server = await startTestServer(inject('databaseServerUrl'));
    const socket = await connected(server.url);
    const all = received(socket);
    beginCreate(socket, server.adminKey);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    const closed = server.app.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The body completes; the client then keeps its connection open, as a pooling agent does.
    socket.write(CREATE_BODY.slice(4));
    // Not the keep-alive timeout (72 s): the close waits for the answer only.
    const limit = new Promise((resolve) => setTimeout(resolve, 10_000, 'still waiting'));
    expect(await Promise.race([closed.then(() => 'closed'), limit])).toBe('closed');
    expect(performance.now() - started).toBeLessThan(5_000);
    const [first, ...more] = answers(await all);
    expect(first?.status).toBe(201);
    expect(more).toEqual([]);
  });

  it('cuts off a client still sending its request, with 408, instead of waiting for it', async () => {
    server = await startTestServer(inject('databaseServerUrl'), {
      server: { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 },
    });
    const [heads, body] = await Promise.all([connected(server.url), connected(server.url)]);
    const replies = [received(heads), received(body)];
    // One never finishes its headers, the other its body: both started before the close.
    heads.write('GET /healthz HTTP/1.1\r\nHost: guestlist.test\r\n');
    beginCreate(body, server.adminKey);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    const closed = server.app.close();
    const limit = new Promise((resolve) => setTimeout(resolve, 10_000, 'still waiting'));
    expect(await Promise.race([closed.then(() => 'closed'), limit])).toBe('closed');
    // The request timeout, counted from the close at the latest; not the client's patience.
    expect(performance.now() - started).toBeLessThan(5_000);
    for (const reply of await Promise.all(replies)) {
      const [answer] = answers(reply);
      expect(answer?.status).toBe(408);
      expect(JSON.parse(answer!.body)).toMatchObject({ code: 'REQUEST_TIMEOUT' });
      expect(answer!.headers.get('x-content-type-options')).toBe('nosniff');
    }
    heads.destroy();
    body.destroy();
  }, 30_000);
});

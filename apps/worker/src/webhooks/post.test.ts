import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postJson, WebhookTimeoutError } from './post.ts';
import { InvalidWebhookUrlError, PrivateAddressError } from './public-address.ts';

const servers: http.Server[] = [];

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const local = { allowPrivate: true, timeoutMs: 5_000 };

describe('postJson', () => {
  it('delivers the body and headers and returns the status', async () => {
    let received: {
      method?: string;
      url?: string;
      headers: http.IncomingHttpHeaders;
      body: string;
    };
    const base = await serve((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        received = { method: req.method, url: req.url, headers: req.headers, body };
        res.writeHead(204).end();
      });
    });

    const payload = JSON.stringify({ type: 'invite.accepted', data: { code: 'ABC' } });
    const result = await postJson(`${base}/hooks/1?x=y`, payload, { 'webhook-id': 'msg_1' }, local);

    expect(result).toEqual({ status: 204, body: '' });
    expect(received!.method).toBe('POST');
    expect(received!.url).toBe('/hooks/1?x=y');
    expect(received!.body).toBe(payload);
    expect(received!.headers['content-type']).toBe('application/json');
    expect(received!.headers['user-agent']).toBe('Guestlist-Webhooks/1');
    expect(received!.headers['webhook-id']).toBe('msg_1');
  });

  it('returns a redirect instead of following it', async () => {
    let hits = 0;
    const base = await serve((_req, res) => {
      hits += 1;
      res.writeHead(302, { location: '/elsewhere' }).end('moved');
    });

    const result = await postJson(`${base}/hook`, '{}', {}, local);

    expect(result).toEqual({ status: 302, body: 'moved' });
    expect(hits).toBe(1);
  });

  it('caps the response body at 64 KiB', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('a'.repeat(200 * 1024));
    });

    const result = await postJson(base, '{}', {}, local);

    expect(result.status).toBe(200);
    expect(result.body).toBe('a'.repeat(64 * 1024));
  });

  it('refuses a private address unless allowed', async () => {
    let hits = 0;
    const base = await serve((_req, res) => {
      hits += 1;
      res.end();
    });

    await expect(
      postJson(base, '{}', {}, { allowPrivate: false, timeoutMs: 5_000 }),
    ).rejects.toBeInstanceOf(PrivateAddressError);
    await expect(
      postJson(
        base.replace('127.0.0.1', 'localhost'),
        '{}',
        {},
        {
          allowPrivate: false,
          timeoutMs: 5_000,
        },
      ),
    ).rejects.toBeInstanceOf(PrivateAddressError);
    expect(hits).toBe(0);
  });

  it('refuses URLs with another scheme or credentials', async () => {
    await expect(postJson('ftp://example.com/', '{}', {}, local)).rejects.toBeInstanceOf(
      InvalidWebhookUrlError,
    );
    await expect(postJson('http://user:pw@127.0.0.1/', '{}', {}, local)).rejects.toBeInstanceOf(
      InvalidWebhookUrlError,
    );
  });

  it('rejects an invalid header value instead of hanging', async () => {
    const base = await serve((_req, res) => {
      res.end();
    });

    await expect(postJson(base, '{}', { 'x-bad': 'a\nb' }, local)).rejects.toThrow(TypeError);
  });

  it('gives up on a receiver that never answers', async () => {
    const base = await serve(() => {
      // Hold the request open forever.
    });

    const started = performance.now();
    await expect(
      postJson(base, '{}', {}, { allowPrivate: true, timeoutMs: 300 }),
    ).rejects.toBeInstanceOf(WebhookTimeoutError);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2_000);
  });
});

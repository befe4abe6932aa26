import http from 'node:http';
import { metricSample as sample } from '@guestlist/worker/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';

let server: TestServer;
let admin: ReturnType<typeof httpClient>;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  admin = httpClient(`${server.url}/api/v1`, server.adminKey);
});
afterAll(() => server?.close());

async function scrape(token: string | null) {
  const res = await fetch(`${server.url}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('GET /metrics (Prometheus)', () => {
  it('needs a key with metrics:read', async () => {
    expect((await scrape(null)).status).toBe(401);
    const narrow = (await admin.post('/api-keys', { name: 'n', permissions: ['invite:read'] })).body
      .data.secret;
    expect((await scrape(narrow)).status).toBe(403);
    const scraper = (await admin.post('/api-keys', { name: 'p', permissions: ['metrics:read'] }))
      .body.data.secret;
    const ok = await scrape(scraper);
    expect(ok.status).toBe(200);
    expect(ok.type).toContain('text/plain');
    expect(ok.text).toContain('# TYPE guestlist_http_requests_total counter');
    expect(ok.text).toContain('guestlist_process_resident_memory_bytes');
  });

  it('counts requests by documented path, and reads invites, deliveries and jobs from the database', async () => {
    const series =
      'guestlist_http_requests_total{method="GET",route="/api/v1/invites/{invite}",status="404"}';
    const created =
      'guestlist_http_requests_total{method="POST",route="/api/v1/invites",status="201"}';
    const sends =
      'guestlist_http_requests_total{method="POST",route="/api/v1/invites/send",status="202"}';
    const undocumented =
      'guestlist_http_requests_total{method="GET",route="/api/v1/*",status="404"}';
    const first = (await scrape(server.adminKey)).text;
    const before = (name: string) => sample(first, name) ?? 0;
    const [invite] = (await admin.post('/invites', { count: 3, expiresIn: '7d' })).body.data;
    await admin.post('/invites/send', { email: ['m1@example.com', 'm2@example.com'] });
    await admin.post(`/invites/${invite.id}/cancel`);
    for (let i = 0; i < 4; i++) await admin.get(`/invites/no-such-code-${i}`);
    await admin.get('/no/such/path');
    const { text } = await scrape(server.adminKey);
    expect(sample(text, series)).toBe(before(series) + 4);
    expect(sample(text, created)).toBe(before(created) + 1);
    expect(sample(text, sends)).toBe(before(sends) + 1);
    expect(sample(text, undocumented)).toBe(before(undocumented) + 1);
    // The code in those paths is never a label.
    expect(text).not.toContain('no-such-code');
    expect(sample(text, 'guestlist_invites{status="pending",delivery="none"}')).toBe(2);
    expect(sample(text, 'guestlist_invites{status="canceled",delivery="none"}')).toBe(1);
    expect(sample(text, 'guestlist_invites{status="pending",delivery="queued"}')).toBe(2);
    // No worker runs here: the two emails wait in the outbox.
    expect(sample(text, 'guestlist_jobs{queue="invite-email",state="created"}')).toBe(2);
    expect(text).toMatch(/guestlist_http_request_duration_seconds_bucket\{le="0.005"/);
  });

  it('labels a request by the operation that answered it, whatever route the router took', async () => {
    const list = 'guestlist_http_requests_total{method="GET",route="/api/v1/invites",status="200"}';
    const get =
      'guestlist_http_requests_total{method="GET",route="/api/v1/invites/{invite}",status="200"}';
    const first = (await scrape(server.adminKey)).text;
    const { hostname, port } = new URL(server.url);
    // As sent, not as fetch would resolve it: the router takes `/invites/:invite`, the bridge
    // reads `/invites` and answers the list.
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get(
          {
            host: hostname,
            port,
            path: '/api/v1/invites/x/..',
            headers: { authorization: `Bearer ${server.adminKey}` },
          },
          (res) => resolve(res.resume().statusCode ?? 0),
        )
        .on('error', reject);
    });
    expect(status).toBe(200);
    const { text } = await scrape(server.adminKey);
    expect(sample(text, list)).toBe((sample(first, list) ?? 0) + 1);
    expect(sample(text, get)).toBe(sample(first, get));
  });

  it('labels a request refused before the bridge ran as the bridge reads it', async () => {
    const series = (method: string, route: string, status: number) =>
      `guestlist_http_requests_total{method="${method}",route="${route}",status="${status}"}`;
    const counted = [
      series('POST', '/api/v1/invites', 400),
      series('PUT', '/api/v1/*', 400),
      series('PUT', '/api/v1/*', 404),
      series('PUT', '/api/v1/settings', 400),
    ];
    const first = (await scrape(server.adminKey)).text;
    const send = (method: string, path: string, body: string) =>
      fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' },
        body,
      });
    // The router takes neither (it reads case, and has no PUT there): the bridge's catch-all
    // does, and a broken body is refused before the bridge runs.
    expect((await send('POST', '/INVITES', '{')).status).toBe(400);
    expect((await send('PUT', '/settings', '{')).status).toBe(400);
    expect((await send('PUT', '/settings', '{}')).status).toBe(404);
    const { text } = await scrape(server.adminKey);
    // Counted as the operation the bridge answers for that spelling; a method no operation
    // has, as the catch-all, whether the bridge refused it or a body check did.
    expect(counted.map((name) => (sample(text, name) ?? 0) - (sample(first, name) ?? 0))).toEqual([
      1, 1, 1, 0,
    ]);
  });
});

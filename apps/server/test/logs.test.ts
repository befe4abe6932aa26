import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { redactUrl } from '../src/redact.ts';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';

let server: TestServer;
const lines: string[] = [];

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'), {
    logLevel: 'trace',
    logDestination: { write: (line: string) => void lines.push(line) },
  });
});
afterAll(() => server?.close());

describe('logs (§7: secrets never reach logs)', () => {
  it('redacts codes from paths and drops query strings', () => {
    expect(redactUrl('/i/Abc123')).toBe('/i/[redacted]');
    expect(redactUrl('/api/v1/invites/Abc123/validate')).toBe(
      '/api/v1/invites/[redacted]/validate',
    );
    expect(redactUrl('/api/v1/invites?filter[code]=Abc123')).toBe('/api/v1/invites?[redacted]');
    expect(redactUrl('/trpc/invites.get?input=%7B%22invite%22%3A%22x%22%7D')).toBe(
      '/trpc/invites.get?[redacted]',
    );
    expect(redactUrl('/api/v1/invites')).toBe('/api/v1/invites');
  });

  it('keeps codes and keys out of a whole flow logged at trace level', async () => {
    const api = httpClient(`${server.url}/api/v1`, server.adminKey);
    const [invite] = (await api.post('/invites', { email: 'log@example.com' })).body.data;
    const { secret } = (await api.post('/api-keys', { name: 'log', permissions: ['invite:read'] }))
      .body.data;
    await api.get(`/invites/${invite.code}`);
    await api.get(`/invites/${invite.code}/validate`, { token: null });
    await api.get(`/invites?filter[code]=${invite.code}`, { token: secret });
    await fetch(`${server.url}/i/${invite.code}`);
    await fetch(
      `${server.url}/trpc/invites.get?input=${encodeURIComponent(JSON.stringify({ invite: invite.code }))}`,
      {
        headers: { authorization: `Bearer ${server.adminKey}` },
      },
    );
    await api.patch(`/invites/${invite.code}`, { metadata: { a: 1 } });
    await api.delete(`/invites/${invite.code}`);
    const log = lines.join('');
    // The flow was logged (so the check below means something)...
    expect(log).toContain('/invites/[redacted]/validate');
    expect(log).toContain('request completed');
    // ...and no secret made it in.
    expect(log).not.toContain(invite.code);
    expect(log).not.toContain(server.adminKey);
    expect(log).not.toContain(secret);
  });

  it('gives every request an id, in its answer and in each of its log lines', async () => {
    const plain = await fetch(`${server.url}/api/v1/invites/nope/validate`);
    expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const traced = await fetch(`${server.url}/api/v1/invites/nope/validate`, {
      headers: { 'x-request-id': 'edge-7f3a:42' },
    });
    expect(traced.headers.get('x-request-id')).toBe('edge-7f3a:42');
    for (const hostile of ['two words', 'x'.repeat(65), 'a\u00e9b']) {
      const res = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': hostile } });
      expect(res.headers.get('x-request-id'), hostile).toMatch(/^[0-9a-f-]{36}$/);
    }
    const mine = lines.filter((line) => line.includes('edge-7f3a:42'));
    // Received and completed, at least; each one names the request by its id.
    expect(mine.length).toBeGreaterThanOrEqual(2);
    for (const line of mine) expect(JSON.parse(line).reqId).toBe('edge-7f3a:42');
  });
});

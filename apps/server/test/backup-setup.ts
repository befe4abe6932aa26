import { createServer, type Server } from 'node:http';
import { expect } from 'vitest';
import { httpClient } from './http.ts';

/**
 * A Guestlist worth moving (spec §10): invites of every status, users with sessions, an API
 * key, a group, a namespace with a collaborator, a webhook whose deliveries are queued, emails
 * queued and not yet sent (no worker runs), and the audit events all of that wrote.
 */
export interface Populated {
  /** Every code handed out, with what validating it answered before the move. */
  codes: Map<string, { status: number; code: string | undefined }>;
  sessions: { token: string; username: string }[];
  apiKey: string;
}

export async function validateAll(url: string, codes: Iterable<string>) {
  const api = httpClient(`${url}/api/v1`);
  const results = new Map<string, { status: number; code: string | undefined }>();
  for (const code of codes) {
    const res = await api.get(`/invites/${encodeURIComponent(code)}/validate`);
    results.set(code, { status: res.status, code: res.body?.code });
  }
  return results;
}

export async function populate(
  url: string,
  adminKey: string,
  webhookUrl: string,
): Promise<Populated> {
  const admin = httpClient(`${url}/api/v1`, adminKey);
  const created = async (path: string, body: unknown, token?: string) => {
    const res = await admin.post(path, body, token ? { token } : {});
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.data;
  };
  expect((await admin.patch('/settings', { registration: 'open' })).status).toBe(200);
  const group = await created('/groups', { name: 'staff', permissions: ['invite:read'] });
  await created('/webhooks', { url: webhookUrl, events: ['*'] });

  const codes: string[] = [];
  const pending = await created('/invites', { count: 3, groups: [group.id] });
  codes.push(...pending.map((i: { code: string }) => i.code));
  const emailed = await created('/invites', { email: 'guest1@example.com' });
  codes.push(emailed[0].code);
  const sent = await admin.post('/invites/send', {
    email: ['guest2@example.com', 'guest3@example.com'],
  });
  expect(sent.status).toBe(202);
  const [toCancel] = await created('/invites', {});
  expect((await admin.post(`/invites/${toCancel.id}/cancel`, {})).status).toBe(200);
  codes.push(toCancel.code);
  const [toExpire] = await created('/invites', { expiresIn: '1s' });
  codes.push(toExpire.code);
  const [toUse] = await created('/invites', { permissions: ['invite:read'] });
  codes.push(toUse.code);

  const register = async (username: string, inviteCode?: string) => {
    const res = await admin.post(
      '/auth/register',
      {
        email: `${username}@example.com`,
        username,
        password: 'correct horse battery',
        ...(inviteCode ? { inviteCode } : {}),
      },
      { token: null },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { token: res.body.data.token as string, username };
  };
  const ada = await register('ada', toUse.code);
  const bob = await register('bob');
  const login = await admin.post(
    '/auth/login',
    { handle: 'ada', password: 'correct horse battery' },
    { token: null },
  );
  expect(login.status).toBe(200);
  const sessions = [ada, bob, { token: login.body.data.token as string, username: 'ada' }];

  await created('/namespaces', { name: 'acme' }, ada.token);
  const forBob = await created('/namespaces/ada/acme/invites', { handle: 'bob' }, ada.token);
  expect((await admin.post(`/invites/${forBob.id}/decline`, {}, { token: bob.token })).status).toBe(
    200,
  );
  codes.push(forBob.code);
  const forCarol = await created(
    '/namespaces/ada/acme/invites',
    { handle: 'carol@example.com' },
    ada.token,
  );
  codes.push(forCarol.code);
  const key = await created('/api-keys', { name: 'ci', permissions: ['invite:read'] });

  await new Promise((resolve) => setTimeout(resolve, 1100)); // toExpire's second passes
  return { codes: await validateAll(url, codes), sessions, apiKey: key.secret };
}

/** A webhook receiver on loopback: counts what reaches it. */
export async function webhookReceiver(): Promise<{
  url: string;
  received: string[];
  server: Server;
}> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/hooks`, received, server };
}

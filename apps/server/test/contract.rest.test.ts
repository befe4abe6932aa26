import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';
import { inviteCount as countInvites } from './support.ts';

/**
 * The REST contract as a client checking it against the served document meets it (spec R25
 * and §5): list envelopes, 401s, 204s, HEAD, optional bodies, and what each operation may answer.
 */
let server: TestServer;
let admin: ReturnType<typeof httpClient>;
let anonymous: ReturnType<typeof httpClient>;

type Operation = {
  parameters?: { in: string; name: string }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};
type Schema = {
  $ref?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  type?: string;
  allOf?: Schema[];
  enum?: string[];
};
let document: {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const operations = () =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );

/** The codes the document lets this operation answer with this status. */
function documentedCodes(method: string, path: string, status: number): string[] {
  const response = document.paths[path]![method.toLowerCase()]!.responses[String(status)];
  return response?.content?.['application/json']?.schema.allOf?.[1]?.properties?.code?.enum ?? [];
}

let serial = 0;
async function user() {
  serial += 1;
  const [invite] = (await admin.post('/invites', {})).body.data;
  const res = await anonymous.post('/auth/register', {
    email: `contract${serial}@example.com`,
    username: `contract${serial}`,
    password: 'correct horse battery',
    inviteCode: invite.code,
  });
  expect(res.status).toBe(201);
  return {
    token: res.body.data.token as string,
    username: res.body.data.user.username as string,
    api: httpClient(`${server.url}/api/v1`, res.body.data.token),
  };
}

/** Real values for each path parameter, so every operation reaches its records. */
const real: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'), {
    rateLimits: { codes: 0, auth: 0 },
  });
  admin = httpClient(`${server.url}/api/v1`, server.adminKey);
  anonymous = httpClient(`${server.url}/api/v1`, null as unknown as string);
  document = (await anonymous.get('/openapi.json')).body;
  const owner = await user();
  const member = await user();
  await owner.api.post('/namespaces', { name: 'contract' });
  const invited = await owner.api.post(`/namespaces/${owner.username}/contract/invites`, {
    handle: member.username,
  });
  await member.api.post(`/invites/${invited.body.data.id}/accept`);
  const group = await admin.post('/groups', { name: 'contract', permissions: [] });
  const [invite] = (await admin.post('/invites', {})).body.data;
  const hook = await admin.post('/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['*'] });
  expect(hook.status).toBe(201);
  Object.assign(real, {
    webhook: hook.body.data.id,
    invite: invite.id,
    owner: owner.username,
    name: 'contract',
    id: group.body.data.id,
  });
});
afterAll(() => server?.close());

describe('list answers (R25)', () => {
  it('every operation whose data is a list declares and answers `total`', async () => {
    const lists = operations().filter(({ operation }) => {
      const success = Object.entries(operation.responses).find(([status]) =>
        status.startsWith('2'),
      )?.[1];
      return success?.content?.['application/json']?.schema.properties?.data?.type === 'array';
    });
    expect(lists.map(({ method, path }) => `${method} ${path}`)).toEqual(
      expect.arrayContaining([
        'GET /groups',
        'GET /api-keys',
        'GET /webhooks',
        'GET /webhooks/{id}/deliveries',
        'GET /invites/{invite}/redemptions',
        'GET /namespaces/{owner}/{name}/collaborators',
        'GET /namespaces/{owner}/{name}/invites',
        'POST /invites',
      ]),
    );
    for (const { method, path, operation } of lists) {
      const success = Object.entries(operation.responses).find(([s]) => s.startsWith('2'))![1];
      const schema = success.content!['application/json']!.schema;
      expect(schema.required, `${method} ${path}`).toEqual(expect.arrayContaining(['total']));
      if (method !== 'GET') continue;
      // The namespace's own routes and /me by a user; the rest by the admin key.
      const caller =
        path.startsWith('/namespaces') || path.startsWith('/me')
          ? httpClient(`${server.url}/api/v1`, (await ownerToken())!)
          : admin;
      // `{id}` is a group's, except under /webhooks, whose lists are a webhook's.
      const values = path.startsWith('/webhooks/') ? { ...real, id: real.webhook! } : real;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => values[name]!);
      const res = await caller.get(url);
      expect(res.status, `${method} ${url}`).toBe(200);
      expect(Array.isArray(res.body.data), url).toBe(true);
      expect(typeof res.body.total, url).toBe('number');
      expect(res.body.total, url).toBeGreaterThanOrEqual(res.body.data.length);
    }
  });

  it('POST /invites and /invites/send answer their invites with `total`', async () => {
    const created = await admin.post('/invites', { count: 3 });
    expect([created.status, created.body.data.length, created.body.total]).toEqual([201, 3, 3]);
    const sent = await admin.post('/invites/send', { email: ['a@example.com', 'b@example.com'] });
    expect([sent.status, sent.body.data.length, sent.body.total]).toEqual([202, 2, 2]);
  });
});

let ownerSession: string | undefined;
async function ownerToken() {
  if (!ownerSession) {
    const res = await anonymous.post('/auth/login', {
      handle: real.owner,
      password: 'correct horse battery',
    });
    ownerSession = res.body.data.token;
  }
  return ownerSession;
}

describe('401 (R25)', () => {
  it('carries WWW-Authenticate: Bearer, over REST and tRPC, without or with a bad token', async () => {
    const answers = [
      await fetch(`${server.url}/api/v1/me`),
      await fetch(`${server.url}/api/v1/invites`, {
        headers: { authorization: `Bearer gls_${'x'.repeat(40)}` },
      }),
      await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ handle: 'nobody', password: 'not the password' }),
      }),
      await fetch(`${server.url}/trpc/me.get`),
      await fetch(`${server.url}/metrics`),
      await fetch(`${server.url}/trpc/invites.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer gl_nothing' },
        body: '{}',
      }),
    ];
    for (const res of answers) {
      expect(res.status, res.url).toBe(401);
      expect(res.headers.get('www-authenticate'), res.url).toBe('Bearer');
    }
    // Not on other refusals.
    const forbidden = await fetch(`${server.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${server.adminKey}` },
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('www-authenticate')).toBeNull();
  });
});

describe('204 (R25)', () => {
  it('has no body and the document declares none', async () => {
    for (const [method, path] of [
      ['post', '/auth/logout'],
      ['delete', '/namespaces/{owner}/{name}/collaborators/{username}'],
    ] as const) {
      const responses = document.paths[path]![method]!.responses;
      expect(
        Object.keys(responses).filter((s) => s.startsWith('2')),
        path,
      ).toEqual(['204']);
      expect(responses['204']!.content, path).toBeUndefined();
    }
    const leaver = await user();
    const owner = httpClient(`${server.url}/api/v1`, (await ownerToken())!);
    const invited = await owner.post(`/namespaces/${real.owner}/contract/invites`, {
      handle: leaver.username,
    });
    expect((await leaver.api.post(`/invites/${invited.body.data.id}/accept`)).status).toBe(200);
    const removed = await fetch(
      `${server.url}/api/v1/namespaces/${real.owner}/contract/collaborators/${leaver.username}`,
      { method: 'DELETE', headers: { authorization: `Bearer ${leaver.token}` } },
    );
    const loggedOut = await fetch(`${server.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${leaver.token}` },
    });
    for (const res of [removed, loggedOut]) {
      expect(res.status, res.url).toBe(204);
      expect(await res.text(), res.url).toBe('');
      expect(res.headers.get('content-type'), res.url).toBeNull();
    }
  });
});

describe('HEAD', () => {
  it('answers as GET would, without the body', async () => {
    for (const path of ['/api/v1/me', '/api/v1/invites', '/trpc/me.get']) {
      const head = await fetch(`${server.url}${path}`, { method: 'HEAD' });
      const get = await fetch(`${server.url}${path}`);
      expect([head.status, get.status], path).toEqual([401, 401]);
      expect(head.headers.get('www-authenticate'), path).toBe('Bearer');
      expect(await head.text()).toBe('');
    }
    const token = (await ownerToken())!;
    const head = await fetch(`${server.url}/api/v1/me`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${token}` },
    });
    const get = await fetch(`${server.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(await head.text()).toBe('');
    const unknown = await fetch(`${server.url}/api/v1/nothing-here`, { method: 'HEAD' });
    expect(unknown.status).toBe(404);
  });
});

describe('request bodies', () => {
  it('are optional in the document where every field is, and such requests work without one', async () => {
    expect(document.paths['/invites']!.post!.requestBody!.required).toBe(false);
    expect(document.paths['/invites/{invite}/resend']!.post!.requestBody!.required).toBe(false);
    expect(document.paths['/auth/login']!.post!.requestBody!.required).toBe(true);
    expect(document.paths['/groups']!.post!.requestBody!.required).toBe(true);
    for (const { method, path, operation } of operations()) {
      const body = operation.requestBody;
      if (!body) continue;
      const required = body.content['application/json']!.schema.required ?? [];
      expect(body.required, `${method} ${path}`).toBe(required.length > 0);
    }
    const [emailed] = (await admin.post('/invites', { email: 'x@example.com', notify: false })).body
      .data;
    const resent = await admin.call('POST', `/invites/${emailed.id}/resend`);
    expect(resent.status).toBe(202);
  });

  it('a `__proto__` key answers 400 VALIDATION_FAILED naming it, like any unknown field', async () => {
    const inviteCount = () => countInvites(server.databaseUrl);
    const before = await inviteCount();
    for (const [raw, field] of [
      ['{"__proto__": {"count": 5}}', '__proto__'],
      ['{"count": 1, "__proto__": null}', '__proto__'],
      ['{"metadata": {"__proto__": {"admin": true}}}', 'metadata.__proto__'],
    ]) {
      const rest = await admin.call('POST', '/invites', {
        raw,
        headers: { 'content-type': 'application/json' },
      });
      expect([rest.status, rest.body.code, rest.body.fields], raw).toEqual([
        400,
        'VALIDATION_FAILED',
        [{ path: field, message: 'unknown field' }],
      ]);
      const trpc = await fetch(`${server.url}/trpc/invites.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminKey}` },
        body: raw,
      });
      const error = ((await trpc.json()) as any).error.data.error;
      expect([trpc.status, error.code, error.fields], raw).toEqual([
        400,
        'VALIDATION_FAILED',
        [{ path: field, message: 'unknown field' }],
      ]);
    }
    expect(await inviteCount()).toBe(before);
    // `constructor` is an ordinary key of free-form metadata.
    const plain = await admin.post('/invites', { metadata: { constructor: 'Brunel' } });
    expect(plain.status).toBe(201);
    expect(plain.body.data[0].metadata).toEqual({ constructor: 'Brunel' });
  });
});

describe('what each operation may answer', () => {
  it('resend answers INVALID_EXPIRY for a bad extension, and its document lists it', async () => {
    const [emailed] = (await admin.post('/invites', { email: 'y@example.com', notify: false })).body
      .data;
    const res = await admin.post(`/invites/${emailed.id}/resend`, { extend: 'soon' });
    expect([res.status, res.body.code]).toEqual([400, 'INVALID_EXPIRY']);
    expect(documentedCodes('POST', '/invites/{invite}/resend', 400)).toContain('INVALID_EXPIRY');
  });

  it('decline answers 403 and 410 for whom and what it refuses, and its document lists them', async () => {
    const invite = async (email: string) =>
      (await admin.post('/invites', { email, notify: false })).body.data[0];
    const declined = async (token: string, ref: string) => {
      const res = await httpClient(`${server.url}/api/v1`, token).post(`/invites/${ref}/decline`);
      expect(documentedCodes('POST', '/invites/{invite}/decline', res.status)).toContain(
        res.body.code,
      );
      return [res.status, res.body.code];
    };
    const stranger = await user();
    expect(await declined(stranger.token, (await invite('someone@example.com')).code)).toEqual([
      403,
      'INVITE_EMAIL_MISMATCH',
    ]);
    const unproven = await invite(`${stranger.username}@example.com`);
    expect(await declined(stranger.token, unproven.code)).toEqual([403, 'EMAIL_NOT_VERIFIED']);
    // An addressee whose address the operator vouched for, declining a withdrawn invite.
    const own = await invite('addressee@example.com');
    const registered = await anonymous.post('/auth/register', {
      email: 'addressee@example.com',
      username: 'addressee',
      password: 'correct horse battery',
      inviteCode: own.code,
    });
    const withdrawn = await invite('addressee@example.com');
    await admin.post(`/invites/${withdrawn.id}/cancel`);
    expect(await declined(registered.body.data.token, withdrawn.code)).toEqual([
      410,
      'INVITE_CANCELED',
    ]);
  });

  it('an undeclared query parameter answers 400 INVALID_QUERY on every operation', async () => {
    const user = httpClient(`${server.url}/api/v1`, (await ownerToken())!);
    for (const { method, path } of operations()) {
      const url = `${path.replace(/\{(\w+)\}/g, (_, name: string) => real[name] ?? 'x')}?bogus=1`;
      const caller = path.startsWith('/namespaces') || path.startsWith('/me') ? user : admin;
      const res = await caller.call(method, url, method === 'GET' ? {} : { body: {} });
      expect([res.status, res.body.code, res.body.fields], `${method} ${url}`).toEqual([
        400,
        'INVALID_QUERY',
        [{ path: 'bogus', message: 'Unknown query parameter "bogus"' }],
      ]);
      expect(documentedCodes(method, path, 400), `${method} ${path}`).toContain('INVALID_QUERY');
    }
    // Declared ones still work, spelt as the document spells them.
    expect((await admin.get('/users?page[size]=2')).status).toBe(200);
    expect((await admin.get('/invites?filter[status]=pending')).status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';
import { inviteCount as countInvites } from './support.ts';

/** Inputs that once slipped through: each must answer 400 (or work), never 500, and write nothing. */
let server: TestServer;
let admin: ReturnType<typeof httpClient>;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  admin = httpClient(`${server.url}/api/v1`, server.adminKey);
});
afterAll(() => server?.close());

const inviteCount = () => countInvites(server.databaseUrl);

describe('bodies that are not what they seem', () => {
  it.each([
    ['a year-10000 expiry', { expiresAt: '9999-12-31T23:59:59-12:00' }, 'INVALID_EXPIRY'],
    ['a day that does not exist', { expiresAt: '2030-02-31T00:00:00Z' }, 'INVALID_EXPIRY'],
    ['an expiry over 100 years away', { expiresAt: '2999-01-01T00:00:00Z' }, 'INVALID_EXPIRY'],
    ['a NUL in metadata', { metadata: { a: 'x\u0000' } }, 'VALIDATION_FAILED'],
    ['a NUL in a metadata key', { metadata: { 'a\u0000': 1 } }, 'VALIDATION_FAILED'],
  ])('%s answers 400', async (_label, body, code) => {
    const before = await inviteCount();
    const res = await admin.post('/invites', body);
    expect([res.status, res.body.code]).toEqual([400, code]);
    expect(await inviteCount()).toBe(before);
  });

  it.each([['null'], ['[]'], ['5'], ['"text"']])(
    'a JSON body of %s answers 400 and writes nothing',
    async (raw) => {
      const before = await inviteCount();
      const res = await admin.call('POST', '/invites', {
        raw,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toEqual(expect.stringMatching(/^[A-Z_]+$/));
      expect(await inviteCount()).toBe(before);
    },
  );

  it('deeply nested JSON answers 400, over REST and tRPC', async () => {
    const deep = `{"metadata":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    const rest = await admin.call('POST', '/invites', {
      raw: deep,
      headers: { 'content-type': 'application/json' },
    });
    expect(rest.status).toBe(400);
    const trpc = await fetch(`${server.url}/trpc/invites.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminKey}` },
      body: deep,
    });
    expect(trpc.status).toBe(400);
  });

  it('NUL characters in queries, logins and names answer 400', async () => {
    expect((await admin.get('/invites?filter[email]=a%00b')).status).toBe(400);
    expect((await admin.get('/audit?filter[action]=a%00')).status).toBe(400);
    const login = await admin.post(
      '/auth/login',
      { handle: 'a\u0000', password: 'whatever-it-is' },
      { token: null },
    );
    expect(login.status).toBe(400);
    expect((await admin.post('/groups', { name: 'g\u0000', permissions: [] })).status).toBe(400);
    expect(
      (await admin.post('/api-keys', { name: 'k\u0000', permissions: ['invite:read'] })).status,
    ).toBe(400);
  });

  it('a NUL in a path parameter or in tRPC input answers 400 VALIDATION_FAILED naming it', async () => {
    const [invite] = (await admin.post('/invites', {})).body.data;
    const registered = await admin.post(
      '/auth/register',
      {
        email: 'nul-owner@example.com',
        username: 'nul-owner',
        password: 'correct horse battery',
        inviteCode: invite.code,
      },
      { token: null },
    );
    const token = registered.body.data.token as string;
    const owner = httpClient(`${server.url}/api/v1`, token);
    expect((await owner.post('/namespaces', { name: 'space' })).status).toBe(201);
    const collaborators = async () =>
      (await owner.get('/namespaces/nul-owner/space/collaborators')).body.data.length;
    const before = await collaborators();
    for (const [method, path, field] of [
      ['DELETE', '/namespaces/%00/space/collaborators/nul-owner', 'owner'],
      ['DELETE', '/namespaces/nul-owner/space/collaborators/nul-owner%00', 'username'],
      ['GET', '/namespaces/nul-owner/sp%00ce', 'name'],
      ['GET', '/namespaces/nul-owner%00/space/collaborators', 'owner'],
      ['POST', '/namespaces/nul-owner/%00/invites', 'name'],
      ['GET', `/invites/${invite.id}%00`, 'invite'],
      ['POST', '/invites/%00/accept', 'invite'],
    ] as const) {
      const res = await owner.call(method, path);
      expect([res.status, res.body.code, res.body.fields], `${method} ${path}`).toEqual([
        400,
        'VALIDATION_FAILED',
        [{ path: field, message: 'contains a NUL (U+0000) character' }],
      ]);
    }
    expect(await collaborators()).toBe(before);

    const trpc = (procedure: string, input: unknown) =>
      fetch(`${server.url}/trpc/${procedure}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));
    const nul = await trpc('namespaces.removeCollaborator', {
      owner: 'nul-owner',
      name: 'space',
      username: 'a\u0000',
    });
    expect([nul.status, nul.body.error.data.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    // tRPC input is taken as sent: `%00` is three characters there, not an encoded NUL.
    const literal = await trpc('namespaces.removeCollaborator', {
      owner: '%00',
      name: 'space',
      username: 'nul-owner',
    });
    expect([literal.status, literal.body.error.data.error.code]).toEqual([
      404,
      'NAMESPACE_NOT_FOUND',
    ]);
    expect(await collaborators()).toBe(before);
  });

  it('1000 invites granting 40 groups fit in one request', async () => {
    const groups = await Promise.all(
      Array.from(
        { length: 40 },
        async (_, i) =>
          (await admin.post('/groups', { name: `bulk-${i}`, permissions: [] })).body.data.id,
      ),
    );
    const res = await admin.post('/invites', { count: 1000, groups });
    expect(res.status).toBe(201);
    expect(res.body.data).toHaveLength(1000);
    expect(res.body.data[999].groups).toHaveLength(40);
  });

  it('refuses out-of-range user pages and forged cursor dates', async () => {
    for (const query of ['page[number]=0', 'page[size]=0', 'page[size]=999']) {
      expect((await admin.get(`/users?${query}`)).status).toBe(400);
    }
    for (const value of ['2024-02-30T00:00:00Z', '0000-01-01']) {
      const cursor = Buffer.from(
        JSON.stringify(['-createdAt', value, '00000000-0000-4000-8000-000000000000']),
      ).toString('base64url');
      const res = await admin.get(`/invites?page[after]=${cursor}`);
      expect([res.status, res.body.code]).toEqual([400, 'INVALID_CURSOR']);
    }
  });
});

describe('URLs the router cannot decode', () => {
  it.each(['/api/v1/invites/%E0%A4%A', '/api/v1/namespaces/%FF/x'])(
    '%s answers 400 MALFORMED_REQUEST, not a library code',
    async (path) => {
      const res = await fetch(`${server.url}${path}`, {
        headers: { authorization: `Bearer ${server.adminKey}` },
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        code: 'MALFORMED_REQUEST',
        message: 'The URL is not valid (broken percent-encoding)',
      });
    },
  );
});

describe('list semantics with NULLs', () => {
  it('nin keeps rows whose column is empty, and never-expiring invites are not expired', async () => {
    const [forever] = (
      await admin.post('/invites', { expiresIn: 'never', metadata: { tag: 'nulls' } })
    ).body.data;
    const notExpired = await admin.get(
      `/invites?filter[status]=nin:expired&filter[code]=${forever.code}`,
    );
    expect(notExpired.body.total).toBe(1);
    const otherEmail = await admin.get(
      `/invites?filter[email]=nin:z@x.io&filter[code]=${forever.code}`,
    );
    expect(otherEmail.body.total).toBe(1);
    const otherInviter = await admin.get(
      `/invites?filter[inviterId]=nin:00000000-0000-4000-8000-000000000000&filter[code]=${forever.code}`,
    );
    expect(otherInviter.body.total).toBe(1);
  });
});

describe('escalation', () => {
  it('settings:write cannot hand every new user more than its holder has', async () => {
    const { secret } = (
      await admin.post('/api-keys', {
        name: 'settings',
        permissions: ['settings:read', 'settings:write'],
      })
    ).body.data;
    const settingsKey = httpClient(`${server.url}/api/v1`, secret);
    const res = await settingsKey.patch('/settings', { defaultPermissions: ['*'] });
    expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await admin.get('/settings')).body.data.defaultPermissions).toEqual([]);
  });
});

describe('maxUses', () => {
  it('lowered to the uses so far closes the invite', async () => {
    await admin.patch('/settings', { registration: 'invite-only' });
    const [inv] = (await admin.post('/invites', { maxUses: 3 })).body.data;
    const anonymous = httpClient(`${server.url}/api/v1`);
    for (const n of [1, 2]) {
      const res = await anonymous.post('/auth/register', {
        email: `max${n}@h.test`,
        username: `max${n}`,
        password: 'correct horse battery',
        inviteCode: inv.code,
      });
      expect(res.status).toBe(201);
    }
    const patched = await admin.patch(`/invites/${inv.id}`, { maxUses: 2 });
    expect(patched.body.data).toMatchObject({ status: 'accepted', uses: 2, maxUses: 2 });
    const third = await anonymous.post('/auth/register', {
      email: 'max3@h.test',
      username: 'max3',
      password: 'correct horse battery',
      inviteCode: inv.code,
    });
    expect([third.status, third.body.code]).toEqual([410, 'INVITE_USED']);
  });
});

describe('security headers', () => {
  it('sets helmet headers on API answers and errors alike', async () => {
    const paths = [
      '/healthz',
      '/api/v1/invites/nope/validate',
      '/api/v1/openapi.json',
      // Refused before any procedure runs, and on the tRPC paths, the SDK's and the stock one.
      '/api/v1/invites',
      '/api/v1/nothing-here',
      `/trpc/invites.validate?input=${encodeURIComponent(JSON.stringify({ ref: 'nope' }))}`,
      '/trpc/invites.validate?batch=1&input=not-json',
      // Answered by a hook, by the router before any hook runs, and outside the API.
      '/api/v1/invites?unknown=1',
      '/api/v1/invites/%E0%A4%A',
      '/%FF',
      '/docs',
      '/metrics',
      '/i/nope',
    ];
    const others: [string, RequestInit][] = [
      ['/api/v1/me', { method: 'HEAD' }],
      [
        '/api/v1/invites',
        { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } },
      ],
      [
        '/api/v1/invites',
        { method: 'POST', body: '[]', headers: { 'content-type': 'application/json' } },
      ],
    ];
    for (const [path, init] of [
      ...paths.map((path): [string, RequestInit] => [path, {}]),
      ...others,
    ]) {
      const res = await fetch(`${server.url}${path}`, init);
      expect(res.headers.get('x-request-id') ?? '', path).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), path).toContain("img-src 'self' data:");
      expect(res.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('sends HSTS and upgrade-insecure-requests only when PUBLIC_URL is https (R24)', async () => {
    const plain = [server];
    const secure = await startTestServer(inject('databaseServerUrl'), {
      publicUrl: 'https://invites.example.com',
    });
    const lan = await startTestServer(inject('databaseServerUrl'), {
      publicUrl: 'http://guestlist.lan:3000',
    });
    plain.push(lan);
    try {
      for (const path of ['/healthz', '/api/v1/invites/nope/validate', '/i/nope']) {
        for (const { url } of plain) {
          const res = await fetch(`${url}${path}`);
          expect(res.headers.get('strict-transport-security'), path).toBeNull();
          expect(res.headers.get('cross-origin-opener-policy'), path).toBeNull();
          expect(res.headers.get('content-security-policy'), path).not.toContain(
            'upgrade-insecure-requests',
          );
          expect(res.headers.get('content-security-policy'), path).toContain("default-src 'self'");
        }
        const res = await fetch(`${secure.url}${path}`);
        expect(res.headers.get('strict-transport-security'), path).toMatch(/^max-age=[1-9]/);
        expect(res.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
        expect(res.headers.get('content-security-policy'), path).toContain(
          'upgrade-insecure-requests',
        );
      }
    } finally {
      await secure.close();
      await lan.close();
    }
  });
});

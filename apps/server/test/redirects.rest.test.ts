import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, database, fingerprint, inviteCount, server, useRestServer } from './support.ts';

/**
 * Redirects after the invite page (spec §9 Redirects): where an invite may send people, who
 * decides the allowed origins, and what the page is told when it is served. The browser side
 * (the page following the target) is in `apps/web/test/redirects.e2e.test.ts`.
 */

const APP = 'https://app.example';
const OTHER = 'http://other.example:8080';

let webRoot: string;

beforeAll(async () => {
  // The shape of the app's build: enough for the server to write the page's data block.
  webRoot = await mkdtemp(path.join(tmpdir(), 'guestlist-redirect-'));
  await mkdir(path.join(webRoot, 'assets'));
  await writeFile(
    path.join(webRoot, 'index.html'),
    '<!doctype html><html><head><title>Guestlist</title></head><body><div id="root"></div></body></html>',
  );
});
afterAll(async () => {
  if (webRoot) await rm(webRoot, { recursive: true, force: true });
});
useRestServer(() => ({ server: { webRoot } }));
beforeEach(async () => {
  const res = await api.patch('/settings', {
    allowedRedirectOrigins: [APP, OTHER],
    defaultRedirectUrl: null,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
});

/** Sends a request that must be refused, and checks that it wrote nothing at all. */
async function refused(send: () => Promise<{ status: number; body: any }>, code: string) {
  const before = await fingerprint();
  const invites = await inviteCount(server.databaseUrl);
  const res = await send();
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.code).toBe(code);
  expect(await inviteCount(server.databaseUrl)).toBe(invites);
  expect(await fingerprint()).toBe(before);
  return res.body;
}

/** URLs no invite may carry, and why. */
const HOSTILE: [string, string][] = [
  ['an origin not allowed', 'https://evil.example/welcome'],
  ['an allowed host on another scheme', 'http://app.example/welcome'],
  ['an allowed host on another port', 'https://app.example:8443/welcome'],
  ['a lookalike host', 'https://app.example.evil.example/'],
  ['javascript:', 'javascript:alert(document.domain)'],
  ['data:', 'data:text/html,<script>alert(1)</script>'],
  ['credentials', 'https://user:pass@app.example/welcome'],
  ['a user name alone', 'https://evil.example@app.example/'],
  ['protocol-relative', '//evil.example/welcome'],
  ['relative', '/welcome'],
  ['backslashes', 'https:\\\\evil.example\\welcome'],
  ['a tab the parser would drop', 'https://app.example/we\tlcome'],
  ['not a URL', 'not a url'],
];

describe('an invite’s redirectUrl (§4, §9)', () => {
  it('is stored on create, shown, edited and cleared', async () => {
    const created = await api.post('/invites', { redirectUrl: `${APP}/welcome?from=mail#top` });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const [invite] = created.body.data;
    expect(invite.redirectUrl).toBe(`${APP}/welcome?from=mail#top`);
    expect((await api.get(`/invites/${invite.id}`)).body.data.redirectUrl).toBe(
      `${APP}/welcome?from=mail#top`,
    );
    const edited = await api.patch(`/invites/${invite.id}`, { redirectUrl: `${OTHER}/done` });
    expect(edited.status).toBe(200);
    expect(edited.body.data.redirectUrl).toBe(`${OTHER}/done`);
    const put = await api.call('PUT', `/invites/${invite.id}`, { body: { redirectUrl: null } });
    expect(put.status).toBe(200);
    expect(put.body.data.redirectUrl).toBeNull();
    // Send takes it too: an application inviting by email chooses where people land.
    const sent = await api.post('/invites/send', {
      email: ['r1@example.com', 'r2@example.com'],
      redirectUrl: `${APP}/joined`,
    });
    expect(sent.status).toBe(202);
    expect(sent.body.data.map((i: { redirectUrl: string }) => i.redirectUrl)).toEqual([
      `${APP}/joined`,
      `${APP}/joined`,
    ]);
    // Nothing set: null.
    expect((await api.post('/invites', {})).body.data[0].redirectUrl).toBeNull();
  });

  it.each(HOSTILE)(
    'refuses %s on create: 400 INVALID_REDIRECT_URL, nothing written',
    async (_, url) => {
      const body = await refused(
        () => api.post('/invites', { redirectUrl: url }),
        'INVALID_REDIRECT_URL',
      );
      expect(body.fields).toEqual([expect.objectContaining({ path: 'redirectUrl' })]);
    },
  );

  it.each(HOSTILE)(
    'refuses %s on send and on edit, and the invite stays as it was',
    async (_, url) => {
      await refused(
        () => api.post('/invites/send', { email: 'hostile@example.com', redirectUrl: url }),
        'INVALID_REDIRECT_URL',
      );
      const [invite] = (await api.post('/invites', { redirectUrl: `${APP}/a` })).body.data;
      await refused(
        () => api.patch(`/invites/${invite.id}`, { redirectUrl: url, metadata: { x: 1 } }),
        'INVALID_REDIRECT_URL',
      );
      await refused(
        () => api.call('PUT', `/invites/${invite.id}`, { body: { redirectUrl: url } }),
        'INVALID_REDIRECT_URL',
      );
      const now = (await api.get(`/invites/${invite.id}`)).body.data;
      expect(now).toMatchObject({ redirectUrl: `${APP}/a`, metadata: {} });
    },
  );

  it('refuses an over-long URL with the other over-long strings (R19)', async () => {
    const url = `${APP}/${'a'.repeat(2048)}`;
    const body = await refused(
      () => api.post('/invites', { redirectUrl: url }),
      'VALIDATION_FAILED',
    );
    expect(body.fields).toEqual([expect.objectContaining({ path: 'redirectUrl' })]);
  });

  it('refuses every redirect while no origin is allowed (the default)', async () => {
    await api.patch('/settings', { allowedRedirectOrigins: [] });
    await refused(() => api.post('/invites', { redirectUrl: `${APP}/x` }), 'INVALID_REDIRECT_URL');
  });
});

describe('the redirect settings', () => {
  it('normalizes bare origins and keeps each once', async () => {
    const res = await api.patch('/settings', {
      allowedRedirectOrigins: [
        'HTTPS://App.Example:443',
        'https://app.example/',
        'http://[::1]:3001',
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.allowedRedirectOrigins).toEqual([APP, 'http://[::1]:3001']);
    expect((await api.get('/settings')).body.data).toMatchObject({
      allowedRedirectOrigins: [APP, 'http://[::1]:3001'],
      defaultRedirectUrl: null,
    });
  });

  it.each([
    ['a path', 'https://app.example/welcome'],
    ['a query', 'https://app.example?x=1'],
    ['a fragment', 'https://app.example#x'],
    ['credentials', 'https://user@app.example'],
    ['no scheme', 'app.example'],
    ['a wildcard', 'https://*.example'],
    ['javascript:', 'javascript:alert(1)'],
    ['ftp', 'ftp://app.example'],
    ['protocol-relative', '//app.example'],
    ['"null"', 'null'],
  ])('refuses an origin with %s', async (_, origin) => {
    const body = await refused(
      () => api.patch('/settings', { allowedRedirectOrigins: [APP, origin] }),
      'INVALID_REDIRECT_URL',
    );
    expect(body.fields).toEqual([expect.objectContaining({ path: 'allowedRedirectOrigins.1' })]);
  });

  it('bounds the list', async () => {
    const many = Array.from({ length: 21 }, (_, i) => `https://a${i}.example`);
    await refused(
      () => api.patch('/settings', { allowedRedirectOrigins: many }),
      'VALIDATION_FAILED',
    );
    const twenty = await api.patch('/settings', { allowedRedirectOrigins: many.slice(0, 20) });
    expect(twenty.status).toBe(200);
  });

  it('keeps the default within the allowed origins, as they are and as they will be', async () => {
    await refused(
      () => api.patch('/settings', { defaultRedirectUrl: 'https://evil.example/' }),
      'INVALID_REDIRECT_URL',
    );
    await refused(
      () => api.patch('/settings', { defaultRedirectUrl: 'javascript:alert(1)' }),
      'INVALID_REDIRECT_URL',
    );
    await refused(
      () =>
        api.patch('/settings', {
          allowedRedirectOrigins: [OTHER],
          defaultRedirectUrl: `${APP}/home`,
        }),
      'INVALID_REDIRECT_URL',
    );
    const set = await api.patch('/settings', { defaultRedirectUrl: `${APP}/home` });
    expect(set.status).toBe(200);
    expect(set.body.data.defaultRedirectUrl).toBe(`${APP}/home`);
    // Removing the default's origin alone would leave a default nothing may follow.
    await refused(
      () => api.patch('/settings', { allowedRedirectOrigins: [OTHER] }),
      'INVALID_REDIRECT_URL',
    );
    const both = await api.patch('/settings', {
      allowedRedirectOrigins: [OTHER],
      defaultRedirectUrl: null,
    });
    expect(both.status).toBe(200);
    expect(both.body.data).toMatchObject({
      allowedRedirectOrigins: [OTHER],
      defaultRedirectUrl: null,
    });
  });
});

/** The data block the invite page starts from. */
async function pageData(code: string) {
  const html = await (await fetch(`${server.url}/i/${code}`)).text();
  const block = html.match(/<script type="application\/json" id="invite-data">([^<]*)<\/script>/);
  expect(block, html).not.toBeNull();
  return JSON.parse(block![1]!);
}

describe('what the invite page is told (§9)', () => {
  it('the invite’s URL with its id and each outcome, params replaced, never the code', async () => {
    const [invite] = (
      await api.post('/invites', { redirectUrl: `${APP}/done?invite=forged&status=x&keep=1#end` })
    ).body.data;
    const { invite: page } = await pageData(invite.code);
    expect(page.redirect).toEqual({
      accepted: `${APP}/done?invite=${invite.id}&status=accepted&keep=1#end`,
      declined: `${APP}/done?invite=${invite.id}&status=declined&keep=1#end`,
    });
    expect(JSON.stringify(page.redirect)).not.toContain(invite.code);
  });

  it('the default when the invite has none; nothing when neither is set', async () => {
    const [invite] = (await api.post('/invites', {})).body.data;
    expect((await pageData(invite.code)).invite.redirect).toBeNull();
    await api.patch('/settings', { defaultRedirectUrl: `${OTHER}/start` });
    expect((await pageData(invite.code)).invite.redirect?.accepted).toBe(
      `${OTHER}/start?invite=${invite.id}&status=accepted`,
    );
  });

  it('an origin removed after the invite was made is not followed: the default, else nothing', async () => {
    const [invite] = (await api.post('/invites', { redirectUrl: `${APP}/welcome` })).body.data;
    await api.patch('/settings', { defaultRedirectUrl: `${OTHER}/start` });
    await api.patch('/settings', { allowedRedirectOrigins: [OTHER] });
    expect((await pageData(invite.code)).invite.redirect?.declined).toBe(
      `${OTHER}/start?invite=${invite.id}&status=declined`,
    );
    await api.patch('/settings', { allowedRedirectOrigins: [], defaultRedirectUrl: null });
    expect((await pageData(invite.code)).invite.redirect).toBeNull();
    // The invite still says what it was given; it is only not followed.
    expect((await api.get(`/invites/${invite.id}`)).body.data.redirectUrl).toBe(`${APP}/welcome`);
  });

  it('a default stored before its origin left is not followed either', async () => {
    const [invite] = (await api.post('/invites', {})).body.data;
    await api.patch('/settings', { defaultRedirectUrl: `${APP}/home` });
    // As if an older release, or a hand in the database, had left the default behind.
    await database.query(`update settings set allowed_redirect_origins = '{}'`);
    expect((await pageData(invite.code)).invite.redirect).toBeNull();
  });
});

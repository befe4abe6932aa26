import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';

/**
 * `/i/{code}` as the browser app's build serves it: the server writes the invite into the
 * app's page. The page here has the shape of a Vite build (a head with its script and styles,
 * an empty root), so the test needs no build of its own.
 */
const TEMPLATE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>Guestlist</title>
    <script type="module" crossorigin src="/assets/index-abc123.js"></script>
    <link rel="stylesheet" crossorigin href="/assets/index-abc123.css">
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

/** Text that `String.replace` reads as patterns when it is the replacement string. */
const TRICKY = "Ada $` and $' and $& and $1 and $$ </script><script>alert(1)</script>";

let server: TestServer;
let webRoot: string;
let admin: ReturnType<typeof httpClient>;

beforeAll(async () => {
  webRoot = await mkdtemp(path.join(tmpdir(), 'guestlist-page-'));
  await mkdir(path.join(webRoot, 'assets'));
  await writeFile(path.join(webRoot, 'index.html'), TEMPLATE);
  server = await startTestServer(inject('databaseServerUrl'), { server: { webRoot } });
  admin = httpClient(`${server.url}/api/v1`, server.adminKey);
});
afterAll(async () => {
  await server?.close();
  if (webRoot) await rm(webRoot, { recursive: true, force: true });
});

/** The page, and the data block the app starts from, parsed back. */
async function openPage(ref: string) {
  const res = await fetch(`${server.url}/i/${ref}`);
  const html = await res.text();
  const blocks = [
    ...html.matchAll(/<script type="application\/json" id="invite-data">([^<]*)<\/script>/g),
  ];
  expect(blocks, html).toHaveLength(1);
  return { status: res.status, html, data: JSON.parse(blocks[0]![1]!) };
}

let serial = 0;
async function userNamed(name: string): Promise<string> {
  serial += 1;
  const [invite] = (await admin.post('/invites', {})).body.data;
  const res = await admin.post(
    '/auth/register',
    {
      email: `page${serial}@example.com`,
      username: `page${serial}`,
      password: 'correct horse battery',
      name,
      inviteCode: invite.code,
    },
    { token: null },
  );
  expect(res.status).toBe(201);
  return res.body.data.user.id;
}

describe('the invite page', () => {
  it("keeps the user's text whole: $-patterns and </script> neither splice nor close anything", async () => {
    const inviterId = await userNamed(TRICKY);
    const group = await admin.post('/groups', { name: TRICKY, permissions: [] });
    expect(group.status).toBe(201);
    const created = await admin.post('/invites', {
      inviterId,
      groups: [group.body.data.id],
      metadata: { note: TRICKY },
    });
    expect(created.status).toBe(201);
    const { status, html, data } = await openPage(created.body.data[0].code);
    expect(status).toBe(200);
    expect(data.invite.inviter).toEqual({ name: TRICKY });
    expect(data.invite.groups).toEqual([{ name: TRICKY }]);
    // The template's parts each appear once, where they belong.
    expect(html.match(/<head>/g)).toHaveLength(1);
    expect(html.match(/<div id="root">/g)).toHaveLength(1);
    expect(html.match(/index-abc123\.js/g)).toHaveLength(1);
    expect(html.indexOf('<title>')).toBeLessThan(html.indexOf('</head>'));
    expect(html).toMatch(/<title>You&#39;re invited · Guestlist<\/title>/);
    expect(html.match(/<script>alert/g)).toBeNull();
    // The visible text, escaped, says who invited.
    expect(html).toContain(
      'Ada $` and $&#39; and $&amp; and $1 and $$ &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; invited you',
    );
  });

  it('by code shows the whole bound address and the grants; by id, nothing (R9a)', async () => {
    const group = await admin.post('/groups', { name: 'page-readers', permissions: [] });
    const created = await admin.post('/invites', {
      email: 'grace.hopper@example.com',
      notify: false,
      permissions: ['invite:read'],
      groups: [group.body.data.id],
    });
    expect(created.status).toBe(201);
    const { id, code } = created.body.data[0];

    const byCode = await openPage(code);
    expect(byCode.status).toBe(200);
    expect(byCode.data.invite).toMatchObject({
      email: 'grace.hopper@example.com',
      boundTo: 'email',
      permissions: ['invite:read'],
      groups: [{ name: 'page-readers' }],
    });

    // By id, the invite exists only for whoever may read it (R9a): not for the page's visitor,
    // who carries no credentials, as validate by id says to a stranger.
    const validated = await admin.get(`/invites/${id}/validate`, { token: null });
    expect(validated.status).toBe(404);
    const byId = await openPage(id);
    expect(byId.status).toBe(404);
    expect(byId.html).not.toContain('grace.hopper');
    expect(byId.html).not.toContain('page-readers');
    expect(byId.html).not.toContain('invite:read');
  });
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { query } from '@guestlist/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';

/** The pages the server renders carry the branding and speak the reader's language (spec §11). */
const TEMPLATE = `<!doctype html>
<html lang="en">
  <head><title>Guestlist</title></head>
  <body><div id="root"></div></body>
</html>
`;

let server: TestServer;
let webRoot: string;
let admin: ReturnType<typeof httpClient>;

beforeAll(async () => {
  webRoot = await mkdtemp(path.join(tmpdir(), 'guestlist-branded-'));
  await mkdir(path.join(webRoot, 'assets'));
  await writeFile(path.join(webRoot, 'index.html'), TEMPLATE);
  server = await startTestServer(inject('databaseServerUrl'), { server: { webRoot } });
  admin = httpClient(`${server.url}/api/v1`, server.adminKey);
});
afterAll(async () => {
  await server?.close();
  if (webRoot) await rm(webRoot, { recursive: true, force: true });
});
beforeEach(async () => {
  const reset = { productName: 'Guestlist', logoUrl: null, defaultLocale: 'en' };
  expect((await admin.patch('/settings', reset)).status).toBe(200);
});

const imgSrc = (res: Response) =>
  /(?:^|;)img-src ([^;]*)/.exec(res.headers.get('content-security-policy') ?? '')?.[1];

function branding(html: string) {
  const block = /<script type="application\/json" id="branding">([^<]*)<\/script>/.exec(html);
  expect(block, html).not.toBeNull();
  return JSON.parse(block![1]!);
}

describe('branded pages (spec §11)', () => {
  it("puts the branding in every page and lets exactly the logo's origin load images", async () => {
    const patch = {
      productName: 'Acme <b>Club</b>',
      logoUrl: 'https://cdn.acme.test/logo.png',
      accentColor: '#aa3300',
      permissionLabels: { 'invite:read': 'See invitations' },
    };
    expect((await admin.patch('/settings', patch)).status).toBe(200);
    const [invite] = (await admin.post('/invites', {})).body.data;
    for (const url of ['/console', '/verify-email', `/i/${invite.code}`]) {
      const res = await fetch(`${server.url}${url}`);
      const html = await res.text();
      expect(imgSrc(res), url).toBe("'self' data: https://cdn.acme.test");
      expect(branding(html)).toEqual({ ...patch, defaultLocale: 'en' });
      // The name is text in the title, never markup.
      expect(html).toContain('· Acme &lt;b&gt;Club&lt;/b&gt;</title>');
    }
    // The API's answers keep the narrow policy: only pages show the logo.
    expect(imgSrc(await fetch(`${server.url}/api/v1/invites/${invite.code}/validate`))).toBe(
      "'self' data:",
    );
  });

  it('allows no other origin, and none at all without a logo', async () => {
    expect(imgSrc(await fetch(`${server.url}/console`))).toBe("'self' data:");
    await admin.patch('/settings', { logoUrl: 'https://a.test:8443/x.svg' });
    const policy = imgSrc(await fetch(`${server.url}/console`));
    expect(policy).toBe("'self' data: https://a.test:8443");
    expect(policy).not.toContain('https://b.test');
  });

  it('never lets a logo URL write into the policy', async () => {
    // A host may hold a `;` the URL parser keeps: naming it would start another directive.
    // Settings refuse such a logo now; one stored by an earlier release must not reach the
    // policy either, so it is written past the API.
    await query(server.databaseUrl, 'update settings set logo_url = $1', [
      'https://a;script-src*.test/x.png',
    ]);
    const page = await fetch(`${server.url}/console`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(imgSrc(page)).toBe("'self' data:");
    expect(csp).not.toContain('script-src*');
  });

  it("speaks the invite's language, else the browser's, else the default", async () => {
    const [german] = (await admin.post('/invites', { locale: 'de' })).body.data;
    const [plain] = (await admin.post('/invites', {})).body.data;
    const open = async (code: string, acceptLanguage?: string) => {
      const headers = acceptLanguage ? { 'accept-language': acceptLanguage } : undefined;
      return (await fetch(`${server.url}/i/${code}`, { headers })).text();
    };
    const de = await open(german.code, 'fr-FR,fr;q=0.9');
    expect(de).toContain('<html lang="de">');
    expect(de).toContain('<h1>Sie sind eingeladen</h1>');
    const fr = await open(plain.code, 'fr-CH,fr;q=0.9,en;q=0.5');
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('Vous êtes invité');
    await admin.patch('/settings', { defaultLocale: 'es' });
    const es = await open(plain.code);
    expect(es).toContain('<html lang="es">');
    expect(es).toContain('Tienes una invitación');
    const refused = await open('no-such-code', 'de');
    expect(refused).toContain('Einladung nicht gefunden');
  });
});

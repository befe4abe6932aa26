import { describe, expect, it } from 'vitest';
import { api, fingerprint, server, useRestServer } from './support.ts';

/** The branding settings (spec §11): defaults, what is stored, and hostile values refused. */

useRestServer();

describe('branding settings (spec §11)', () => {
  it('starts as Guestlist, in English, with no logo', async () => {
    const res = await api.get('/settings');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      productName: 'Guestlist',
      logoUrl: null,
      accentColor: '#1f883d',
      supportEmail: null,
      permissionLabels: {},
      defaultLocale: 'en',
    });
  });

  it('stores what a patch sets, and leaves the rest', async () => {
    const res = await api.patch('/settings', {
      productName: '<script>alert(1)</script> Acme',
      logoUrl: 'https://acme.example/logo.png',
      accentColor: '#0969DA',
      supportEmail: 'help@acme.example',
      permissionLabels: { 'invite:read': 'see every invitation', 'billing:*': 'handle billing' },
      defaultLocale: 'de',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({
      // Stored as text: escaping is the renderer's job, where it knows the context.
      productName: '<script>alert(1)</script> Acme',
      logoUrl: 'https://acme.example/logo.png',
      accentColor: '#0969da',
      supportEmail: 'help@acme.example',
      permissionLabels: { 'invite:read': 'see every invitation', 'billing:*': 'handle billing' },
      defaultLocale: 'de',
      registration: 'invite-only',
    });
    const cleared = await api.patch('/settings', { logoUrl: null, supportEmail: null });
    expect(cleared.body.data).toMatchObject({ logoUrl: null, supportEmail: null });
    expect(cleared.body.data.productName).toBe('<script>alert(1)</script> Acme');
  });

  const hostile: [string, Record<string, unknown>, string][] = [
    ['a javascript: logo', { logoUrl: 'javascript:alert(1)' }, 'logoUrl'],
    ['a data: logo', { logoUrl: 'data:image/svg+xml,<svg onload=alert(1)>' }, 'logoUrl'],
    ['an http logo', { logoUrl: 'http://acme.example/logo.png' }, 'logoUrl'],
    // A URL's host may hold `;`, which would end a CSP directive where the page names the origin.
    ['a logo host with CSP in it', { logoUrl: 'https://a;script-src*.test/x.png' }, 'logoUrl'],
    ['a logo with credentials', { logoUrl: 'https://u:p@acme.example/l.png' }, 'logoUrl'],
    ['an overlong logo', { logoUrl: `https://acme.example/${'a'.repeat(2048)}` }, 'logoUrl'],
    ['CSS in the colour', { accentColor: '#fff;background:url(x)' }, 'accentColor'],
    ['a short colour', { accentColor: '#fff' }, 'accentColor'],
    ['a named colour', { accentColor: 'red' }, 'accentColor'],
    ['a header in the name', { productName: 'Acme\r\nBcc: x@evil.example' }, 'productName'],
    ['an empty name', { productName: '' }, 'productName'],
    ['a support address that is not one', { supportEmail: 'help' }, 'supportEmail'],
    ['a label for no permission', { permissionLabels: { 'not a permission': 'x' } }, ''],
    ['an overlong label', { permissionLabels: { 'invite:read': 'x'.repeat(121) } }, ''],
    ['a label with a newline', { permissionLabels: { 'invite:read': 'a\nb' } }, ''],
    [
      'too many labels',
      {
        permissionLabels: Object.fromEntries(
          Array.from({ length: 101 }, (_, i) => [`app:p${i}`, 'x']),
        ),
      },
      'permissionLabels',
    ],
    ['an unknown locale', { defaultLocale: 'it' }, 'defaultLocale'],
  ];
  for (const [what, patch, field] of hostile) {
    it(`refuses ${what} with 400 VALIDATION_FAILED, writing nothing`, async () => {
      const before = await fingerprint();
      const res = await api.patch('/settings', patch);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(
        res.body.fields.some((f: { path: string }) => f.path.startsWith(field)),
        JSON.stringify(res.body.fields),
      ).toBe(true);
      expect(await fingerprint()).toBe(before);
    });
  }
});

describe('the same rules in core, whatever the transport', () => {
  it('refuses hostile branding at the use case too', async () => {
    const principal = await server.guestlist.authenticate(server.adminKey);
    const actor = { principal, ip: '127.0.0.1' } as Parameters<
      typeof server.guestlist.settings.update
    >[0];
    for (const patch of [
      { logoUrl: 'javascript:alert(1)' },
      { accentColor: '#fff;background:url(x)' },
      { productName: 'a\u0000b' },
      { permissionLabels: { 'invite:read': 'a\u2028b' } },
    ]) {
      await expect(server.guestlist.settings.update(actor, patch)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
  });
});

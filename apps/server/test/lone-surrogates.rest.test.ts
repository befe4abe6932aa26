import { describe, expect, it } from 'vitest';
import { api, fingerprint, useRestServer } from './support.ts';

/**
 * A string that is not well-formed Unicode (a lone UTF-16 surrogate, `"\ud800"` in JSON) is
 * bad input (R19): PostgreSQL's jsonb refuses it (a 500 for the branding settings and invite
 * metadata) and its text stores U+FFFD in its place (a template saved other than sent).
 */

useRestServer();

const problem = 'contains a lone surrogate (not well-formed Unicode)';

describe('a lone surrogate anywhere in the input (R19)', () => {
  const cases: [string, string, string, string][] = [
    ['PATCH', '/settings', '{"productName":"Acme \\ud800"}', 'productName'],
    [
      'PATCH',
      '/settings',
      '{"permissionLabels":{"invite:read":"see \\udfff"}}',
      'permissionLabels.invite:read',
    ],
    ['PUT', '/templates/invite/en', '{"subject":"Hi \\ud83d","text":"b","html":"c"}', 'subject'],
    ['POST', '/templates/invite/en/preview', '{"text":"\\udc00 {{ link }}"}', 'text'],
    ['POST', '/invites', '{"metadata":{"note":"\\ud800"}}', 'metadata.note'],
    ['POST', '/invites', '{"metadata":{"\\ud800":"key"}}', 'metadata'],
  ];
  for (const [method, path, raw, field] of cases) {
    it(`answers 400 VALIDATION_FAILED and writes nothing: ${method} ${path} ${raw}`, async () => {
      const before = await fingerprint();
      const res = await api.call(method, path, {
        raw,
        headers: { 'content-type': 'application/json' },
      });
      expect([res.status, res.body.code, res.body.fields], JSON.stringify(res.body)).toEqual([
        400,
        'VALIDATION_FAILED',
        [{ path: field, message: problem }],
      ]);
      expect(await fingerprint()).toBe(before);
    });
  }

  it('still takes a well-formed pair, an emoji, in every one of them', async () => {
    const name = await api.call('PATCH', '/settings', {
      raw: '{"productName":"Acme \\ud83d\\ude00"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(name.status, JSON.stringify(name.body)).toBe(200);
    expect(name.body.data.productName).toBe('Acme 😀');
    const template = await api.put('/templates/invite/en', {
      subject: 'Hi 😀',
      text: '{{ link }}',
      html: '<p>😀</p>',
    });
    expect(template.status).toBe(200);
    expect(template.body.data.subject).toBe('Hi 😀');
    await api.patch('/settings', { productName: 'Guestlist' });
    await api.delete('/templates/invite/en');
  });
});

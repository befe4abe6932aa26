import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, fingerprint, useRestServer } from './support.ts';

/** Email templates (spec §11): saved, read, deleted, previewed, and kept in their sandbox. */

const SECRET_ENV = 'GUESTLIST_TEMPLATE_PROBE';
const SECRET_VALUE = 'env-value-that-must-not-leak-7f3a';

beforeAll(() => {
  process.env[SECRET_ENV] = SECRET_VALUE;
});
afterAll(() => {
  delete process.env[SECRET_ENV];
});
useRestServer();

const body = (over: Partial<Record<'subject' | 'text' | 'html', string>> = {}) => ({
  subject: 'Join {{ product.name }}',
  text: 'Hi,\n{{ inviter.name }} invited you: {{ link }}\n',
  html: '<p>{{ inviter.name }} invited you.</p>',
  ...over,
});

describe('templates (spec §11)', () => {
  it('answers the built-in template while none is saved, for every kind and locale', async () => {
    for (const kind of ['invite', 'namespace-invite', 'verify-email', 'password-reset']) {
      for (const locale of ['en', 'de', 'fr', 'es']) {
        const res = await api.get(`/templates/${kind}/${locale}`);
        expect(res.status, `${kind} ${locale}`).toBe(200);
        expect(res.body.data).toMatchObject({ kind, locale, builtIn: true, updatedAt: null });
        expect(res.body.data.text).toContain('{{ link }}');
      }
    }
    const de = await api.get('/templates/invite/de');
    expect(de.body.data.text).toContain('Einladung annehmen');
  });

  it('saves one, answers it, and returns to the built-in one on DELETE', async () => {
    const saved = await api.put('/templates/invite/en', body());
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.data).toMatchObject({ ...body(), builtIn: false });
    expect((await api.get('/templates/invite/en')).body.data).toMatchObject(body());
    // Other locales keep their own.
    expect((await api.get('/templates/invite/de')).body.data.builtIn).toBe(true);
    const deleted = await api.delete('/templates/invite/en');
    expect(deleted.status).toBe(200);
    expect(deleted.body.data.builtIn).toBe(true);
    expect((await api.get('/templates/invite/en')).body.data.builtIn).toBe(true);
  });

  it('previews a body given, with sample values escaped in the HTML', async () => {
    await api.patch('/settings', { productName: 'Acme <b>Beta</b>' });
    const res = await api.post(
      '/templates/invite/en/preview',
      body({ html: '<p>{{ inviter.name }} invited you.</p><p>{{ product.name }}</p>' }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.subject).toBe('Join Acme <b>Beta</b>');
    expect(res.body.data.text).toBe(
      'Hi,\nAda Lovelace (@ada) invited you: https://guestlist.example/i/SAMPLE-CODE\n',
    );
    expect(res.body.data.html).toContain('<p>Ada Lovelace (@ada) invited you.</p>');
    expect(res.body.data.html).toContain('<p>Acme &lt;b&gt;Beta&lt;/b&gt;</p>');
    expect(res.body.data.html).not.toContain('<b>Beta');
    await api.patch('/settings', { productName: 'Guestlist' });
  });

  it("previews the grants with the operator's words, as the real email shows them", async () => {
    await api.patch('/settings', { permissionLabels: { 'invite:read': 'See invitations' } });
    const res = await api.post(
      '/templates/invite/en/preview',
      body({ text: "{{ grants | join: ', ' }}\n" }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.text).toBe('See invitations\n');
    await api.patch('/settings', { permissionLabels: {} });
  });

  it('previews the built-in one without a body', async () => {
    const res = await api.post('/templates/password-reset/fr/preview', {});
    expect(res.status).toBe(200);
    expect(res.body.data.subject).toBe('Réinitialisez votre mot de passe Guestlist');
    expect(res.body.data.html).toMatch(/^<!doctype html>\n<html lang="fr">/);
  });

  it('answers INVALID_TEMPLATE with the line and column of the error', async () => {
    const before = await fingerprint();
    const res = await api.put(
      '/templates/invite/en',
      body({ text: 'Hi,\nfine line\nthen {{ link | no_such_filter }}\n' }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.code).toBe('INVALID_TEMPLATE');
    expect(res.body.fields).toEqual([
      expect.objectContaining({ path: 'text', line: 3, column: 6 }),
    ]);
    const unclosed = await api.put(
      '/templates/invite/en',
      body({ html: '<p>a</p>\n<p>b</p>\n  {% if inviter.isTeam %}never closed' }),
    );
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.fields[0]).toMatchObject({ path: 'html', line: 3, column: 3 });
    expect(await fingerprint()).toBe(before);
  });

  it('refuses a subject or body over its size with 400', async () => {
    for (const over of [
      { subject: 'x'.repeat(201) },
      { text: 'x'.repeat(100_001) },
      { html: 'x'.repeat(100_001) },
    ]) {
      const res = await api.put('/templates/invite/en', body(over));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('the sandbox (spec §11)', () => {
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!;
  const leaks = (text: string) =>
    text.includes(SECRET_VALUE) ||
    text.includes(passwd) ||
    text.includes(process.cwd()) ||
    text.includes('devDependencies') ||
    /function |\[native code\]|process\.|node:/.test(text);

  const attempts = [
    '{{ process }}',
    '{{ process.env }}',
    `{{ process.env.${SECRET_ENV} }}`,
    '{{ constructor }}',
    '{{ invite.constructor.constructor }}',
    "{{ invite.constructor.constructor('return process')() }}",
    '{{ product.__proto__ }}',
    "{% include '/etc/passwd' %}",
    "{% render 'x' %}",
    "{% layout 'x' %}",
    '{% include "../../../../etc/passwd" %}',
    // A file the engine's default root (the working directory) would find: nothing may read it.
    "{% include 'package.json' %}",
    "{% render 'package.json' %}",
    "{% layout 'package.json' %}x",
    '{% render "/etc/passwd" %}',
    '{{ "/etc/passwd" }}',
    '{{ link | raw }}',
  ];
  for (const attempt of attempts) {
    it(`refuses or renders nothing of the server's: ${attempt}`, async () => {
      for (const part of ['text', 'html'] as const) {
        const res = await api.put('/templates/invite/en', body({ [part]: attempt }));
        const preview = await api.post('/templates/invite/en/preview', body({ [part]: attempt }));
        for (const answer of [res, preview]) {
          expect(leaks(JSON.stringify(answer.body)), JSON.stringify(answer.body)).toBe(false);
          if (answer.status !== 200) {
            expect(answer.status).toBe(400);
            expect(answer.body.code).toBe('INVALID_TEMPLATE');
          }
        }
        expect([200, 400]).toContain(res.status);
      }
      await api.delete('/templates/invite/en');
    });
  }

  it('refuses every attempt to reach a variable of the server', async () => {
    for (const attempt of attempts.slice(0, 10)) {
      const res = await api.put('/templates/invite/en', body({ text: attempt }));
      expect(res.status, attempt).toBe(400);
      expect(res.body.code).toBe('INVALID_TEMPLATE');
    }
  });

  it('stops a huge loop with 400, in bounded time', async () => {
    for (const loop of [
      '{% for i in (1..100000000) %}{{ i }}{% endfor %}',
      '{% assign s = "xxxxxxxxxx" %}{% for i in (1..64) %}{% assign s = s | append: s %}{% endfor %}{{ s }}',
      '{% for i in (1..100000) %}{% for j in (1..100000) %}x{% endfor %}{% endfor %}',
    ]) {
      const started = Date.now();
      const res = await api.put('/templates/invite/en', body({ text: loop }));
      expect(res.status, loop).toBe(400);
      expect(res.body.code).toBe('INVALID_TEMPLATE');
      const preview = await api.post('/templates/invite/en/preview', body({ text: loop }));
      expect(preview.status).toBe(400);
      expect(Date.now() - started).toBeLessThan(5_000);
    }
  });
});

import { startWorker, type Worker } from '@guestlist/worker';
import { type ReceivedEmail, TestSmtpServer, waitFor } from '@guestlist/worker/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';

/**
 * Emails in the person's language, from the operator's templates (spec §11), through the
 * worker and a real SMTP server.
 */

let server: TestServer;
let smtp: TestSmtpServer;
let worker: Worker;
let api: ReturnType<typeof httpClient>;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  smtp = await TestSmtpServer.start();
  worker = await startWorker({
    guestlist: server.guestlist,
    logger: pino({ level: 'silent' }),
    mail: {
      smtpUrl: smtp.url,
      from: 'Guestlist <invites@guestlist.test>',
      mailDir: '/nonexistent',
    },
    pollingIntervalSeconds: 0.5,
    sweepIntervalSeconds: 3600,
  });
  api = httpClient(`${server.url}/api/v1`, server.adminKey);
});
afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
  await server?.close();
});

async function emailTo(address: string): Promise<ReceivedEmail> {
  return waitFor(() => smtp.received.find((m) => m.to[0] === address) ?? false);
}

const EXPIRES = '2031-03-07T09:05:00.000Z';

describe('invite emails in each locale (spec §11)', () => {
  const expected = {
    en: {
      words: ['If you were not expecting this invitation', 'has invited you'],
      date: '7 March 2031 at 09:05 UTC',
    },
    de: { words: ['Einladung annehmen', 'hat dich eingeladen'], date: '7. März 2031 um 09:05 UTC' },
    fr: { words: ['Accepter l’invitation', 'vous invite'], date: '7 mars 2031 à 09:05 UTC' },
    es: {
      words: ['Aceptar la invitación', 'te ha invitado'],
      date: '7 de marzo de 2031 a las 09:05 UTC',
    },
  } as const;
  for (const [locale, { words, date }] of Object.entries(expected)) {
    it(`writes ${locale}: its words, and the date as ${locale} writes it`, async () => {
      const address = `reader-${locale}@example.com`;
      const res = await api.post('/invites/send', { email: address, locale, expiresAt: EXPIRES });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      const email = await emailTo(address);
      for (const body of [email.text, email.html]) {
        for (const word of words) expect(body).toContain(word);
        expect(body).toContain(date);
      }
      expect(email.html).toContain(`<html lang="${locale}">`);
      for (const [other, { date: otherDate }] of Object.entries(expected)) {
        if (other !== locale) expect(email.text).not.toContain(otherDate);
      }
    });
  }

  it('uses defaultLocale for an invite without a locale', async () => {
    await api.patch('/settings', { defaultLocale: 'fr' });
    try {
      await api.post('/invites/send', { email: 'default@example.com', expiresAt: EXPIRES });
      const email = await emailTo('default@example.com');
      expect(email.subject).toBe('Vous êtes invité sur Guestlist');
      expect(email.text).toContain(expected.fr.date);
    } finally {
      await api.patch('/settings', { defaultLocale: 'en' });
    }
  });
});

describe('a custom template (spec §11)', () => {
  it('arrives as written, with the product name and a permission label; DELETE returns to the built-in', async () => {
    const settings = await api.patch('/settings', {
      productName: 'Acme Beta',
      permissionLabels: { 'reports:read': 'read the quarterly reports' },
    });
    expect(settings.status).toBe(200);
    const put = await api.put('/templates/invite/de', {
      subject: 'Willkommen bei {{ product.name }}',
      text: 'Hallo!\n{{ product.name }}: {{ grants | join: " + " }}\n{{ link }}\n',
      html: '<p class="custom">{{ product.name }} – {{ grants | first }}</p>',
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const sent = await api.post('/invites/send', {
      email: 'custom@example.com',
      locale: 'de',
      permissions: ['reports:read', 'reports:export'],
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const url = sent.body.data[0].url;
    const email = await emailTo('custom@example.com');
    expect(email.subject).toBe('Willkommen bei Acme Beta');
    // The MIME encoding ends the part with one more line break: the text is otherwise exact.
    expect(email.text.replace(/\n$/, '')).toBe(
      `Hallo!\nAcme Beta: read the quarterly reports + reports:export\n${url}\n`,
    );
    expect(email.html).toContain('<p class="custom">Acme Beta – read the quarterly reports</p>');

    const deleted = await api.delete('/templates/invite/de');
    expect(deleted.body.data.builtIn).toBe(true);
    await api.post('/invites/send', { email: 'builtin@example.com', locale: 'de' });
    const builtin = await emailTo('builtin@example.com');
    expect(builtin.subject).toBe('Du bist zu Acme Beta eingeladen');
    expect(builtin.text).toContain('Einladung annehmen:');
    await api.patch('/settings', { productName: 'Guestlist', permissionLabels: {} });
  });

  it('escapes a script in the product name in the HTML email, and keeps it as text', async () => {
    await api.patch('/settings', { productName: '<script>alert(1)</script>' });
    try {
      await api.post('/invites/send', { email: 'escaped@example.com' });
      const email = await emailTo('escaped@example.com');
      expect(email.html).not.toContain('<script>');
      expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(email.subject).toBe('You are invited to <script>alert(1)</script>');
    } finally {
      await api.patch('/settings', { productName: 'Guestlist' });
    }
  });
});

describe('account emails in the browser language (spec §11)', () => {
  it('writes a reset email in the language of the request that asked for it', async () => {
    await api.patch('/settings', { registration: 'open' });
    const reg = await api.post(
      '/auth/register',
      { email: 'lena@example.com', username: 'lena', password: 'correct horse battery' },
      { token: null, headers: { 'accept-language': 'de-AT,de;q=0.9,en;q=0.1' } },
    );
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const verify = await emailTo('lena@example.com');
    expect(verify.subject).toBe('Bestätige deine E-Mail-Adresse für Guestlist');
  });
});

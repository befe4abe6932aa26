import { type EmailDraft, escapeHtml, renderBuiltin, type SettingsView } from '@guestlist/core';
import { describe, expect, it } from 'vitest';
import { renderAccountEmail, renderInviteEmail } from './render.ts';

const settings: SettingsView = {
  invitesEnabled: true,
  registration: 'invite-only',
  defaultInviteTtl: '7d',
  codeFormat: 'token',
  codePrefix: '',
  defaultPermissions: [],
  allowedRedirectOrigins: [],
  defaultRedirectUrl: null,
  productName: 'Guestlist',
  logoUrl: null,
  accentColor: '#1f883d',
  supportEmail: null,
  permissionLabels: {},
  defaultLocale: 'en',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

const base: EmailDraft = {
  inviteId: '00000000-0000-4000-8000-000000000001',
  to: 'grace@example.com',
  addressedTo: 'email',
  link: 'https://guestlist.example/i/AbC123',
  inviter: { name: 'Ada Lovelace', username: 'ada' },
  type: 'namespace',
  namespace: { path: 'acme/web' },
  role: 'member',
  permissions: [],
  groups: [],
  expiresAt: new Date('2026-11-29T14:05:00Z'),
  locale: null,
};

const invite = (draft: Partial<EmailDraft> = {}, over: Partial<SettingsView> = {}) =>
  renderInviteEmail(renderBuiltin, { ...base, ...draft }, { ...settings, ...over });

describe('invite emails from the built-in templates (spec R16, §11)', () => {
  it('renders a namespace invite from a user', async () => {
    const { subject, text, html } = await invite();
    expect(subject).toBe('Ada Lovelace (@ada) invited you to join acme/web');
    for (const body of [text, html]) {
      expect(body).toContain('Ada Lovelace (@ada) has invited you to join acme/web on Guestlist');
      expect(body).toContain('as a member');
      expect(body).toContain('This invitation expires on 29 November 2026 at 14:05 UTC.');
      expect(body).toContain(
        'If you were not expecting this invitation, you can ignore this email.',
      );
    }
    expect(text.split('\n')).toContain('https://guestlist.example/i/AbC123');
    expect(html).toContain('href="https://guestlist.example/i/AbC123"');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
  });

  it('renders an account invite sent with an API key, with labels for permissions', async () => {
    const { subject, text, html } = await invite(
      {
        inviter: null,
        type: 'account',
        namespace: null,
        role: null,
        groups: [{ name: 'Engineering' }, { name: 'Support' }],
        permissions: ['billing:read', 'members:write'],
      },
      { productName: 'Partyline', permissionLabels: { 'billing:read': 'see the invoices' } },
    );
    expect(subject).toBe('You are invited to Partyline');
    for (const body of [text, html]) {
      expect(body).toContain('The Partyline team has invited you');
      expect(body).toContain('Engineering, Support');
      expect(body).toContain('see the invoices, members:write');
      expect(body).not.toContain('billing:read');
    }
  });

  it('says when an invite never expires', async () => {
    const { text, html } = await invite({ expiresAt: null });
    expect(text).toContain('This invitation does not expire.');
    expect(html).toContain('This invitation does not expire.');
    expect(text).not.toContain('expires on');
  });

  it('escapes every value from outside in the HTML, the product name included', async () => {
    const name = '<script>alert(1)</script> & "x"';
    const { html } = await invite(
      {
        inviter: { name, username: 'mallory' },
        namespace: { path: 'a"b/<c>' },
        link: 'https://guestlist.example/i/AbC123?a=1&b="2"',
      },
      { productName: '<script>alert(2)</script>' },
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain(escapeHtml(name));
    expect(html).toContain('a&#34;b/&lt;c&gt;');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('href="https://guestlist.example/i/AbC123?a=1&amp;b=%222%22"');
  });

  it('shows an https logo and the accent colour, and never another scheme', async () => {
    const shown = await invite(
      {},
      { logoUrl: 'https://acme.example/l.png', accentColor: '#0969da' },
    );
    expect(shown.html).toContain('<img src="https://acme.example/l.png"');
    expect(shown.html).toContain('background-color:#0969da');
    // Stored before the rule, or written to the row by hand: the frame still refuses it.
    const hidden = await invite({}, { logoUrl: 'javascript:alert(1)' });
    expect(hidden.html).not.toContain('javascript:');
    expect(hidden.html).not.toContain('<img');
  });

  it('strips CR/LF from values in the subject and text', async () => {
    const { subject, text } = await invite({
      inviter: { name: 'Ada\r\nBcc: x@y', username: 'ada' },
    });
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toBe('Ada Bcc: x@y (@ada) invited you to join acme/web');
    expect(text).not.toContain('\r');
    expect(text.split('\n').some((line) => line.startsWith('Bcc:'))).toBe(false);
  });

  it('rejects links that are not http or https', async () => {
    await expect(invite({ link: 'javascript:alert(1)' })).rejects.toThrow();
    await expect(invite({ link: 'not a url' })).rejects.toThrow();
  });
});

describe('account emails from the built-in templates (spec §8, §11)', () => {
  const draft = {
    purpose: 'reset-password' as const,
    to: 'ada@example.com',
    link: 'https://guestlist.example/reset-password?token=abc123',
    expiresAt: new Date('2026-12-01T12:00:00Z'),
  };

  it('carries the link in text and HTML, worded for its purpose and the browser language', async () => {
    const email = await renderAccountEmail(renderBuiltin, draft, settings, null);
    expect(email.subject).toBe('Reset your password for Guestlist');
    expect(email.text).toContain(draft.link);
    expect(email.text).toContain('The link works once, for 1 hour.');
    expect(email.html).toContain(`href="${draft.link}"`);
    const verify = await renderAccountEmail(
      renderBuiltin,
      { ...draft, purpose: 'verify-email' },
      settings,
      'de-AT,de;q=0.9,en;q=0.5',
    );
    expect(verify.subject).toBe('Bestätige deine E-Mail-Adresse für Guestlist');
    expect(verify.text).toContain('24 Stunden');
  });

  it('falls back to the default locale, and refuses a link that is not http(s)', async () => {
    const email = await renderAccountEmail(
      renderBuiltin,
      draft,
      { ...settings, defaultLocale: 'es' },
      'ja',
    );
    expect(email.subject).toBe('Restablece tu contraseña de Guestlist');
    await expect(
      renderAccountEmail(renderBuiltin, { ...draft, link: 'javascript:alert(1)' }, settings, null),
    ).rejects.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { escapeHtml, type InviteEmail, renderInviteEmail } from './render.ts';

const base: InviteEmail = {
  to: 'grace@example.com',
  link: 'https://guestlist.example/i/AbC123',
  inviter: { name: 'Ada Lovelace', username: 'ada' },
  productName: 'Guestlist',
  type: 'namespace',
  namespace: { path: 'acme/web' },
  role: 'member',
  permissions: [],
  groups: [],
  expiresAt: new Date('2026-11-29T14:05:00Z'),
};

describe('renderInviteEmail', () => {
  it('renders a namespace invite from a user', () => {
    const { subject, text, html } = renderInviteEmail(base);
    expect(subject).toBe('Ada Lovelace invited you to join acme/web');
    for (const body of [text, html]) {
      expect(body).toContain('Ada Lovelace');
      expect(body).toContain('acme/web');
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

  it('uses "an" for the admin role and falls back to @username', () => {
    const { subject, text } = renderInviteEmail({
      ...base,
      inviter: { name: null, username: 'ada' },
      role: 'admin',
    });
    expect(subject).toBe('@ada invited you to join acme/web');
    expect(text).toContain('@ada has invited you to join acme/web on Guestlist as an admin.');
  });

  it('renders an account invite sent with an API key', () => {
    const { subject, text, html } = renderInviteEmail({
      ...base,
      inviter: null,
      productName: 'Partyline',
      type: 'account',
      namespace: null,
      role: null,
      groups: [{ name: 'Engineering' }, { name: 'Support' }],
      permissions: ['billing:read', 'members:write'],
    });
    expect(subject).toBe('You are invited to Partyline');
    for (const body of [text, html]) {
      expect(body).toContain('The Partyline team has invited you');
      expect(body).toContain('Engineering, Support');
      expect(body).toContain('billing:read, members:write');
    }
  });

  it('says when an invite never expires', () => {
    const { text, html } = renderInviteEmail({ ...base, expiresAt: null });
    expect(text).toContain('This invitation does not expire.');
    expect(html).toContain('This invitation does not expire.');
    expect(text).not.toContain('expires on');
  });

  it('escapes user-supplied values in html', () => {
    const name = '<script>alert(1)</script> & "x"';
    const { html } = renderInviteEmail({
      ...base,
      inviter: { name, username: 'mallory' },
      namespace: { path: 'a"b/<c>' },
      link: 'https://guestlist.example/i/AbC123?a=1&b="2"',
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain(escapeHtml(name));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    expect(html).toContain('a&quot;b/&lt;c&gt;');
    expect(html).toContain('href="https://guestlist.example/i/AbC123?a=1&amp;b=%222%22"');
  });

  it('strips CR/LF from user values in the subject and text', () => {
    const { subject, text } = renderInviteEmail({
      ...base,
      inviter: { name: 'Ada\r\nBcc: x@y', username: 'ada' },
    });
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toBe('Ada Bcc: x@y invited you to join acme/web');
    expect(text).not.toContain('\r');
    expect(text.split('\n').some((line) => line.startsWith('Bcc:'))).toBe(false);
  });

  it('rejects links that are not http or https', () => {
    expect(() => renderInviteEmail({ ...base, link: 'javascript:alert(1)' })).toThrow();
    expect(() => renderInviteEmail({ ...base, link: 'not a url' })).toThrow();
  });
});

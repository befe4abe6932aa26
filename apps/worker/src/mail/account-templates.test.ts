import { describe, expect, it } from 'vitest';
import { renderAccountEmail } from './account-templates.ts';

const base = {
  to: 'ada@example.com',
  productName: 'Guestlist',
  expiresAt: new Date('2026-12-01T12:00:00Z'),
};

describe('account emails (spec §8)', () => {
  it('carries the link in text and HTML, worded for its purpose', () => {
    const link = 'https://guestlist.example/reset-password?token=abc123';
    const email = renderAccountEmail({ ...base, purpose: 'reset-password', link });
    expect(email.subject).toBe('Reset your password for Guestlist');
    expect(email.text).toContain(link);
    expect(email.html).toContain(`href="${link}"`);
    expect(renderAccountEmail({ ...base, purpose: 'verify-email', link }).subject).toBe(
      'Verify your email address for Guestlist',
    );
  });

  it('escapes every value from outside, and refuses a link that is not http(s)', () => {
    const email = renderAccountEmail({
      ...base,
      purpose: 'verify-email',
      to: '"><img src=x onerror=alert(1)>@example.com',
      productName: 'Acme <b>\r\nBcc: x@evil.example',
      link: 'https://guestlist.example/verify-email?token=a"><script>',
    });
    expect(email.html).not.toMatch(/<img|<script|<b>/);
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(() =>
      renderAccountEmail({ ...base, purpose: 'verify-email', link: 'javascript:alert(1)' }),
    ).toThrow();
  });
});

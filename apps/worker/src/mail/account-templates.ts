import type { AccountTokenPurpose } from '@guestlist/core';
import { emailHtml } from './layout.ts';
import { plain, type RenderedEmail, safeLink } from './render.ts';

export interface AccountEmail {
  purpose: AccountTokenPurpose;
  to: string;
  link: string;
  productName: string;
  expiresAt: Date;
}

const WORDING: Record<
  AccountTokenPurpose,
  { subject: string; intro: string; action: string; ignore: string; validity: string }
> = {
  'verify-email': {
    subject: 'Verify your email address for',
    intro: 'Confirm that this address is yours by following the link below.',
    action: 'Verify email address',
    ignore:
      'If you did not create an account or change your address, you can ignore this email; the address stays unverified.',
    validity: 'The link works once, for 24 hours.',
  },
  'reset-password': {
    subject: 'Reset your password for',
    intro:
      'Someone asked to reset the password of the account with this address. Choose a new password by following the link below; every other sign-in of the account will end.',
    action: 'Choose a new password',
    ignore: 'If you did not ask for this, you can ignore this email; your password stays as it is.',
    validity: 'The link works once, for 1 hour.',
  },
};

/** A verification or password-reset email (spec §8); every value from outside is escaped. */
export function renderAccountEmail(email: AccountEmail): RenderedEmail {
  const link = safeLink(email.link);
  const product = plain(email.productName) || 'Guestlist';
  const words = WORDING[email.purpose];
  const subject = `${words.subject} ${product}`;
  const text = [
    'Hi,',
    '',
    words.intro,
    '',
    `${words.action}:`,
    link,
    '',
    words.validity,
    '',
    words.ignore,
    '',
  ].join('\n');
  const html = emailHtml({
    subject,
    paragraphs: ['Hi,', words.intro],
    action: { label: words.action, href: link },
    notes: [words.validity, words.ignore],
    product,
    to: plain(email.to),
  });
  return { subject, text, html };
}

import type { AccountTokenPurpose } from '@guestlist/core';
import { escapeHtml, plain, type RenderedEmail, safeLink } from './render.ts';

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
  const e = escapeHtml;
  const href = e(link);
  const p = 'margin:0 0 16px;font-size:16px;line-height:24px;color:#1f2328;';
  const small = 'margin:0 0 16px;font-size:14px;line-height:20px;color:#59636e;';
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f6f8fa;">
<div style="max-width:560px;margin:0 auto;padding:32px 24px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif;">
<div style="background-color:#ffffff;border:1px solid #d1d9e0;border-radius:8px;padding:32px 24px;">
<h1 style="margin:0 0 24px;font-size:22px;line-height:28px;color:#1f2328;">${e(subject)}</h1>
<p style="${p}">Hi,</p>
<p style="${p}">${e(words.intro)}</p>
<p style="margin:24px 0;"><a href="${href}" style="display:inline-block;padding:12px 24px;background-color:#1f883d;color:#ffffff;font-size:16px;font-weight:600;text-decoration:none;border-radius:6px;">${e(words.action)}</a></p>
<p style="${small}">Or paste this link into your browser:<br><a href="${href}" style="color:#0969da;word-break:break-all;">${href}</a></p>
<p style="${small}">${e(words.validity)}</p>
<p style="${small}">${e(words.ignore)}</p>
</div>
<p style="margin:16px 0 0;font-size:12px;line-height:18px;color:#59636e;text-align:center;">Sent by ${e(product)} to ${e(plain(email.to))}</p>
</div>
</body>
</html>
`;
  return { subject, text, html };
}

/**
 * The frame every email's HTML shares (spec §11): the product's logo or name, the template's
 * HTML inside a card, and a footer naming the product and the addressee. The template's HTML is
 * placed as rendered (its values were escaped as it output them); everything the frame adds
 * from the settings is escaped here, and the logo is shown only when it is https.
 */
import { type Locale, translate } from '@guestlist/i18n';

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const e = escapeHtml;

export interface Frame {
  locale: Locale;
  subject: string;
  /** The template's rendered HTML. */
  content: string;
  product: { name: string; logoUrl: string | null; supportEmail: string | null };
  to: string;
}

function httpsOnly(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

export function frameEmail(frame: Frame): string {
  const logo = httpsOnly(frame.product.logoUrl);
  const header = logo
    ? `<img src="${e(logo)}" alt="${e(frame.product.name)}" style="max-height:40px;max-width:200px;border:0;">`
    : `<span style="font-size:18px;font-weight:600;color:#1f2328;">${e(frame.product.name)}</span>`;
  const support = frame.product.supportEmail
    ? `<br>${e(translate(frame.locale, 'email.support', { address: frame.product.supportEmail }))}`
    : '';
  return `<!doctype html>
<html lang="${e(frame.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(frame.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f6f8fa;">
<div style="max-width:560px;margin:0 auto;padding:32px 24px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif;">
<div style="margin:0 0 16px;">${header}</div>
<div style="background-color:#ffffff;border:1px solid #d1d9e0;border-radius:8px;padding:32px 24px;">
<h1 style="margin:0 0 24px;font-size:22px;line-height:28px;color:#1f2328;">${e(frame.subject)}</h1>
${frame.content}</div>
<p style="margin:16px 0 0;font-size:12px;line-height:18px;color:#59636e;text-align:center;">${e(translate(frame.locale, 'email.sentBy', { product: frame.product.name, to: frame.to }))}${support}</p>
</div>
</body>
</html>
`;
}

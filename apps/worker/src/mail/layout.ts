export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const e = escapeHtml;

/** What an email's HTML says; every value is escaped here. */
export interface EmailHtml {
  subject: string;
  /** Body paragraphs before the button. */
  paragraphs: string[];
  action: { label: string; href: string };
  /** Small print after the link. */
  notes: string[];
  product: string;
  to: string;
}

const P = 'margin:0 0 16px;font-size:16px;line-height:24px;color:#1f2328;';
const SMALL = 'margin:0 0 16px;font-size:14px;line-height:20px;color:#59636e;';

/** The one frame every email shares: a card, a heading, a button, the link spelled out. */
export function emailHtml(mail: EmailHtml): string {
  const href = e(mail.action.href);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(mail.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f6f8fa;">
<div style="max-width:560px;margin:0 auto;padding:32px 24px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif;">
<div style="background-color:#ffffff;border:1px solid #d1d9e0;border-radius:8px;padding:32px 24px;">
<h1 style="margin:0 0 24px;font-size:22px;line-height:28px;color:#1f2328;">${e(mail.subject)}</h1>
${mail.paragraphs.map((line) => `<p style="${P}">${e(line)}</p>`).join('\n')}
<p style="margin:24px 0;"><a href="${href}" style="display:inline-block;padding:12px 24px;background-color:#1f883d;color:#ffffff;font-size:16px;font-weight:600;text-decoration:none;border-radius:6px;">${e(mail.action.label)}</a></p>
<p style="${SMALL}">Or paste this link into your browser:<br><a href="${href}" style="color:#0969da;word-break:break-all;">${href}</a></p>
${mail.notes.map((line) => `<p style="${SMALL}">${e(line)}</p>`).join('\n')}
</div>
<p style="margin:16px 0 0;font-size:12px;line-height:18px;color:#59636e;text-align:center;">Sent by ${e(mail.product)} to ${e(mail.to)}</p>
</div>
</body>
</html>
`;
}

import type { InviteType } from '@guestlist/core';
import { emailHtml, escapeHtml } from './layout.ts';

export interface InviteEmail {
  to: string;
  link: string;
  /** null: sent by the operator (an API key). */
  inviter: { name: string | null; username: string } | null;
  productName: string;
  type: InviteType;
  namespace: { path: string } | null;
  role: string | null;
  permissions: string[];
  groups: { name: string }[];
  /** null: never expires. */
  expiresAt: Date | null;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const IGNORE_LINE = 'If you were not expecting this invitation, you can ignore this email.';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

// User-supplied values end up in the Subject header and in line-oriented text, so control
// characters (CR/LF above all) are collapsed to a space to rule out header injection and
// forged lines.
export function plain(value: string): string {
  return value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

// Anything else (javascript:, data:) would become a clickable script or phishing vector.
export function safeLink(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new Error('Invite link is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Invite link must use http or https, got ${url.protocol}`);
  }
  return url.href;
}

function withArticle(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

function formatExpiry(expiresAt: Date | null): string {
  if (expiresAt === null) return 'This invitation does not expire.';
  return `This invitation expires on ${dateFormat.format(expiresAt)} at ${timeFormat.format(expiresAt)} UTC.`;
}

export { escapeHtml };

export function renderInviteEmail(email: InviteEmail): RenderedEmail {
  const link = safeLink(email.link);
  const product = plain(email.productName) || 'Guestlist';

  let inviter: string;
  let subjectInviter: string | null = null;
  if (email.inviter === null) {
    inviter = `The ${product} team`;
  } else {
    const username = `@${plain(email.inviter.username)}`;
    const name = email.inviter.name === null ? '' : plain(email.inviter.name);
    inviter = name ? `${name} (${username})` : username;
    subjectInviter = name || username;
  }

  let subject: string;
  let intro: string;
  let details: string[] = [];
  if (email.type === 'namespace') {
    if (email.namespace === null) throw new Error('Namespace invite without a namespace');
    const path = plain(email.namespace.path);
    const role = email.role === null ? '' : plain(email.role);
    subject = subjectInviter
      ? `${subjectInviter} invited you to join ${path}`
      : `You are invited to join ${path}`;
    intro = `${inviter} has invited you to join ${path} on ${product}${role ? ` as ${withArticle(role)}` : ''}.`;
  } else {
    subject = subjectInviter
      ? `${subjectInviter} invited you to ${product}`
      : `You are invited to ${product}`;
    intro = `${inviter} has invited you to create an account on ${product}.`;
    const groups = email.groups.map((g) => plain(g.name)).filter(Boolean);
    const permissions = email.permissions.map(plain).filter(Boolean);
    details = [
      ...(groups.length > 0 ? [`You will join the groups: ${groups.join(', ')}.`] : []),
      ...(permissions.length > 0
        ? [`You will be granted the permissions: ${permissions.join(', ')}.`]
        : []),
    ];
  }
  const expiry = formatExpiry(email.expiresAt);

  const text = [
    'Hi,',
    '',
    intro,
    ...(details.length > 0 ? ['', ...details] : []),
    '',
    'Accept the invitation:',
    link,
    '',
    expiry,
    '',
    IGNORE_LINE,
    '',
  ].join('\n');

  const html = emailHtml({
    subject,
    paragraphs: ['Hi,', intro, ...details],
    action: { label: 'Accept invitation', href: link },
    notes: [expiry, IGNORE_LINE],
    product,
    to: plain(email.to),
  });

  return { subject, text, html };
}

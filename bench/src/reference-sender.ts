/**
 * The worker's reference in a process of its own, started by `measureReference`: the
 * `EMAILS` invite emails rendered from the built-in template with the `SETTINGS` (JSON) the
 * server answers and sent by plain nodemailer to `SMTP_URL`, pooled as the worker pools them,
 * with no database, no queue and no bookkeeping. It exits once the last one is accepted.
 */
import {
  type EmailDraft,
  inviteKind,
  inviteLocale,
  inviteVariables,
  renderBuiltin,
  type SettingsView,
} from '@guestlist/core';
import nodemailer from 'nodemailer';

/**
 * Emails in flight at once. Forty is the faster of the two tried here, so the floor is
 * nodemailer at its best: with two hundred in flight (the worker's four batches of fifty) the
 * same process sent 740–990 emails a second, with forty 1,090–1,170. The worker's own rate did
 * not change when its sends were held to forty.
 */
const IN_FLIGHT = 40;

const emails = Number(process.env.EMAILS);
const settings = JSON.parse(process.env.SETTINGS ?? '') as SettingsView;
// The worker's pool: ten connections, the other emails queued on it.
const transport = nodemailer.createTransport({
  url: process.env.SMTP_URL,
  pool: true,
  maxConnections: 10,
});
const draft = (i: number): EmailDraft => ({
  inviteId: crypto.randomUUID(),
  to: `reference-${i}@example.com`,
  addressedTo: 'email',
  link: `http://127.0.0.1/i/REFERENCE${i}`,
  inviter: null,
  type: 'account',
  namespace: null,
  role: null,
  permissions: [],
  groups: [],
  expiresAt: new Date(Date.now() + 7 * 86_400_000),
  locale: null,
});
let next = 0;
const lane = async () => {
  for (let i = next++; i < emails; i = next++) {
    const email = draft(i);
    const locale = inviteLocale(email, settings);
    const rendered = await renderBuiltin(
      inviteKind(email),
      locale,
      inviteVariables(email, email.link, settings, locale),
    );
    await transport.sendMail({ from: 'guestlist@localhost', to: email.to, ...rendered });
  }
};
try {
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
} finally {
  transport.close();
}

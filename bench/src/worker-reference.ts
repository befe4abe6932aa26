import {
  type EmailDraft,
  inviteKind,
  inviteLocale,
  inviteVariables,
  renderBuiltin,
  type SettingsView,
} from '@guestlist/core';
import nodemailer from 'nodemailer';
import { smtpSink, warmUpOf } from './worker.ts';

/** Sends in flight at once: the worker's two batches of twenty. */
const LANES = 40;

/**
 * The worker's floor: the same invite emails rendered from the same built-in template with the
 * same settings and sent by plain nodemailer, pooled as the worker pools it, to the same kind
 * of SMTP sink, with no database, no queue and no bookkeeping. Answers emails per second after
 * the same warm-up as the worker's ({@link warmUpOf}).
 */
export async function measureReference(options: {
  serverUrl: string;
  adminKey: string;
  emails: number;
}): Promise<number> {
  const response = await fetch(`${options.serverUrl}/api/v1/settings`, {
    headers: { authorization: `Bearer ${options.adminKey}` },
  });
  const { data: settings } = (await response.json()) as { data: SettingsView };
  const smtp = await smtpSink();
  const transport = nodemailer.createTransport({ url: smtp.url, pool: true, maxConnections: 10 });
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
  const warmUp = warmUpOf(options.emails);
  let next = 0;
  let done = 0;
  let started = performance.now();
  const lane = async () => {
    for (let i = next++; i < options.emails; i = next++) {
      const email = draft(i);
      const locale = inviteLocale(email, settings);
      const rendered = await renderBuiltin(
        inviteKind(email),
        locale,
        inviteVariables(email, email.link, settings, locale),
      );
      await transport.sendMail({ from: 'guestlist@localhost', to: email.to, ...rendered });
      if (++done === warmUp) started = performance.now();
    }
  };
  try {
    await Promise.all(Array.from({ length: LANES }, lane));
    return Math.round((options.emails - warmUp) / ((performance.now() - started) / 1000));
  } finally {
    transport.close();
    await smtp.stop();
  }
}

import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Where emails go: an SMTP server, or `.eml` files for a machine without one. */
export interface MailTransport {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
  /** For the log: where mail goes, without credentials. */
  readonly description: string;
}

export interface MailConfig {
  /** `smtp://user:pass@host:587`; unset writes `.eml` files into `mailDir`. */
  smtpUrl?: string | undefined;
  from: string;
  mailDir: string;
}

/**
 * Whether the mail server refused this message for good: a 5xx answer to its recipient
 * (`RCPT TO`: no such mailbox) or to its content (`DATA`). Any other failure, a 5xx to the
 * login or the sender included, is the server's or our configuration's, not the invite's: it is
 * retried, so fixing `SMTP_URL` lets the queued emails through.
 */
export function isPermanentMailError(error: unknown): boolean {
  const { responseCode, command } = error as { responseCode?: unknown; command?: unknown };
  return (
    typeof responseCode === 'number' &&
    responseCode >= 500 &&
    responseCode < 600 &&
    (command === 'RCPT TO' || command === 'DATA')
  );
}

export function createMailTransport(config: MailConfig): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl, config.from) : fileTransport(config);
}

function smtpTransport(smtpUrl: string, from: string): MailTransport {
  // Pooled: connections are reused across emails instead of one handshake per message.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    // Parallel sessions for the batches of emails in hand; the rest queue on the pool.
    maxConnections: 10,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const url = new URL(smtpUrl);
  return {
    description: `${url.protocol}//${url.host}`,
    async send(email) {
      await transport.sendMail({ from, ...email });
    },
    close: () => transport.close(),
  };
}

function fileTransport({ from, mailDir }: MailConfig): MailTransport {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  let ready: Promise<unknown> | undefined;
  return {
    description: mailDir,
    async send(email) {
      ready ??= mkdir(mailDir, { recursive: true, mode: 0o700 });
      await ready;
      const info = await transport.sendMail({ from, ...email });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`;
      // Written aside and renamed, so a reader never sees half a message.
      const partial = path.join(mailDir, `.${name}.tmp`);
      await writeFile(partial, info.message as Buffer, { mode: 0o600 });
      await rename(partial, path.join(mailDir, name));
    },
    close: () => transport.close(),
  };
}

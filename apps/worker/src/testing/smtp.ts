import { freePort } from '@guestlist/core/database';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface SmtpOptions {
  /**
   * Answer 550 to these recipients: a permanent refusal. A string is the refusal's words, as
   * real servers often name the address they refuse.
   */
  reject?: (recipient: string) => boolean | string;
  /** Milliseconds to hold each message before accepting it: a slow server. */
  delayMs?: number;
  /** Answer 550 to every sender (`MAIL FROM`): a server misconfigured, not a bad address. */
  refuseSenders?: boolean;
}

/**
 * A real SMTP server on loopback for tests: it speaks the protocol to nodemailer, parses each
 * message, and can be stopped and started again on the same port (an outage).
 */
export class TestSmtpServer {
  readonly received: ReceivedEmail[] = [];
  readonly port: number;
  readonly #options: SmtpOptions;
  #server: SMTPServer | null = null;

  private constructor(port: number, options: SmtpOptions) {
    this.port = port;
    this.#options = options;
  }

  static async start(options: SmtpOptions = {}): Promise<TestSmtpServer> {
    const smtp = new TestSmtpServer(await freePort(), options);
    await smtp.resume();
    return smtp;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Listens (again) on its port. */
  async resume(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // An outage in a test must not wait out idle pooled connections.
      closeTimeout: 200,
      onMailFrom: (_address, _session, callback) => {
        if (this.#options.refuseSenders) {
          const error = Object.assign(new Error('Sender not allowed'), { responseCode: 550 });
          callback(error);
          return;
        }
        callback();
      },
      onRcptTo: (address, _session, callback) => {
        const refusal = this.#options.reject?.(address.address);
        if (refusal) {
          const words = typeof refusal === 'string' ? refusal : 'Mailbox unavailable';
          const error = Object.assign(new Error(words), { responseCode: 550 });
          callback(error);
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', async () => {
          try {
            const parsed = await PostalMime.parse(Buffer.concat(chunks));
            if (this.#options.delayMs)
              await new Promise((r) => setTimeout(r, this.#options.delayMs));
            this.received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: parsed.html ?? '',
            });
            callback();
          } catch (error) {
            callback(error as Error);
          }
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    server.on('error', () => {});
    this.#server = server;
  }

  /** Stops listening and drops open connections: the mail server is down. */
  async pause(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async stop(): Promise<void> {
    await this.pause();
  }
}

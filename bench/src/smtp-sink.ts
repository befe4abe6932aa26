import { SMTPServer } from 'smtp-server';

/**
 * The emails of a run that are not counted in its steady rate: the first third. The worker and
 * the reference both start a fresh process, whose first emails also pay for compiling the mail
 * path, opening the pool's connections and (for the worker) its first polls; a worker in
 * production is a long-lived process. In a scratch run of 12,000 emails the worker sent 500–650
 * a second in its first three seconds and 750–850 after.
 */
export const warmUpOf = (emails: number) => Math.floor(emails / 3);

export interface SmtpSink {
  url: string;
  /** Messages received so far. */
  received(): number;
  /**
   * Messages per second over the last `emails - warmUp` of them: from the moment the sink
   * had the warm-up's last message to the moment it had the last. Every sender is timed so, by
   * the same clock, one message at a time.
   */
  steadyRate(warmUp: number): number;
  stop(): Promise<void>;
}

/**
 * An SMTP server that accepts and discards, noting when each message ended: the mail path's
 * floor, not a parser's cost. It runs in the bench's process, apart from the sender it times.
 */
export async function smtpSink(): Promise<SmtpSink> {
  const arrivals: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        arrivals.push(performance.now());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => arrivals.length,
    steadyRate(warmUp) {
      // The first counted message is the one after the warm-up's last: the span starts there.
      const from = Math.max(warmUp, 1) - 1;
      const counted = arrivals.length - 1 - from;
      const seconds = (arrivals.at(-1)! - arrivals[from]!) / 1000;
      if (counted < 1 || !(seconds > 0)) throw new Error('too few emails for a steady rate');
      return Math.round(counted / seconds);
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

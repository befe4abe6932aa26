import { defaultLogDestination } from '@guestlist/worker';
import pino, { type DestinationStream, type Logger } from 'pino';
import { redactUrl } from './redact.ts';

/** The process logger; `destination` defaults to stdout, readable on a terminal (tests pass a buffer). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    // Belt and braces: nothing that carries a credential is ever written.
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        '*.password',
        '*.secret',
        '*.token',
        '*.code',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id?: string; ip?: string }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
        ip: req.ip,
      }),
    },
  };
  const target = destination ?? defaultLogDestination();
  return target ? pino(options, target) : pino(options);
}

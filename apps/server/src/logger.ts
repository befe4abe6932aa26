import pino, { type Logger } from 'pino';
import { redactUrl } from './redact.ts';

export function createLogger(level: string): Logger {
  return pino({
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
  });
}

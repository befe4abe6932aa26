import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { assertWebhookUrl, guardedLookup } from './public-address.ts';

/** Receivers answer with an acknowledgement; anything past this is only kept for diagnostics. */
const RESPONSE_BODY_LIMIT = 64 * 1024;

export class WebhookTimeoutError extends Error {
  constructor(host: string, timeoutMs: number) {
    super(`Webhook delivery to ${host} timed out after ${timeoutMs} ms`);
    this.name = 'WebhookTimeoutError';
  }
}

export interface PostOptions {
  allowPrivate: boolean;
  timeoutMs: number;
}

export interface PostResult {
  status: number;
  body: string;
}

/**
 * POSTs a JSON body once. Redirects are returned, not followed: a 3xx could point the
 * signed payload at an internal address the URL check never saw.
 */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<PostResult> {
  return new Promise<PostResult>((resolve, reject) => {
    let settled = false;
    let req: ClientRequest | undefined;
    let res: IncomingMessage | undefined;

    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };

    // One deadline for resolution, connect, upload and response, so a slow DNS answer or a
    // trickling response cannot hold a worker slot past timeoutMs.
    const timer = setTimeout(() => {
      const host = URL.canParse(url) ? new URL(url).host : 'the webhook URL';
      settle(() => reject(new WebhookTimeoutError(host, options.timeoutMs)));
      res?.destroy();
      req?.destroy();
    }, options.timeoutMs);

    // IP literals never reach `lookup`, so the URL (and its literal) is vetted up front;
    // guardedLookup then re-checks the addresses actually connected to for names.
    assertWebhookUrl(url, options.allowPrivate)
      .then((target) => {
        if (settled) return;
        const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
        req = send(target, {
          method: 'POST',
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            'user-agent': 'Guestlist-Webhooks/1',
          },
          lookup: guardedLookup(options.allowPrivate),
          // No pooling: a pooled socket is keyed by host:port only, so it could outlive
          // the allowPrivate decision it was vetted under.
          agent: false,
        });
        req.on('error', (err) => settle(() => reject(err)));
        req.on('response', (response) => {
          res = response;
          const chunks: Buffer[] = [];
          let size = 0;
          const finish = () =>
            settle(() =>
              resolve({
                status: response.statusCode ?? 0,
                body: Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8'),
              }),
            );
          response.on('data', (chunk: Buffer) => {
            if (size >= RESPONSE_BODY_LIMIT) return;
            chunks.push(chunk);
            size += chunk.length;
            if (size >= RESPONSE_BODY_LIMIT) {
              finish();
              response.destroy();
            }
          });
          response.on('end', finish);
          response.on('close', () => {
            if (!response.complete) {
              settle(() =>
                reject(new Error('Webhook receiver closed the connection mid-response')),
              );
            }
          });
          response.on('error', (err) => settle(() => reject(err)));
        });
        req.end(body);
      })
      // Also catches synchronous throws from request(), e.g. an invalid header value.
      .catch((err: unknown) => {
        settle(() => reject(err));
        req?.destroy();
      });
  });
}

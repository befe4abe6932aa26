import autocannon from 'autocannon';
import type { Measurement } from './report.ts';
import { percentile } from './stats.ts';

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  /** Seconds; or stop after `amount` requests, whichever comes first. */
  duration: number;
  /** Requests per second across all connections; unset: as fast as the server answers. */
  rate?: number;
  amount?: number;
  /** Called for each request: return its path (and body) to vary requests. */
  next?: () => { path: string; body?: string; headers?: Record<string, string> };
}

/**
 * Drives one scenario with autocannon. Latencies are recorded per response, so p95 is exact
 * (autocannon's own summary skips it).
 */
export async function load(options: LoadOptions): Promise<Measurement> {
  const times: number[] = [];
  let failures = 0;
  const next = options.next;
  let done!: (result: autocannon.Result) => void;
  let failed!: (error: Error) => void;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const instance = autocannon(
    {
      url: options.url,
      method: options.method ?? 'GET',
      headers: {
        ...(options.method === 'POST' ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body ? { body: options.body } : {}),
      connections: options.connections,
      duration: options.duration,
      ...(options.amount ? { amount: options.amount } : {}),
      // Paced per connection: an overall rate is sent in bursts once a second, which queues.
      ...(options.rate
        ? { connectionRate: Math.max(1, Math.round(options.rate / options.connections)) }
        : {}),
      ...(next
        ? {
            requests: [
              {
                setupRequest: (request: autocannon.Request) => {
                  const { path, body, headers } = next();
                  return {
                    ...request,
                    path,
                    ...(body ? { body } : {}),
                    ...(headers ? { headers: { ...request.headers, ...headers } } : {}),
                  };
                },
              },
            ],
          }
        : {}),
    },
    (error, result) => (error ? failed(error) : done(result)),
  );
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    times.push(ms);
    if (status < 200 || status >= 300) failures++;
  });
  const result = await finished;
  times.sort((a, b) => a - b);
  const seconds = result.duration;
  return {
    rps: Math.round(((times.length - failures) / seconds) * 10) / 10,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    errors: failures + result.errors + result.timeouts,
    requests: times.length,
  };
}

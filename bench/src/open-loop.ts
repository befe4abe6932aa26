import { Pool } from 'undici';
import type { Measurement } from './report.ts';
import { percentile } from './stats.ts';

/**
 * An open-loop load: request `i` is due at `start + i / rate`, whatever became of the ones
 * before it, and its latency counts from that moment, not from when a connection was free to
 * send it. A closed loop (autocannon, even paced) sends the next request only after the last
 * answer, so a stall delays the requests that would have measured it and hides it
 * (coordinated omission); autocannon's overall rate also sends each second's requests in one
 * burst. Requests due while every connection is busy wait in the pool, and that wait is part
 * of their latency, as it would be for a real client.
 */
export async function openLoop(options: {
  url: string;
  rate: number;
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
  next: () => { path: string };
}): Promise<Measurement> {
  const pool = new Pool(options.url, { connections: options.connections, pipelining: 1 });
  const total = Math.round(options.rate * options.seconds);
  const times: number[] = [];
  let failures = 0;
  let errors = 0;
  const inFlight = new Set<Promise<void>>();
  // Every connection opened first, outside the measurement: a connection's handshake is not
  // what the schedule measures.
  await Promise.all(
    Array.from({ length: options.connections }, () =>
      pool
        .request({ path: options.next().path, method: 'GET', headers: options.headers ?? {} })
        .then((response) => response.body.dump()),
    ),
  );
  const start = performance.now();
  const send = (due: number) => {
    const request = pool
      .request({ path: options.next().path, method: 'GET', headers: options.headers ?? {} })
      .then(async (response) => {
        await response.body.dump();
        times.push(performance.now() - due);
        if (response.statusCode < 200 || response.statusCode >= 300) failures++;
      })
      .catch(() => {
        errors++;
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  };
  let sent = 0;
  while (sent < total) {
    // Everything due by now goes out now, each keeping its own due time: a late timer delays
    // sending, never the clock latencies are measured from.
    const now = performance.now();
    while (sent < total && start + (sent * 1000) / options.rate <= now) {
      send(start + (sent * 1000) / options.rate);
      sent++;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - start) / 1000;
  await pool.close();
  times.sort((a, b) => a - b);
  return {
    rps: Math.round(((times.length - failures) / seconds) * 10) / 10,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    errors: failures + errors,
    requests: times.length,
  };
}

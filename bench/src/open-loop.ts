import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { Measurement } from './report.ts';
import { percentile } from './stats.ts';

export interface OpenLoopOptions {
  url: string;
  rate: number;
  seconds: number;
  connections: number;
  /** Seconds of the same schedule sent first and not counted; none by default. */
  warmup?: number;
  headers?: Record<string, string>;
  /** The paths to request, in turn. */
  paths: readonly string[];
}

/** A run's figures, and how late the generator's own event loop ran while it sent them. */
export interface OpenLoopMeasurement extends Measurement {
  /** The generator's worst event-loop delay, in ms: a stall of the client, not of the server. */
  generatorDelayMaxMs: number;
}

/**
 * An open-loop load: request `i` is due at `start + i / rate`, whatever became of the ones
 * before it, and its latency counts from that moment, not from when a connection was free to
 * send it. A closed loop (autocannon, even paced) sends the next request only after the last
 * answer, so a stall delays the requests that would have measured it and hides it
 * (coordinated omission); autocannon's overall rate also sends each second's requests in one
 * burst. Requests due while every connection is busy wait in the pool, and that wait is part
 * of their latency, as it would be for a real client.
 */
export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopMeasurement> {
  const pool = new Pool(options.url, { connections: options.connections, pipelining: 1 });
  // The schedule starts `warmup` seconds early, and what is due then is sent but not counted:
  // a fresh generator's code is not yet compiled, and a server's idle pool has closed its
  // database connections (as wrk2 leaves out its calibration).
  const skipped = Math.round(options.rate * (options.warmup ?? 0));
  const total = skipped + Math.round(options.rate * options.seconds);
  const headers = options.headers ?? {};
  let next = 0;
  const path = () => options.paths[next++ % options.paths.length]!;
  // Preallocated: growing an array while measuring is garbage the generator's own collector
  // would have to stop for.
  const times = new Float64Array(total);
  let answered = 0;
  let succeeded = 0;
  let failures = 0;
  let errors = 0;
  let pending = 0;
  let drained: () => void = () => {};
  // Every connection opened first, outside the measurement: a connection's handshake is not
  // what the schedule measures.
  await Promise.all(
    Array.from({ length: options.connections }, () =>
      pool
        .request({ path: path(), method: 'GET', headers })
        .then((response) => response.body.dump()),
    ),
  );
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const start = performance.now();
  const send = (index: number, due: number) => {
    pending++;
    pool
      .request({ path: path(), method: 'GET', headers })
      .then(async (response) => {
        await response.body.dump();
        const failed = response.statusCode < 200 || response.statusCode >= 300;
        if (failed) failures++;
        if (index < skipped) return;
        times[answered++] = performance.now() - due;
        if (!failed) succeeded++;
      })
      .catch(() => {
        errors++;
      })
      .finally(() => {
        if (--pending === 0) drained();
      });
  };
  let sent = 0;
  while (sent < total) {
    // Everything due by now goes out now, each keeping its own due time: a late timer delays
    // sending, never the clock latencies are measured from.
    const now = performance.now();
    while (sent < total && start + (sent * 1000) / options.rate <= now) {
      // The generator's own delays count from the first request counted.
      if (sent === skipped) delay.reset();
      send(sent, start + (sent * 1000) / options.rate);
      sent++;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  if (pending > 0) await new Promise<void>((resolve) => (drained = resolve));
  const seconds = (performance.now() - start) / 1000 - skipped / options.rate;
  delay.disable();
  await pool.close();
  const sorted = Array.from(times.subarray(0, answered)).sort((a, b) => a - b);
  return {
    rps: Math.round((succeeded / seconds) * 10) / 10,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    errors: failures + errors,
    requests: answered,
    generatorDelayMaxMs: Math.round(delay.max / 1e5) / 10,
  };
}

/**
 * `openLoop` in a small process of its own. In the bench's process, with the seeded sample and
 * every result in its heap, the generator's own collections stopped it for up to 60 ms, and the
 * schedule counted each stop as the server's latency, for both servers alike. Its worst delay
 * is reported beside each run, so a stall of the client can be told from one of the server.
 */
export function openLoopApart(options: OpenLoopOptions): Promise<OpenLoopMeasurement> {
  const child = fork(new URL(import.meta.url), ['--child'], {
    // A small young generation: the generator's live set is small, and a scavenge costs what
    // survives it; a large one left the generator stopped for 10 to 25 ms at a time.
    execArgv: ['--max-semi-space-size=1'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (result) => resolve(result as OpenLoopMeasurement));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the open-loop generator exited with ${code}`)));
    child.send(options);
  });
}

if (process.argv[2] === '--child' && process.send) {
  process.once('message', async (options) => {
    const result = await openLoop(options as OpenLoopOptions);
    process.send!(result, () => process.exit(0));
  });
}

import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import {
  clusterCpuSeconds,
  cpuSecondsOf,
  MALLOC_ENV,
  NODE_FLAGS,
  postmasterOf,
} from './processes.ts';
import { post } from './seed.ts';

/** An SMTP server that accepts and discards: the mail path's floor, not a parser's cost. */
export async function smtpSink(): Promise<{
  url: string;
  received: () => number;
  stop: () => Promise<void>;
}> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Queues `emails` invites by email while no worker runs, then starts one worker process and
 * times it until every one is recorded as sent.
 */
export async function measureWorker(options: {
  env: Record<string, string>;
  root: string;
  serverUrl: string;
  adminKey: string;
  emails: number;
  /** More Node flags for the worker (`--cpu-prof`, ...). */
  nodeFlags?: readonly string[] | undefined;
}): Promise<{
  emailsPerSecond: number;
  emails: number;
  withStartupPerSecond: number;
  /** The worker's CPU time per email from its first email recorded to its last, in ms. */
  cpuMsPerEmail: number;
  /** PostgreSQL's CPU time per email over the same span (its every process), in ms. */
  databaseCpuMsPerEmail: number;
}> {
  // Addresses of this run alone: a kept database (`--data-dir`) holds earlier runs' invites.
  const tag = `worker-${Date.now().toString(36)}-`;
  // Watched by id: a scan for their addresses would read the whole table every 100 ms, which at
  // 1,000,000 invites took both cores from the worker it measures.
  const ids: string[] = [];
  for (let i = 0; i < options.emails; i += 100) {
    const email = Array.from(
      { length: Math.min(100, options.emails - i) },
      (_, j) => `${tag}${i + j}@example.com`,
    );
    const { data } = await post(options.serverUrl, options.adminKey, '/api/v1/invites/send', {
      email,
    });
    ids.push(...data.map((invite) => invite.id));
  }
  const smtp = await smtpSink();
  const client = new pg.Client({ connectionString: options.env.DATABASE_URL });
  await client.connect();
  const postmaster = await postmasterOf(client);
  const started = performance.now();
  // Timed from its start: connecting and picking up the backlog are part of the job.
  const worker = spawn(
    process.execPath,
    [
      ...NODE_FLAGS,
      ...(options.nodeFlags ?? []),
      path.join(options.root, 'apps/worker/src/main.ts'),
    ],
    {
      env: {
        PATH: process.env.PATH ?? '',
        ...MALLOC_ENV,
        ...options.env,
        SMTP_URL: smtp.url,
        LOG_LEVEL: 'warn',
        SWEEP_INTERVAL_SECONDS: '3600',
      },
      stdio: 'ignore',
    },
  );
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  // Read when the first emails are recorded, so the process's start is not counted.
  let first: { cpu: number; database: number; sent: number } | null = null;
  // Only the invites not yet seen sent are looked up again: the watch is PostgreSQL's work too,
  // and 3,000 lookups every 100 ms took a third of the database's time per email from the
  // worker it watches.
  let pending = ids;
  try {
    for (;;) {
      const { rows } = await client.query<{ id: string }>(
        `select id from invites where id = any($1::uuid[]) and delivery_status = 'sent'`,
        [pending],
      );
      const seen = new Set(rows.map((row) => row.id));
      pending = pending.filter((id) => !seen.has(id));
      const sent = options.emails - pending.length;
      if (first === null && sent > 0) {
        const [cpu, database] = [
          await cpuSecondsOf(worker.pid!),
          await clusterCpuSeconds(postmaster),
        ];
        first = { cpu, database, sent };
      }
      if (pending.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = (await cpuSecondsOf(worker.pid!)) - first!.cpu;
    const database = (await clusterCpuSeconds(postmaster)) - first!.database;
    const perEmail = (s: number) =>
      Math.round((s * 1000 * 100) / (options.emails - first!.sent)) / 100;
    // Steady state: from the first email recorded as sent to the last, without the process's
    // start (Node, connections, the queue's first poll), which the total includes.
    const { rows } = await client.query<{ span: number }>(
      `select extract(epoch from max(delivery_sent_at) - min(delivery_sent_at))::float8 as span
         from invites where id = any($1::uuid[])`,
      [ids],
    );
    const span = rows[0]!.span;
    return {
      emailsPerSecond: Math.round((options.emails - 1) / span),
      emails: options.emails,
      withStartupPerSecond: Math.round(options.emails / seconds),
      cpuMsPerEmail: perEmail(cpu),
      databaseCpuMsPerEmail: perEmail(database),
    };
  } finally {
    worker.kill('SIGTERM');
    await exited;
    await client.end();
    await smtp.stop();
  }
}

/**
 * `runs` runs of {@link measureWorker}, each with fresh emails, answering the median run with
 * every run's rate: on a shared two-core machine one run varies by ±20%.
 */
export async function measureWorkerMedian(
  options: Parameters<typeof measureWorker>[0],
  runs: number,
): Promise<Awaited<ReturnType<typeof measureWorker>> & { runs: number[] }> {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await measureWorker(options));
  const sorted = [...results].sort((a, b) => a.emailsPerSecond - b.emailsPerSecond);
  return {
    ...sorted[Math.floor((runs - 1) / 2)]!,
    runs: results.map((r) => r.emailsPerSecond),
  };
}

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
 * The emails of a run that warm the process up and are not counted: a third. Both the worker
 * and the reference run fresh code paths at first (V8 compiles nodemailer's, liquidjs's and
 * pg's hot functions as they run), and a worker in production is a long-lived process: in a
 * run of 12,000 emails the worker sent 500–650 a second in its first three seconds and 750–850
 * after. Counting that start measured how quickly V8 warms up more than the worker.
 */
export const warmUpOf = (emails: number) => Math.floor(emails / 3);

/**
 * Queues `emails` invites by email while no worker runs, then starts one worker process and
 * times it until every one is recorded as sent. The steady rate leaves out the first
 * {@link warmUpOf} emails; the rate counting the process start leaves out nothing.
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
  /** The first emails, not counted in the steady rate. */
  warmUp: number;
  withStartupPerSecond: number;
  /** The worker's CPU time per email after its warm-up to its last email, in ms. */
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
  let gone = false;
  const exited = new Promise((resolve) => worker.once('exit', resolve)).then(() => {
    gone = true;
  });
  const warmUp = warmUpOf(options.emails);
  // Read when the warm-up's emails are in, so neither they nor the process's start count.
  let first: { cpu: number; database: number; sent: number } | null = null;
  const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
  try {
    // Watched at the sink while the emails arrive, then in the database only until the last
    // batch is recorded: looking thousands of pending invites up by id every 250 ms was
    // PostgreSQL's work too, on the cores the worker and PostgreSQL share.
    for (;;) {
      if (gone) throw new Error('the worker exited before sending every email');
      const received = smtp.received();
      if (first === null && received > warmUp) {
        const [cpu, database] = [
          await cpuSecondsOf(worker.pid!),
          await clusterCpuSeconds(postmaster),
        ];
        first = { cpu, database, sent: received };
      }
      if (received >= options.emails) break;
      await pause();
    }
    for (;;) {
      if (gone) throw new Error('the worker exited before recording every email');
      const { rows } = await client.query<{ sent: number }>(
        `select count(*)::int as sent from invites
          where id = any($1::uuid[]) and delivery_status = 'sent'`,
        [ids],
      );
      if (rows[0]!.sent === options.emails) break;
      await pause();
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = (await cpuSecondsOf(worker.pid!)) - first!.cpu;
    const database = (await clusterCpuSeconds(postmaster)) - first!.database;
    const perEmail = (s: number) =>
      Math.round((s * 1000 * 100) / (options.emails - first!.sent)) / 100;
    // Steady state: from the last warm-up email recorded as sent to the last email, without the
    // process's start (Node, connections, the queue's first poll), which the total includes.
    const { rows } = await client.query<{ span: number }>(
      `select extract(epoch from max(at) - min(at) filter (where n = $2))::float8 as span
         from (select delivery_sent_at as at, row_number() over (order by delivery_sent_at) as n
                 from invites where id = any($1::uuid[])) sent`,
      [ids, warmUp + 1],
    );
    const span = rows[0]!.span;
    return {
      emailsPerSecond: Math.round((options.emails - warmUp - 1) / span),
      emails: options.emails,
      warmUp,
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

import path from 'node:path';
import type pg from 'pg';
import { withClient } from './pg-client.ts';
import { clusterCpuSeconds, cpuSecondsOf, postmasterOf, spawnNode } from './processes.ts';
import { post } from './seed.ts';
import { type SmtpSink, smtpSink, warmUpOf } from './smtp-sink.ts';

/**
 * Queues `emails` invites by email while no worker runs, then starts one worker process and
 * times it until every one is recorded as sent. The steady rate is read at the sink, without
 * the first {@link warmUpOf} emails, as the reference's is; the rate counting the process start
 * runs from its spawn to the last email recorded.
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
  /** The worker's CPU time per email from the end of its warm-up to its last email, in ms. */
  cpuMsPerEmail: number;
  /** PostgreSQL's CPU time per email over the same span (its every process), in ms. */
  databaseCpuMsPerEmail: number;
}> {
  // Addresses of this run alone: a kept database (`--data-dir`) holds earlier runs' invites.
  const tag = `worker-${Date.now().toString(36)}-`;
  // Checked by id at the end: a scan for their addresses reads the whole table.
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
  try {
    return await withClient(options.env.DATABASE_URL!, (client) =>
      timeWorker(options, ids, smtp, client),
    );
  } finally {
    await smtp.stop();
  }
}

/** A run longer than this has a stuck email, not a slow worker. */
const DEADLINE_MS = 10 * 60_000;

async function timeWorker(
  options: Parameters<typeof measureWorker>[0],
  ids: readonly string[],
  smtp: SmtpSink,
  client: pg.Client,
): ReturnType<typeof measureWorker> {
  const postmaster = await postmasterOf(client);
  const sample = async () => ({
    cpu: await cpuSecondsOf(worker.pid!),
    database: await clusterCpuSeconds(postmaster),
    sent: smtp.received(),
  });
  const started = performance.now();
  // Timed from its start: connecting and picking up the backlog are part of the job.
  const worker = spawnNode(
    path.join(options.root, 'apps/worker/src/main.ts'),
    { ...options.env, SMTP_URL: smtp.url, LOG_LEVEL: 'warn', SWEEP_INTERVAL_SECONDS: '3600' },
    { nodeFlags: options.nodeFlags ?? [] },
  );
  let gone = false;
  const exited = new Promise((resolve) => worker.once('exit', resolve)).then(() => {
    gone = true;
  });
  const warmUp = warmUpOf(options.emails);
  const check = (doing: string) => {
    if (gone) throw new Error(`the worker exited before ${doing}`);
    if (performance.now() - started > DEADLINE_MS)
      throw new Error(`the worker took over ${DEADLINE_MS / 60_000} minutes ${doing}`);
  };
  const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
  try {
    // CPU time is read once the warm-up's emails are in (so neither they nor the process's
    // start count) and again once the last one is: the span of the steady rate.
    let first = await sample();
    let warm = false;
    // Watched at the sink while the emails arrive, then in the database only until the last
    // batch is recorded: looking thousands of pending invites up by id every 250 ms was
    // PostgreSQL's work too, on the cores the worker and PostgreSQL share.
    for (;;) {
      check('sending every email');
      const received = smtp.received();
      if (received >= options.emails) break;
      if (!warm && received > warmUp) {
        first = await sample();
        warm = true;
      }
      await pause();
    }
    const last = await sample();
    for (;;) {
      check('recording every email');
      const { rows } = await client.query<{ sent: number; failed: number }>(
        `select count(*) filter (where delivery_status = 'sent')::int as sent,
                count(*) filter (where delivery_status = 'failed')::int as failed
           from invites where id = any($1::uuid[])`,
        [ids],
      );
      if (rows[0]!.failed > 0) throw new Error(`${rows[0]!.failed} emails failed`);
      if (rows[0]!.sent === options.emails) break;
      await pause();
    }
    const seconds = (performance.now() - started) / 1000;
    const perEmail = (s: number) => Math.round((s * 1000 * 100) / (last.sent - first.sent)) / 100;
    return {
      emailsPerSecond: smtp.steadyRate(warmUp),
      emails: options.emails,
      warmUp,
      withStartupPerSecond: Math.round(options.emails / seconds),
      cpuMsPerEmail: perEmail(last.cpu - first.cpu),
      databaseCpuMsPerEmail: perEmail(last.database - first.database),
    };
  } finally {
    worker.kill('SIGTERM');
    await exited;
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

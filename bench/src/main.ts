/**
 * `pnpm bench`: Guestlist against a bare Fastify + pg baseline on the same PostgreSQL, the same
 * data and the same indexes. Prints a table, writes `bench/results/latest.json` and
 * `bench/results/latest.svg`.
 *
 *   pnpm bench                    # 1,000,000 invites, 10 s per scenario, 50 connections
 *   pnpm bench --quick            # 100,000 invites, 3 s per scenario
 *   pnpm bench --invites 200000 --duration 5 --connections 50
 *   pnpm bench --smoke            # 1,000 invites, 1 s per scenario: the bench still runs, both
 *                                 # servers still answer alike (CI); no figures are kept
 */

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { encodeCursor, SecretBox } from '@guestlist/core';
import { makeTempDataDir, startEmbeddedPostgres } from '@guestlist/core/database';
import { measureGrowth } from './growth.ts';
import { renderGrowthChart } from './growth-chart.ts';
import { type ExtraPlace, startExtraPlace } from './growth-places.ts';
import { load } from './load.ts';
import { memoryMarks } from './memory-marks.ts';
import { type OpenLoopMeasurement, openLoopApart } from './open-loop.ts';
import { checkParity, sdkGetPath } from './parity.ts';
import { query } from './pg-client.ts';
import { guestlistServerEnv, type ServerProcess, sampleRss, startProcess } from './processes.ts';
import {
  type BenchReport,
  formatTable,
  type Measurement,
  renderChart,
  type ScenarioResult,
} from './report.ts';
import {
  diversify,
  type InviteRef,
  post,
  seedThroughApi,
  seedThroughCopy,
  usersWithSessions,
} from './seed.ts';
import { medianRun } from './stats.ts';
import { measureWorkerMedian } from './worker.ts';
import { measureReference } from './worker-reference.ts';
import { burst, type WorstCase, worstCaseKinds } from './worst-cases.ts';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    invites: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string', default: '50' },
    out: { type: 'string' },
    only: { type: 'string' },
    runs: { type: 'string' },
  },
});
/** `--only reads,writes`: some groups of scenarios (reads, writes, lists, worker), to iterate. */
const ONLY = args.only ? new Set(args.only.split(',')) : null;
const want = (group: 'reads' | 'writes' | 'lists' | 'worker') => !ONLY || ONLY.has(group);
const SMOKE = args.smoke;
const INVITES = Number(args.invites ?? (SMOKE ? 1_000 : args.quick ? 100_000 : 1_000_000));
const DURATION = Number(args.duration ?? (SMOKE ? 1 : args.quick ? 3 : 10));
const CONNECTIONS = Number(args.connections);
/** Each ratio scenario runs this many times, the servers in turn; the median run is shown. */
const RUNS = Number(args.runs ?? (SMOKE || args.quick ? 1 : 3));
const ROOT = path.resolve(import.meta.dirname, '../..');
// A smoke run's figures mean nothing (a second each, on a shared machine): they are not kept.
const OUT = SMOKE
  ? await mkdtemp(path.join(tmpdir(), 'guestlist-bench-smoke-'))
  : path.resolve(args.out ?? path.join(ROOT, 'bench/results'));

const log = (message: string) => process.stderr.write(`${message}\n`);

log(`--- PostgreSQL (embedded, fresh data directory)`);
const database = await startEmbeddedPostgres({
  dataDir: await makeTempDataDir('guestlist-bench'),
  ephemeral: true,
});
const stops: (() => Promise<unknown>)[] = [() => database.stop()];
const cleanup = async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

try {
  const { env, adminKey } = await guestlistServerEnv(database.url, 'guestlist-bench-data');
  const secretKey = env.SECRET_KEY!;
  // One public URL for both: the links in their answers are compared (parity).
  const common = {
    DATABASE_URL: database.url,
    SECRET_KEY: secretKey,
    HOST: '127.0.0.1',
    PUBLIC_URL: 'http://guestlist.bench',
  };
  log('--- Guestlist server');
  const guestlist = await startProcess(
    path.join(ROOT, 'apps/server/src/main.ts'),
    { ...env, PUBLIC_URL: common.PUBLIC_URL },
    /listening on/,
  );
  stops.push(() => guestlist.stop());
  const rss = sampleRss(guestlist);
  // The peak is one number for the whole run: these say which step raised it.
  const steps = memoryMarks(guestlist, log);
  await steps.mark('start');

  const inviter = await usersWithSessions(database.url, 1, 'inviter');
  const inviterId = inviter.ids[0]!;

  // The physical reference first, into a table of its own that is dropped afterwards; a
  // checkpoint before each load, so neither inherits the other's WAL and dirty buffers.
  log(`--- ${INVITES.toLocaleString('en')} rows through COPY (the physical reference)`);
  await query(database.adminUrl, 'checkpoint');
  const copied = await seedThroughCopy(database.url, new SecretBox(secretKey), INVITES);
  log(`    ${copied.rowsPerSecond.toLocaleString('en')} rows/s`);
  await steps.mark('COPY reference');
  await query(database.adminUrl, 'checkpoint');
  log(`--- seeding ${INVITES.toLocaleString('en')} invites through POST /invites (count 1000)`);
  const seeded = await seedThroughApi(
    guestlist.url,
    adminKey,
    INVITES,
    inviterId,
    (done) =>
      void guestlist
        .rssMb()
        .then((mb) => log(`    ${done.toLocaleString('en')} (RSS ${Math.round(mb)} MB)`)),
  );
  log(`    ${seeded.rowsPerSecond.toLocaleString('en')} rows/s`);
  await steps.mark(`seeded ${INVITES.toLocaleString('en')}`);

  // What one request costs should not grow with the table (the growth rows and chart): the
  // smaller sizes are databases of their own beside this one, measured in turn with it.
  const sizes = (SMOKE ? [300] : [10_000, 100_000]).filter((size) => size < INVITES);
  const extras: ExtraPlace[] = [];
  const removeExtras = async () => {
    for (const place of extras.splice(0)) await place.remove();
  };
  stops.push(removeExtras);
  for (const size of sizes) {
    log(`--- a database of ${size.toLocaleString('en')} invites beside it, for the growth figures`);
    extras.push(
      await startExtraPlace({
        cluster: database,
        invites: size,
        serverScript: path.join(ROOT, 'apps/server/src/main.ts'),
        publicUrl: common.PUBLIC_URL,
      }),
    );
  }
  // Measured on settled tables, as the scenarios are: without the checkpoint, the seeding's
  // WAL and dirty pages were flushed during the measurement of one size and not another.
  for (const url of [database.url, ...extras.map((place) => place.databaseUrl)]) {
    await query(url, 'vacuum analyze invites');
  }
  await query(database.adminUrl, 'checkpoint');
  log('--- growth: each size in turn, one request at a time');
  const growth = await measureGrowth(
    [...extras, { invites: INVITES, url: guestlist.url, adminKey, sample: seeded.sample }],
    { passes: SMOKE ? 1 : Math.max(2, Math.round(DURATION / 2)), seconds: 1 },
  );
  for (const point of growth) {
    log(
      `    at ${point.invites.toLocaleString('en')}: ${Object.entries(point.figures)
        .map(([name, f]) => `${name} p50 ${f.p50.toFixed(2)} ms`)
        .join(', ')}`,
    );
  }
  await steps.mark('growth');
  await removeExtras();
  const shape = await diversify(database.url, inviterId);
  // The reshaping left dead rows that autovacuum would otherwise clean in the middle of the
  // first scenario: settle the tables first, so every scenario meets a steady database.
  log('--- vacuum analyze, checkpoint');
  await query(database.url, 'vacuum analyze');
  await query(database.adminUrl, 'checkpoint');

  log('--- baseline server');
  const baseline = await startProcess(
    path.join(ROOT, 'bench/src/baseline.ts'),
    { ...common, PORT: '0' },
    /listening/,
  );
  stops.push(() => baseline.stop());

  const auth = { authorization: `Bearer ${adminKey}` };
  // Codes that validate: the SQL shaping canceled, accepted or moved some of the sample.
  const usable = new Set(
    (
      await query<{ id: string }>(
        database.url,
        `select id from invites where id = any($1::uuid[]) and status = 'pending' and type = 'account'`,
        [seeded.sample.map((s) => s.id)],
      )
    ).map((r) => r.id),
  );
  const sample = seeded.sample.filter((s) => usable.has(s.id));
  const cycle = <T>(items: T[]) => {
    let i = 0;
    return () => items[i++ % items.length]!;
  };
  const results: ScenarioResult[] = [];

  log('--- parity: both servers answer the same requests alike');
  const [one, two] = sample as [InviteRef, InviteRef];
  const problems = await checkParity(guestlist.url, baseline.url, [
    { name: 'validate', path: `/api/v1/invites/${one.code}/validate` },
    { name: 'validate, unknown code', path: '/api/v1/invites/NOSUCHCODE/validate' },
    { name: 'get by id', path: `/api/v1/invites/${one.id}`, headers: auth },
    { name: 'get by code', path: `/api/v1/invites/${two.code}`, headers: auth },
    {
      name: 'get via tRPC',
      path: sdkGetPath(two.id),
      baselinePath: `/api/v1/invites/${two.id}`,
      headers: auth,
    },
    { name: 'list filter code', path: `/api/v1/invites?filter[code]=${one.code}`, headers: auth },
    {
      name: 'create 1',
      method: 'POST',
      path: '/api/v1/invites',
      body: '{}',
      headers: auth,
      compare: 'shape',
    },
  ]);
  for (const problem of problems) log(`    differs: ${problem}`);
  if (problems.length > 0) throw new Error('the baseline no longer answers as Guestlist does');

  type Drive = (url: string) => Promise<Measurement>;
  /** A measurement with the server's CPU time per request over it. */
  async function costed(server: ServerProcess, run: () => Promise<Measurement>) {
    const before = await server.cpuSeconds();
    const measured = await run();
    const used = (await server.cpuSeconds()) - before;
    measured.cpuUs = measured.requests > 0 ? Math.round((used * 1e6) / measured.requests) : 0;
    return measured;
  }
  /**
   * Both servers, in turn, RUNS times: a stall of the machine hits one run, not one server. For
   * each, the run with the median `by` (req/s, or a latency where that is the target).
   */
  async function interleaved(
    drive: (url: string) => Promise<Measurement>,
    by: (m: Measurement) => number,
    { baseline: withBaseline = true, baselineDrive = drive } = {},
  ) {
    const g: Measurement[] = [];
    const b: Measurement[] = [];
    for (let run = 0; run < RUNS; run++) {
      g.push(await costed(guestlist, () => drive(guestlist.url)));
      if (withBaseline) b.push(await costed(baseline, () => baselineDrive(baseline.url)));
    }
    return { g: medianRun(g, by), b: withBaseline ? medianRun(b, by) : null };
  }
  const byRate = (m: Measurement) => m.rps;
  async function scenario(
    name: string,
    group: string,
    drive: Drive,
    options: {
      baseline?: boolean;
      target?: (g: Measurement, b: Measurement | null) => ScenarioResult['target'];
      /** Ratio scenarios run RUNS times; the lists, with absolute targets, once. */
      repeat?: boolean;
    } = {},
  ) {
    log(`--- ${name}`);
    const { g, b } =
      options.repeat === true
        ? await interleaved(drive, byRate, { baseline: options.baseline !== false })
        : {
            g: await costed(guestlist, () => drive(guestlist.url)),
            b:
              options.baseline === false ? null : await costed(baseline, () => drive(baseline.url)),
          };
    g.rssMb = Math.round(await guestlist.rssMb());
    const result: ScenarioResult = {
      name,
      group,
      guestlist: g,
      baseline: b,
      target: options.target?.(g, b),
    };
    log(
      `    guestlist ${g.rps} req/s p99 ${g.p99} ms${b ? ` | baseline ${b.rps} req/s p99 ${b.p99} ms` : ''}`,
    );
    results.push(result);
    await steps.mark(name);
  }
  const shareTarget = (share: number) => (g: Measurement, b: Measurement | null) => ({
    description: `≥${share * 100}% of baseline req/s`,
    met: (b ? g.rps / b.rps >= share : true) && g.errors === 0,
  });
  const throughputTarget = shareTarget(0.8);
  const serviceTimeTarget = (g: Measurement, b: Measurement) => ({
    description: 'p50 within 0.2 ms of baseline',
    met: g.p50 - b.p50 <= 0.2 && g.errors === 0,
  });
  const openLoopTarget = (g: Measurement, b: Measurement) => ({
    description: 'p99 < 25 ms, ≤ 2× baseline p99',
    met: g.p99 < 25 && g.p99 <= 2 * b.p99 && g.errors === 0,
  });
  const listTarget = (g: Measurement) => ({
    description: 'p95 < 20 ms',
    met: g.p95 < 20 && g.errors === 0,
  });

  // Warm both: JIT, connection pools, the buffer cache.
  for (const server of [guestlist, baseline]) {
    const next = cycle(sample);
    await load({
      url: server.url,
      connections: 10,
      duration: 2,
      headers: auth,
      next: () => ({ path: `/api/v1/invites/${next().id}` }),
    });
  }
  await steps.mark('warm-up');

  /**
   * A read twice: at full concurrency as fast as each server answers (throughput, the ratio,
   * and the p99 target at that concurrency), then one request at a time (the service time,
   * without a queue in front of it).
   */
  const reads: {
    name: string;
    path: (ref: { id: string; code: string }) => string;
    headers?: Record<string, string>;
    trpc?: boolean;
  }[] = [
    { name: 'validate', path: (r) => `/api/v1/invites/${r.code}/validate` },
    { name: 'get by id (API key)', path: (r) => `/api/v1/invites/${r.id}`, headers: auth },
    {
      name: 'get via tRPC (SDK)',
      path: (r) => sdkGetPath(r.id),
      headers: auth,
      trpc: true,
    },
  ];
  if (want('reads'))
    for (const read of reads) {
      // The baseline has no tRPC: its REST get is the floor for the same work.
      const baselinePath = read.trpc ? (r: { id: string }) => `/api/v1/invites/${r.id}` : read.path;
      const run =
        (path: typeof read.path, connections = CONNECTIONS) =>
        (url: string) => {
          const next = cycle(sample);
          return load({
            url,
            connections,
            duration: DURATION,
            ...(read.headers ? { headers: read.headers } : {}),
            next: () => ({ path: path(next()) }),
          });
        };
      log(`--- ${read.name}`);
      const { g, b } = await interleaved(run(read.path), byRate, {
        baselineDrive: run(baselinePath),
      });
      g.rssMb = Math.round(await guestlist.rssMb());
      results.push({
        name: read.name,
        group: 'reads, as fast as possible',
        guestlist: g,
        baseline: b,
        target: throughputTarget(g, b!),
      });
      log(`    guestlist ${g.runs?.join(', ')} req/s | baseline ${b?.runs?.join(', ')} req/s`);
      await steps.mark(read.name);
      const { g: gl, b: bl } = await interleaved(run(read.path, 1), (m) => m.p50, {
        baselineDrive: run(baselinePath, 1),
      });
      results.push({
        name: `${read.name}, 1 connection`,
        group: 'reads, one request at a time',
        guestlist: gl,
        baseline: bl,
        target: serviceTimeTarget(gl, bl!),
      });
      log(
        `    one at a time: guestlist p50 ${gl.runs?.join(', ')} ms | baseline ${bl?.runs?.join(', ')} ms`,
      );
      await steps.mark(`${read.name}, 1 connection`);
      if (read.name !== 'validate') continue;
      // An offered load, sent on schedule whatever the answers do: half of what the baseline
      // answered flat out, the same rate for both.
      const rate = Math.max(10, Math.round(b!.rps / 2));
      const paths = sample.map(read.path);
      const paced = (url: string) =>
        openLoopApart({ url, rate, seconds: DURATION, warmup: 2, connections: CONNECTIONS, paths });
      const { g: go, b: bo } = await interleaved(paced, (m) => m.p99);
      const generator = (m: Measurement | null) =>
        (m as OpenLoopMeasurement | null)?.generatorDelayMaxMs ?? 0;
      results.push({
        name: `${read.name}, open loop at ${rate.toLocaleString('en')} req/s`,
        group: 'reads, offered load (open loop)',
        guestlist: go,
        baseline: bo,
        target: openLoopTarget(go, bo!),
      });
      log(
        `    open loop at ${rate} req/s: guestlist p99 ${go.runs?.join(', ')} ms | baseline ${bo?.runs?.join(', ')} ms` +
          ` (the generator's own worst delay in the median runs: ${generator(go)} and ${generator(bo)} ms)`,
      );
      await steps.mark(`${read.name}, open loop`);
    }

  if (want('writes')) {
    await scenario(
      'create 1',
      'writes',
      (url) =>
        load({
          url,
          method: 'POST',
          connections: CONNECTIONS,
          duration: DURATION,
          headers: auth,
          body: '{}',
          next: () => ({ path: '/api/v1/invites', body: '{}' }),
        }),
      { target: shareTarget(0.85), repeat: true },
    );
    await scenario(
      'create 1000',
      'writes',
      (url) =>
        load({
          url,
          method: 'POST',
          connections: 1,
          duration: DURATION,
          headers: auth,
          next: () => ({ path: '/api/v1/invites', body: '{"count":1000}' }),
        }),
      { target: (g) => ({ description: 'p50 < 300 ms', met: g.p50 < 300 && g.errors === 0 }) },
    );

    // Accept: every request a different user redeeming a different code.
    {
      const perServer = SMOKE ? 200 : Math.max(2_000, Math.min(20_000, DURATION * 1_500));
      let round = 0;
      const drive: Drive = async (url) => {
        // Each run its own users: a run cannot accept again what an earlier one accepted.
        const users = await usersWithSessions(
          database.url,
          perServer,
          `${url.replace(/\W/g, '').slice(-6)}r${round++}`,
        );
        const codes: string[] = [];
        for (let i = 0; i < perServer; i += 1000) {
          const { data } = await post(guestlist.url, adminKey, '/api/v1/invites', { count: 1000 });
          codes.push(...data.map((d) => d.code));
        }
        let i = 0;
        return load({
          url,
          method: 'POST',
          connections: CONNECTIONS,
          duration: DURATION,
          amount: perServer,
          next: () => {
            const n = i++ % perServer;
            return {
              path: `/api/v1/invites/${codes[n]}/accept`,
              headers: { authorization: `Bearer ${users.tokens[n]}` },
            };
          },
        });
      };
      await scenario('accept (distinct users and codes)', 'writes', drive, {
        target: shareTarget(0.75),
        repeat: true,
      });
    }
  }

  if (want('lists')) {
    // Lists at full size: page 1 of every documented filter and sort.
    const [{ created_at: midDate }] = (await query<{ created_at: Date }>(
      database.url,
      'select created_at from invites order by created_at limit 1 offset $1',
      [Math.floor(INVITES / 2)],
    )) as [{ created_at: Date }];
    const listDuration = SMOKE ? 1 : Math.max(2, Math.round(DURATION / 2));
    // One request at a time: page 1's latency is the query's, not a queue's.
    const LIST_CONNECTIONS = 1;
    const lists: [string, string][] = [
      ['filter code', `filter[code]=${sample[7]!.code}`],
      ['filter status=pending', 'filter[status]=pending'],
      ['filter status=canceled', 'filter[status]=canceled'],
      ['filter status=expired', 'filter[status]=expired'],
      ['filter type=namespace', 'filter[type]=namespace'],
      ['filter email', `filter[email]=${encodeURIComponent(shape.email)}`],
      ['filter inviterId', `filter[inviterId]=${inviterId}`],
      ['filter inviteeId', `filter[inviteeId]=${inviterId}`],
      ['filter namespace', `filter[namespace]=${encodeURIComponent(shape.namespacePath)}`],
      ['filter createdAt gte', `filter[createdAt]=gte:${midDate.toISOString()}`],
      [
        'filter expiresAt lte',
        `filter[expiresAt]=lte:${new Date(Date.now() + 8 * 86_400_000).toISOString()}`,
      ],
      ['sort createdAt', 'sort=createdAt'],
      ['sort -createdAt', 'sort=-createdAt'],
      ['sort expiresAt', 'sort=expiresAt'],
      ['sort -expiresAt', 'sort=-expiresAt'],
      ['sort updatedAt', 'sort=updatedAt'],
      ['sort -updatedAt', 'sort=-updatedAt'],
    ];
    /** One list request after another, always the same query. */
    const listLoad = (query: string) => (url: string) =>
      load({
        url,
        connections: LIST_CONNECTIONS,
        duration: listDuration,
        headers: auth,
        next: () => ({ path: `/api/v1/invites?${query}` }),
      });
    for (const [name, query] of lists) {
      await scenario(`list ${name}`, 'lists', listLoad(query), { target: listTarget });
    }
    // The same depth two ways: a keyset cursor, and a page number (OFFSET).
    const depth = Math.floor(INVITES / 2);
    const [at] = await query<{ id: string; created_at: Date }>(
      database.url,
      'select id, created_at from invites order by created_at desc, id desc limit 1 offset $1',
      [depth - 1],
    );
    const cursor = encodeCursor({
      sort: '-createdAt',
      value: at!.created_at.toISOString(),
      id: at!.id,
    });
    const page1 = results.find((r) => r.name === 'list sort -createdAt')!;
    await scenario(
      `list cursor at depth ${depth.toLocaleString('en')}`,
      'lists',
      listLoad(`page[after]=${cursor}`),
      {
        target: (g) => ({
          description: 'p50 within 2× of page 1',
          met: g.p50 <= 2 * page1.guestlist.p50,
        }),
      },
    );
    await scenario(
      `list page number at depth ${depth.toLocaleString('en')}`,
      'lists',
      listLoad(`page[size]=30&page[number]=${Math.floor(depth / 30) + 1}`),
    );
  }

  log('--- the heaviest requests R22 allows, ten at once each');
  const worst: WorstCase[] = [];
  for (const kind of worstCaseKinds()) {
    const w = await burst(guestlist.url, adminKey, kind);
    worst.push(w);
    log(`    ${w.name}: ${w.statuses}`);
    await steps.mark(`worst case: ${w.name}`);
  }

  await baseline.stop();
  let workerResult: BenchReport['worker'] = null;
  if (want('worker')) {
    // A third of each run warms the process up and is not counted (`warmUpOf`).
    const emails = SMOKE ? 100 : args.quick ? 1_500 : 9_000;
    log('--- worker: emails per second to a local SMTP server (median of three runs)');
    // As before each load: the worker does not inherit the scenarios' WAL and dirty buffers.
    await query(database.adminUrl, 'checkpoint');
    const worker = await measureWorkerMedian(
      {
        env: common,
        root: ROOT,
        serverUrl: guestlist.url,
        adminKey,
        emails,
      },
      SMOKE ? 1 : 3,
    );
    log(`    ${worker.emailsPerSecond} emails/s (runs: ${worker.runs.join(', ')})`);
    log('--- the same emails rendered and sent by plain nodemailer (median of three runs)');
    const referenceRuns: number[] = [];
    for (let i = 0; i < (SMOKE ? 1 : 3); i++) {
      referenceRuns.push(
        await measureReference({
          serverUrl: guestlist.url,
          adminKey,
          emails,
        }),
      );
    }
    const reference = [...referenceRuns].sort((a, b) => a - b)[
      Math.floor(referenceRuns.length / 2)
    ]!;
    log(`    ${reference} emails/s (runs: ${referenceRuns.join(', ')})`);
    workerResult = { ...worker, referencePerSecond: reference, referenceRuns };
    await steps.mark('worker');
  }
  // The kernel's own peak covers the whole life of the process, bursts shorter than a sample
  // included.
  const memory = {
    ...rss.stop(),
    peakRssMb: Math.round(await guestlist.peakRssMb()),
    steps: steps.marks,
  };
  await guestlist.stop();

  const [{ version }] = (await query<{ version: string }>(
    database.url,
    `select current_setting('server_version') as version`,
  )) as [{ version: string }];
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: version ?? 'unknown',
    },
    settings: { connections: CONNECTIONS, durationSeconds: DURATION, invites: INVITES },
    scenarios: results,
    seed: {
      realPathRowsPerSecond: seeded.rowsPerSecond,
      copyRowsPerSecond: copied.rowsPerSecond,
      ratio: Math.round((seeded.rowsPerSecond / copied.rowsPerSecond) * 1000) / 1000,
      rows: INVITES,
    },
    worker: workerResult,
    memory,
    growth,
    worstCases: worst,
    notes: [
      'Both servers, PostgreSQL and the load generator share the machine; each server runs in its own process.',
      'Guestlist runs with LOG_LEVEL=warn and rate limits off (RATE_LIMIT_*=0): the baseline has neither.',
      'List totals of 10,000 or more are reused by Guestlist for up to 5 s (see docs/decisions/0012); the baseline counts every time, which is why it trails on broad lists.',
      'Seeded rows were varied afterwards in SQL (5% canceled, 5% accepted, 5% with an email, 10,000 in a namespace).',
      `Reads run at ${CONNECTIONS} connections as fast as each server answers, then one request at a time; lists run one request at a time.`,
      ...(RUNS > 1
        ? [
            `Reads, create 1 and accept ran ${RUNS} times each, the two servers in turn; each row is the run with the median req/s (one at a time: p50; open loop: p99).`,
          ]
        : []),
      'The baseline runs the plain SQL: validate reads the settings, the invite and its inviter in three statements, get the key, the invite, its inviter and its groups in four. Guestlist joins the invite with its inviter (and validate with the settings): one statement and three.',
      `At ${CONNECTIONS} connections flat out, latency is the queue: by Little's law the mean is ${CONNECTIONS} over the rate, so p99 < 25 ms needs more than ${CONNECTIONS * 40} req/s, which this machine's baseline does not reach either.`,
    ],
  };
  await mkdir(OUT, { recursive: true });
  await writeFile(path.join(OUT, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(OUT, 'latest.svg'), renderChart(report));
  await writeFile(path.join(OUT, 'growth.svg'), renderGrowthChart(growth));
  process.stdout.write(`${formatTable(report)}\n`);
  log(`--- wrote ${path.relative(process.cwd(), path.join(OUT, 'latest.json'))} and latest.svg`);
} finally {
  await cleanup();
}

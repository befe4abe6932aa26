/**
 * `pnpm --filter @guestlist/bench memory`: what drives the server's peak resident memory
 * (VmHWM), one of R22's worst-case bursts at a time. Seeds a fresh embedded PostgreSQL through
 * a server of its own, then for each burst (and for all of them in sequence) starts a fresh
 * server, warms it up with small requests of the same kinds, reads its peak, sends the burst
 * and reads the peak again. Each is run `--runs` times; the medians are printed.
 *
 *   pnpm --filter @guestlist/bench memory --invites 20000 --runs 3 --semi 8,16,32
 *   pnpm --filter @guestlist/bench memory --flags=--max-old-space-size=200
 *   pnpm --filter @guestlist/bench memory --only sequence --grow 100000 --env MALLOC_ARENA_MAX=2
 */

import path from 'node:path';
import { parseArgs } from 'node:util';
import { PAGE_SIZE_MAX } from '@guestlist/core';
import { makeTempDataDir, startEmbeddedPostgres } from '@guestlist/core/database';
import { guestlistServerEnv, startProcess } from './processes.ts';
import { post, seedThroughApi, usersWithSessions } from './seed.ts';
import { percentile } from './stats.ts';
import { burst, largestGrants, type WorstCaseKind, worstCaseKinds } from './worst-cases.ts';

const { values: args } = parseArgs({
  options: {
    invites: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '3' },
    // Young generation sizes to compare (`--max-semi-space-size`, MiB); none: NODE_FLAGS' own.
    semi: { type: 'string' },
    // More Node flags for the measured servers, space-separated.
    flags: { type: 'string', default: '' },
    // Only the bursts whose name contains this.
    only: { type: 'string' },
    // Environment of the measured servers, space-separated NAME=value pairs.
    env: { type: 'string', default: '' },
    // Invites each measured server creates itself first (1,000 a request, as the bench seeds):
    // a run's bursts meet a heap its seeding grew, not a fresh one.
    grow: { type: 'string', default: '0' },
  },
});
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, 'apps/server/src/main.ts');
const log = (message: string) => process.stderr.write(`${message}\n`);

const database = await startEmbeddedPostgres({
  dataDir: await makeTempDataDir('guestlist-memory'),
  ephemeral: true,
});
try {
  const { env, adminKey } = await guestlistServerEnv(database.url, 'guestlist-memory-data');
  const seeder = await startProcess(SCRIPT, env, /listening on/);
  const inviter = await usersWithSessions(database.url, 1, 'inviter');
  log(`--- seeding ${Number(args.invites).toLocaleString('en')} invites`);
  await seedThroughApi(seeder.url, adminKey, Number(args.invites), inviter.ids[0]!, () => {});
  // The newest invites, which a page shows first, carry the largest grants, as they do in the
  // bench once its bulk-create burst has run.
  const { grants, count } = largestGrants();
  for (let i = 0; i < 10; i++)
    await post(seeder.url, adminKey, '/api/v1/invites', { count, ...grants });
  await seeder.stop();

  const kinds = worstCaseKinds();
  // Small requests of every kind the bursts send, so the baseline holds the JIT's code.
  const warmUp: WorstCaseKind[] = [
    { name: 'create', path: '/api/v1/invites', method: 'POST', body: '{"count":10}' },
    { name: 'refused', path: '/api/v1/invites', method: 'POST', body: '{"metadata":{"a":[{}]}}' },
    { name: 'list', path: '/api/v1/invites?page[size]=10' },
    { name: 'batch', path: `/trpc/invites.list?batch=1&input=${encodeURIComponent('{"0":{}}')}` },
  ];
  const scenarios: { name: string; kinds: WorstCaseKind[] }[] = [
    ...kinds.map((kind) => ({ name: kind.name, kinds: [kind] })),
    { name: 'all four in sequence', kinds },
  ].filter((s) => !args.only || s.name.includes(args.only));
  const semis = args.semi ? args.semi.split(',').map(Number) : [null];
  const extra = args.flags.split(' ').filter(Boolean);
  const measuredEnv = {
    ...env,
    ...Object.fromEntries(
      args.env
        .split(' ')
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    ),
  };
  const grow = Number(args.grow);
  const rows: string[] = [];
  for (const semi of semis) {
    const flags = semi === null ? extra : [...extra, `--max-semi-space-size=${semi}`];
    log(`--- flags: ${flags.join(' ') || '(NODE_FLAGS)'}${args.env ? `, env: ${args.env}` : ''}`);
    for (const scenario of scenarios) {
      const baselines: number[] = [];
      const peaks: number[] = [];
      let statuses = '';
      for (let run = 0; run < Number(args.runs); run++) {
        const server = await startProcess(SCRIPT, measuredEnv, /listening on/, 120_000, flags);
        try {
          if (grow > 0) {
            await seedThroughApi(server.url, adminKey, grow, inviter.ids[0]!, () => {});
            // Its invites are now the newest, which a page shows first: the largest again.
            for (let i = 0; i < 10; i++)
              await post(server.url, adminKey, '/api/v1/invites', { count, ...grants });
            log(
              `    grown by ${grow.toLocaleString('en')}: ${(await server.peakRssMb()).toFixed(0)} MB`,
            );
          }
          for (let i = 0; i < 20; i++)
            for (const kind of warmUp) await burst(server.url, adminKey, kind, 1);
          baselines.push(await server.peakRssMb());
          const answered = [];
          for (const kind of scenario.kinds) answered.push(await burst(server.url, adminKey, kind));
          statuses = answered.map((a) => a.statuses).join(' / ');
          peaks.push(await server.peakRssMb());
          log(
            `    ${scenario.name}: ${baselines.at(-1)!.toFixed(0)} → ${peaks.at(-1)!.toFixed(0)} MB`,
          );
        } finally {
          await server.stop();
        }
      }
      rows.push(
        `| ${semi ?? '-'} | ${scenario.name} | ${median(baselines).toFixed(0)} | ${median(peaks).toFixed(0)} | ${peaks.map((p) => p.toFixed(0)).join(', ')} | ${statuses} |`,
      );
    }
  }
  process.stdout.write(
    `\nVmHWM in MB, medians of ${args.runs} fresh servers${grow > 0 ? `, each first creating ${grow.toLocaleString('en')} invites` : ''} (${PAGE_SIZE_MAX}-item pages, ${Number(args.invites).toLocaleString('en')} invites):\n\n` +
      '| semi-space MiB | burst | after warm-up | after burst | runs | statuses |\n|---|---|---|---|---|---|\n' +
      `${rows.join('\n')}\n`,
  );
} finally {
  await database.stop();
}

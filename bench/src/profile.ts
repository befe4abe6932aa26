/**
 * `pnpm --filter @guestlist/bench profile`: where a read's time goes inside the server. Starts
 * Guestlist with `--cpu-prof` on a fresh embedded PostgreSQL, seeds invites, drives one read
 * scenario at full concurrency, stops the server and prints the profile's heaviest frames by
 * self time, and the same time summed by package.
 *
 *   pnpm --filter @guestlist/bench profile --scenario validate --invites 10000 --duration 10
 *   (scenarios: validate, get, trpc, create)
 */

import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makeTempDataDir, startEmbeddedPostgres } from '@guestlist/core/database';
import { load } from './load.ts';
import { sdkGetPath } from './parity.ts';
import { guestlistServerEnv, startProcess } from './processes.ts';
import { summarizeProfile } from './profile-summary.ts';
import { seedOnOwnServer } from './seed.ts';

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'validate' },
    invites: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    top: { type: 'string', default: '25' },
    // The bare baseline instead, to compare where its time goes.
    baseline: { type: 'boolean', default: false },
    // Node flags for the profiled server, replacing the bench's own (`--max-semi-space-size=32`).
    flags: { type: 'string', default: '' },
  },
});
const ROOT = path.resolve(import.meta.dirname, '../..');
const log = (message: string) => process.stderr.write(`${message}\n`);

const database = await startEmbeddedPostgres({
  dataDir: await makeTempDataDir('guestlist-profile'),
  ephemeral: true,
});
try {
  const profileDir = await mkdtemp(path.join(tmpdir(), 'guestlist-cpu-'));
  const { env, adminKey } = await guestlistServerEnv(database.url, 'guestlist-profile-data');
  const script = path.join(ROOT, 'apps/server/src/main.ts');
  // Seeding runs on a server of its own: the profile holds the scenario, not the seed.
  log(`--- seeding ${Number(args.invites).toLocaleString('en')} invites`);
  const sample = await seedOnOwnServer(script, env, adminKey, Number(args.invites));
  const server = await startProcess(
    args.baseline ? path.join(ROOT, 'bench/src/baseline.ts') : script,
    env,
    args.baseline ? /listening/ : /listening on/,
    120_000,
    ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, ...args.flags.split(' ').filter(Boolean)],
  );
  const auth = { authorization: `Bearer ${adminKey}` };
  let i = 0;
  const next = () => sample[i++ % sample.length]!;
  const scenarios: Record<string, () => { path: string; body?: string }> = {
    validate: () => ({ path: `/api/v1/invites/${next().code}/validate` }),
    get: () => ({ path: `/api/v1/invites/${next().id}` }),
    trpc: () => ({ path: sdkGetPath(next().id) }),
    create: () => ({ path: '/api/v1/invites', body: '{}' }),
  };
  const scenario = scenarios[args.scenario];
  if (!scenario) throw new Error(`no scenario ${args.scenario}: ${Object.keys(scenarios)}`);
  // Warm first, so that the profile shows the steady state rather than the JIT's first pass.
  const method = args.scenario === 'create' ? 'POST' : 'GET';
  await load({
    url: server.url,
    method,
    connections: 10,
    duration: 2,
    ...(args.scenario === 'validate' ? {} : { headers: auth }),
    next: scenario,
  });
  log(`--- ${args.scenario}, ${args.connections} connections, ${args.duration} s`);
  const cpuBefore = await server.cpuSeconds();
  const measuredFrom = Number(process.hrtime.bigint() / 1000n);
  const measured = await load({
    url: server.url,
    method,
    connections: Number(args.connections),
    duration: Number(args.duration),
    ...(args.scenario === 'validate' ? {} : { headers: auth }),
    next: scenario,
  });
  // Rates move with whatever else the machine runs; the server's CPU time per request less so.
  const cpuUs = ((await server.cpuSeconds()) - cpuBefore) * 1e6;
  log(
    `    ${measured.rps} req/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms, ${measured.errors} errors, ` +
      `${measured.requests > 0 ? Math.round(cpuUs / measured.requests) : 0} CPU µs per request`,
  );
  await server.stop();
  const [file] = (await readdir(profileDir)).filter((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('the server wrote no profile');
  const profile = JSON.parse(await readFile(path.join(profileDir, file), 'utf8'));
  process.stdout.write(`${summarizeProfile(profile, Number(args.top), ROOT, measuredFrom)}\n`);
  log(`--- profile: ${path.join(profileDir, file)} (open it in Chrome DevTools)`);
} finally {
  await database.stop();
}

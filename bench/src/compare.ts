/**
 * Two builds of the server side by side, with the baseline: `pnpm --filter @guestlist/bench
 * compare --against ../other-checkout [--scenario validate|get|trpc|create] [--rounds 10]`.
 *
 * Both servers (this checkout's and the other's, each an installed checkout of the repository)
 * and the baseline run at once on one seeded database, and the load visits them in turn, two
 * seconds each, round after round. Whatever else the machine runs then weighs on all three
 * alike, so their CPU time per request can be compared even on a busy machine, where a rate
 * measured minutes apart cannot. The database's CPU time during each server's turns is counted
 * too: a statement that saves the server work can cost PostgreSQL more, and on shared cores
 * the rate pays for both.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makeTempDataDir, startEmbeddedPostgres } from '@guestlist/core/database';
import { load } from './load.ts';
import { sdkGetPath } from './parity.ts';
import { withClient } from './pg-client.ts';
import {
  clusterCpuSeconds,
  guestlistServerEnv,
  postmasterOf,
  type ServerProcess,
  startProcess,
} from './processes.ts';
import { seedOnOwnServer } from './seed.ts';

const { values: args } = parseArgs({
  options: {
    against: { type: 'string' },
    scenario: { type: 'string', default: 'validate' },
    invites: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
  },
});
if (!args.against) throw new Error('--against DIR: the other checkout to compare with');
const ROOT = path.resolve(import.meta.dirname, '../..');
const serverOf = (checkout: string) => path.join(checkout, 'apps/server/src/main.ts');

const database = await startEmbeddedPostgres({
  dataDir: await makeTempDataDir('guestlist-compare'),
  ephemeral: true,
});
const started: ServerProcess[] = [];
try {
  const { env, adminKey } = await guestlistServerEnv(database.url, 'guestlist-compare-data');
  const sample = await seedOnOwnServer(serverOf(ROOT), env, adminKey, Number(args.invites));
  const contenders = [
    { name: 'this checkout', script: serverOf(ROOT), ready: /listening on/ },
    { name: path.resolve(args.against), script: serverOf(args.against), ready: /listening on/ },
    { name: 'baseline', script: path.join(ROOT, 'bench/src/baseline.ts'), ready: /listening/ },
  ];
  const servers = [];
  for (const { name, script, ready } of contenders) {
    const server = await startProcess(script, env, ready);
    started.push(server);
    servers.push({
      name,
      server,
      baseline: script.endsWith('baseline.ts'),
      cpu: 0,
      databaseCpu: 0,
      requests: 0,
    });
  }
  const postmaster = await withClient(database.url, postmasterOf);
  let i = 0;
  const next = () => sample[i++ % sample.length]!;
  const scenarios: Record<string, () => { path: string; body?: string }> = {
    validate: () => ({ path: `/api/v1/invites/${next().code}/validate` }),
    get: () => ({ path: `/api/v1/invites/${next().id}` }),
    trpc: () => ({ path: sdkGetPath(next().id) }),
    // One invite a request, as the full run's `create 1`.
    create: () => ({ path: '/api/v1/invites', body: '{}' }),
  };
  const method = args.scenario === 'create' ? 'POST' : 'GET';
  const scenario = scenarios[args.scenario];
  if (!scenario) throw new Error(`no scenario ${args.scenario}: ${Object.keys(scenarios)}`);
  // The baseline serves no tRPC: it answers the SDK's read through REST, as in the full run.
  const scenarioOf = (entry: { baseline: boolean }) =>
    entry.baseline && args.scenario === 'trpc' ? scenarios.get! : scenario;
  const headers: Record<string, string> =
    args.scenario === 'validate' ? {} : { authorization: `Bearer ${adminKey}` };
  const connections = Number(args.connections);
  for (const entry of servers) {
    const next = scenarioOf(entry);
    await load({ url: entry.server.url, method, connections: 10, duration: 2, headers, next });
  }
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const entry of servers) {
      const before = await entry.server.cpuSeconds();
      const databaseBefore = await clusterCpuSeconds(postmaster);
      const measured = await load({
        url: entry.server.url,
        method,
        connections,
        duration: 2,
        headers,
        next: scenarioOf(entry),
      });
      entry.cpu += (await entry.server.cpuSeconds()) - before;
      entry.databaseCpu += (await clusterCpuSeconds(postmaster)) - databaseBefore;
      entry.requests += measured.requests;
    }
  }
  const seconds = 2 * Number(args.rounds);
  process.stdout.write(`${args.scenario}, ${connections} connections, ${args.rounds} rounds\n`);
  for (const { name, cpu, databaseCpu, requests } of servers) {
    const perRequest = (spent: number) => (requests > 0 ? Math.round((spent * 1e6) / requests) : 0);
    const rate = (requests / seconds).toFixed(0);
    process.stdout.write(
      `  ${name}: ${perRequest(cpu)} CPU µs per request, PostgreSQL ${perRequest(databaseCpu)}, ${rate} req/s\n`,
    );
  }
} finally {
  for (const server of started) await server.stop().catch(() => {});
  await database.stop();
}

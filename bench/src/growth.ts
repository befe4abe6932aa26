import { load } from './load.ts';
import type { InviteRef } from './seed.ts';
import { percentile } from './stats.ts';

/** What one request costs at one size of the invites table, one request at a time. */
export interface GrowthPoint {
  invites: number;
  /** Scenario name → its p50 in ms and its rate at one connection. */
  figures: Record<string, { p50: number; rps: number }>;
}

export const GROWTH_SCENARIOS = ['validate', 'get by id', 'list page 1', 'create 1'] as const;

/**
 * The cost of the common requests at the table's present size: each scenario one request at
 * a time, so the figure is the request's own service time and not a queue's. The time is
 * spent in passes of a second, the scenarios in turn, and each figure is the median pass:
 * at a p50 under a millisecond, a slow second of the machine (a flush, another process)
 * would otherwise move one size's figure by half and not another's.
 */
export async function measureGrowth(options: {
  url: string;
  invites: number;
  seconds: number;
  adminKey: string;
  sample: readonly InviteRef[];
}): Promise<GrowthPoint> {
  const auth = { authorization: `Bearer ${options.adminKey}` };
  let i = 0;
  const next = () => options.sample[i++ % options.sample.length]!;
  const scenarios: Record<(typeof GROWTH_SCENARIOS)[number], Parameters<typeof load>[0]> = {
    validate: {
      url: options.url,
      connections: 1,
      duration: options.seconds,
      next: () => ({ path: `/api/v1/invites/${next().code}/validate` }),
    },
    'get by id': {
      url: options.url,
      connections: 1,
      duration: options.seconds,
      headers: auth,
      next: () => ({ path: `/api/v1/invites/${next().id}` }),
    },
    'list page 1': {
      url: options.url,
      connections: 1,
      duration: options.seconds,
      headers: auth,
      next: () => ({ path: '/api/v1/invites' }),
    },
    'create 1': {
      url: options.url,
      method: 'POST',
      connections: 1,
      duration: options.seconds,
      headers: auth,
      next: () => ({ path: '/api/v1/invites', body: '{}' }),
    },
  };
  const passes = Math.max(1, Math.round(options.seconds));
  const runs = new Map(
    GROWTH_SCENARIOS.map((name) => [name, { p50: [] as number[], rps: [] as number[] }]),
  );
  for (let pass = 0; pass < passes; pass++) {
    for (const name of GROWTH_SCENARIOS) {
      const measured = await load({ ...scenarios[name], duration: options.seconds / passes });
      runs.get(name)!.p50.push(measured.p50);
      runs.get(name)!.rps.push(measured.rps);
    }
  }
  const median = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    );
  const figures: GrowthPoint['figures'] = {};
  for (const [name, run] of runs) figures[name] = { p50: median(run.p50), rps: median(run.rps) };
  return { invites: options.invites, figures };
}

/** The largest p50 over the smallest, per scenario: the target is at most 1.5. */
export function growthSpread(points: readonly GrowthPoint[]): Record<string, number> {
  return Object.fromEntries(
    GROWTH_SCENARIOS.map((name) => {
      const p50s = points.map((point) => point.figures[name]?.p50 ?? 0).filter((v) => v > 0);
      return [name, p50s.length > 0 ? Math.max(...p50s) / Math.min(...p50s) : 0];
    }),
  );
}

import { load } from './load.ts';
import type { InviteRef } from './seed.ts';

/** What one request costs at one size of the invites table, one request at a time. */
export interface GrowthPoint {
  invites: number;
  /** Scenario name → its p50 in ms and its rate at one connection. */
  figures: Record<string, { p50: number; rps: number }>;
}

export const GROWTH_SCENARIOS = ['validate', 'get by id', 'list page 1', 'create 1'] as const;

/**
 * The cost of the common requests at the table's present size: each scenario one request at
 * a time, so the figure is the request's own service time and not a queue's.
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
  const figures: GrowthPoint['figures'] = {};
  for (const name of GROWTH_SCENARIOS) {
    const measured = await load(scenarios[name]);
    figures[name] = { p50: measured.p50, rps: measured.rps };
  }
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

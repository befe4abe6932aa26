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

/** One size of the invites table: a server of its own over a database holding that many. */
export interface GrowthPlace {
  invites: number;
  url: string;
  adminKey: string;
  sample: readonly InviteRef[];
}

/**
 * How many invites each size is asked about, spread evenly across its table: what the smallest
 * size's sample holds (every 50th of 10,000). The same number at every size, so that what
 * varies is the table and not how much of it the requests touch: asked about every 50th of a
 * million, each request met an invite no other had read, whose pages had left memory.
 */
export const GROWTH_SAMPLE = 200;

/** `count` items spread evenly over `items`, first to last. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, k) => items[Math.floor((k * items.length) / count)]!);
}

/** Each growth scenario's load at one place, one request at a time. */
function scenariosAt(place: GrowthPlace, seconds: number) {
  const auth = { authorization: `Bearer ${place.adminKey}` };
  const sample = spread(place.sample, GROWTH_SAMPLE);
  let i = 0;
  const next = () => sample[i++ % sample.length]!;
  const one = { url: place.url, connections: 1, duration: seconds };
  const scenarios: Record<(typeof GROWTH_SCENARIOS)[number], Parameters<typeof load>[0]> = {
    validate: { ...one, next: () => ({ path: `/api/v1/invites/${next().code}/validate` }) },
    'get by id': { ...one, headers: auth, next: () => ({ path: `/api/v1/invites/${next().id}` }) },
    'list page 1': { ...one, headers: auth, next: () => ({ path: '/api/v1/invites' }) },
    'create 1': {
      ...one,
      method: 'POST',
      headers: auth,
      next: () => ({ path: '/api/v1/invites', body: '{}' }),
    },
  };
  return scenarios;
}

/**
 * The cost of the common requests at each size of the table: each scenario one request at a
 * time, so the figure is the request's own service time and not a queue's.
 *
 * The sizes are databases side by side in one cluster, measured in interleaved passes of a
 * second each (every size, every scenario, then again), and each figure is the median pass.
 * Measured one size after another as one table grew, minutes apart, the sizes met the machine
 * in different states: two full runs of one build put validate at 0.8, 0.4 and 0.8 ms for
 * 10,000, 100,000 and 1,000,000 invites, faster in the middle than at either end, which no
 * table does by itself. Interleaved, whatever the machine does reaches every size alike. A
 * first pass is not counted: it carries each server's JIT warm-up.
 */
export async function measureGrowth(
  places: readonly GrowthPlace[],
  options: { passes: number; seconds: number },
): Promise<GrowthPoint[]> {
  const scenarios = places.map((place) => scenariosAt(place, options.seconds));
  const runs = places.map(
    () =>
      new Map(GROWTH_SCENARIOS.map((name) => [name, { p50: [] as number[], rps: [] as number[] }])),
  );
  for (let pass = 0; pass <= options.passes; pass++) {
    // Each pass starts at another size, so none is always measured right after the writes.
    for (let k = 0; k < places.length; k++) {
      const at = (pass + k) % places.length;
      for (const name of GROWTH_SCENARIOS) {
        const measured = await load(scenarios[at]![name]);
        if (pass === 0) continue;
        runs[at]!.get(name)!.p50.push(measured.p50);
        runs[at]!.get(name)!.rps.push(measured.rps);
      }
    }
  }
  const median = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    );
  return places.map((place, at) => {
    const figures: GrowthPoint['figures'] = {};
    for (const [name, run] of runs[at]!) {
      figures[name] = { p50: median(run.p50), rps: median(run.rps) };
    }
    return { invites: place.invites, figures };
  });
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

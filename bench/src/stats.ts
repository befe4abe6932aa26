/** The value at or below which `p` percent of the sorted samples fall (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/**
 * Of runs of one scenario, the one whose `by` is the median (the lower one of an even number),
 * whole, so its figures stay those of one run; it carries every run's `by` in `runs`.
 */
export function medianRun<T extends { runs?: number[] }>(
  runs: readonly T[],
  by: (run: T) => number,
): T {
  const sorted = [...runs].sort((a, b) => by(a) - by(b));
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return { ...median, runs: runs.map(by) };
}

import type { ServerProcess } from './processes.ts';

/** The server's memory right after one step of a run, in MB. */
export interface MemoryMark {
  /** e.g. "seeded 100,000", "validate", "worst cases". */
  step: string;
  /** Resident now (`VmRSS`). */
  rssMb: number;
  /** The highest resident size so far (`VmHWM`): a step that raised it is where the peak grew. */
  peakRssMb: number;
}

/**
 * Reads the server's resident and peak resident size after each step of a run and prints a
 * line for it, so a run's peak can be traced to the step that raised it.
 */
export function memoryMarks(server: ServerProcess, log: (line: string) => void) {
  const marks: MemoryMark[] = [];
  return {
    marks,
    async mark(step: string) {
      const [rss, peak] = await Promise.all([server.rssMb(), server.peakRssMb()]);
      const mark = { step, rssMb: Math.round(rss), peakRssMb: Math.round(peak) };
      const before = marks.at(-1)?.peakRssMb ?? 0;
      marks.push(mark);
      const raised = mark.peakRssMb > before ? ` (+${mark.peakRssMb - before})` : '';
      log(`    memory after ${step}: RSS ${mark.rssMb} MB, peak ${mark.peakRssMb} MB${raised}`);
      return mark;
    },
  };
}

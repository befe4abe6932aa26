import { HEAVY_CALLS_AT_ONCE, Semaphore } from '@guestlist/core';
import { proceduresByPath } from './rest/operations.ts';

/**
 * Calls that may build a large answer (bulk creates, lists) wait for one of a few permits
 * shared by the whole process (spec R22): however many requests arrive, batched or not, only
 * HEAVY_CALLS_AT_ONCE of them build their answers at once (a batch keeps the answers of its
 * finished calls until its last one ends: at most TRPC_BATCH_MAX, as many).
 *
 * A request takes every permit its heavy calls need in one step, when the first of them
 * starts, and gives them back when the last one ends (or, when the response closes first, once
 * none of its calls runs). A batch that took its permits one call at a time could hold some
 * while waiting for the rest, and two such batches would wait on each other forever. A batch of more heavy calls than there are
 * permits takes them all, and runs its calls that many at a time.
 */
export class Admission {
  readonly #gate: Semaphore;
  readonly #calls: number;
  /** This request's calls among themselves: no more at once than the permits it holds. */
  readonly #turns: Semaphore;
  #taken: Promise<() => void> | undefined;
  #inside = 0;
  #done = 0;
  #closed = false;

  constructor(gate: Semaphore, heavyCalls: number) {
    this.#gate = gate;
    this.#calls = Math.max(1, heavyCalls);
    this.#turns = new Semaphore(Math.min(this.#calls, HEAVY_CALLS_AT_ONCE));
  }

  /** Waits for the request's permits; the function returned marks this call done. */
  async enter(): Promise<() => void> {
    let release: () => void;
    for (;;) {
      this.#taken ??= this.#gate.acquire(this.#calls);
      const taken = this.#taken;
      release = await taken;
      // Given back meanwhile (the response closed with no call running): take them again.
      if (this.#taken === taken) break;
    }
    this.#inside++;
    const turn = await this.#turns.acquire();
    let left = false;
    return () => {
      if (left) return;
      left = true;
      turn();
      this.#inside--;
      this.#done++;
      if (this.#inside === 0 && (this.#closed || this.#done >= this.#calls))
        this.#giveBack(release);
    };
  }

  /**
   * The response is over: permits no call holds go back now. A call still running keeps them
   * until it ends, whether or not its client still waits, or a client that hangs up on each
   * request would run any number of them at once.
   */
  close(): void {
    this.#closed = true;
    const taken = this.#taken;
    void taken?.then((release) => {
      if (this.#inside === 0 && this.#taken === taken) this.#giveBack(release);
    });
  }

  #giveBack(release: () => void): void {
    this.#taken = undefined;
    release();
  }
}

/** How many of a request's calls (tRPC procedure paths) are heavy; a REST request is one. */
export function heavyCallsOf(paths: readonly string[]): number {
  return paths.filter((path) => proceduresByPath[path]?._def.meta?.heavy === true).length;
}

/** One semaphore per server process. */
export function createAdmissionGate(): Semaphore {
  return new Semaphore(HEAVY_CALLS_AT_ONCE);
}

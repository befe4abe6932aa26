/**
 * A first-come, first-served counting semaphore whose holders may take several permits at once
 * (a batch of calls takes one per call, in one step, so that two batches can never each hold
 * half of what both need). A request for more than the whole is granted the whole.
 */
export class Semaphore {
  readonly #capacity: number;
  #free: number;
  readonly #waiting: { permits: number; grant: () => void }[] = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
    this.#free = capacity;
  }

  /** Waits for `permits` (at most the capacity) and returns the function that gives them back. */
  async acquire(permits = 1): Promise<() => void> {
    const taken = Math.min(Math.max(1, permits), this.#capacity);
    if (this.#waiting.length === 0 && this.#free >= taken) {
      this.#free -= taken;
    } else {
      await new Promise<void>((grant) => this.#waiting.push({ permits: taken, grant }));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#free += taken;
      this.#drain();
    };
  }

  /** Runs `work` holding `permits`. */
  async run<T>(work: () => Promise<T>, permits = 1): Promise<T> {
    const release = await this.acquire(permits);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Permits not held, and callers waiting: for metrics and tests. */
  get state(): { free: number; waiting: number } {
    return { free: this.#free, waiting: this.#waiting.length };
  }

  #drain(): void {
    // In order: a large request at the head is not overtaken by smaller ones behind it.
    while (this.#waiting.length > 0 && this.#free >= this.#waiting[0]!.permits) {
      const next = this.#waiting.shift()!;
      this.#free -= next.permits;
      next.grant();
    }
  }
}

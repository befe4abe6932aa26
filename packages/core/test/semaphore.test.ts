import { describe, expect, it } from 'vitest';
import { Semaphore } from '../src/domain/semaphore.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Semaphore', () => {
  it('lets at most its capacity in, and the rest in the order they came', async () => {
    const gate = new Semaphore(2);
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const waiters = [0, 1, 2, 3].map((i) =>
      gate.acquire().then((release) => {
        order.push(i);
        releases.push(release);
      }),
    );
    await tick();
    expect(order).toEqual([0, 1]);
    expect(gate.state).toEqual({ free: 0, waiting: 2 });
    releases[0]!();
    releases[0]!(); // a second release gives nothing back
    await tick();
    expect(order).toEqual([0, 1, 2]);
    expect(gate.state).toEqual({ free: 0, waiting: 1 });
    releases[1]!();
    releases[2]!();
    await Promise.all(waiters);
    releases[3]!();
    expect(gate.state).toEqual({ free: 2, waiting: 0 });
  });

  it('takes several permits in one step, never overtaken by smaller requests behind it', async () => {
    const gate = new Semaphore(4);
    const first = await gate.acquire(3);
    const got: string[] = [];
    const big = gate.acquire(2).then((release) => {
      got.push('big');
      return release;
    });
    const small = gate.acquire(1).then((release) => {
      got.push('small');
      return release;
    });
    await tick();
    // One permit is free, but the request of two came first.
    expect(got).toEqual([]);
    first();
    await tick();
    expect(got).toEqual(['big', 'small']);
    (await big)();
    (await small)();
    expect(gate.state.free).toBe(4);
  });

  it('grants a request larger than the whole the whole, and runs work holding permits', async () => {
    const gate = new Semaphore(2);
    const release = await gate.acquire(10);
    expect(gate.state.free).toBe(0);
    release();
    await expect(gate.run(async () => 'done')).resolves.toBe('done');
    await expect(
      gate.run(async () => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(gate.state.free).toBe(2);
  });
});

import { HEAVY_CALLS_AT_ONCE } from '@guestlist/core';
import { describe, expect, it } from 'vitest';
import { Admission, createAdmissionGate, heavyCallsOf } from '../src/admission.ts';

/** Runs `calls` heavy calls of one request, counting how many of all requests run at once. */
function request(
  gate: ReturnType<typeof createAdmissionGate>,
  calls: number,
  running: { now: number; most: number },
) {
  const admission = new Admission(gate, calls);
  return Promise.all(
    Array.from({ length: calls }, async () => {
      const leave = await admission.enter();
      running.now++;
      running.most = Math.max(running.most, running.now);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running.now--;
      leave();
    }),
  );
}

describe('the turns of heavy calls', () => {
  it('counts the heavy procedures of a batch', () => {
    expect(heavyCallsOf(['invites.list', 'invites.get', 'groups.list', 'nope'])).toBe(2);
  });

  it(`runs at most ${HEAVY_CALLS_AT_ONCE} at once, across requests and batches, and never deadlocks`, async () => {
    const gate = createAdmissionGate();
    const running = { now: 0, most: 0 };
    await Promise.all([
      ...Array.from({ length: 6 }, () => request(gate, 10, running)),
      ...Array.from({ length: 10 }, () => request(gate, 1, running)),
      ...Array.from({ length: 4 }, () => request(gate, 3, running)),
    ]);
    expect(running.most).toBe(HEAVY_CALLS_AT_ONCE);
    expect(gate.state).toEqual({ free: HEAVY_CALLS_AT_ONCE, waiting: 0 });
  });

  it('gives the permits back when the response closes before every call ran', async () => {
    const gate = createAdmissionGate();
    const admission = new Admission(gate, 3);
    const leave = await admission.enter();
    leave();
    // The other two calls never came (refused before they started): the response ends.
    admission.close();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(gate.state.free).toBe(HEAVY_CALLS_AT_ONCE);
  });

  it('keeps the permits of a call that still runs when the response closes', async () => {
    const gate = createAdmissionGate();
    const admission = new Admission(gate, 1);
    const leave = await admission.enter();
    admission.close();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The client is gone but the call goes on: its permit is still taken.
    expect(gate.state.free).toBe(HEAVY_CALLS_AT_ONCE - 1);
    leave();
    expect(gate.state.free).toBe(HEAVY_CALLS_AT_ONCE);
  });

  it('takes the permits again for a call that starts after they went back', async () => {
    const gate = createAdmissionGate();
    const admission = new Admission(gate, 2);
    (await admission.enter())();
    admission.close();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(gate.state.free).toBe(HEAVY_CALLS_AT_ONCE);
    const leave = await admission.enter();
    expect(gate.state.free).toBe(HEAVY_CALLS_AT_ONCE - 2);
    leave();
    expect(gate.state.free).toBe(HEAVY_CALLS_AT_ONCE);
  });
});

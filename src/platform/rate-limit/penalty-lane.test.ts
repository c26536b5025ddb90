import { describe, expect, it, vi } from 'vitest';
import { PenaltyLane } from './penalty-lane';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('PenaltyLane', () => {
  it('penalizes a caller until penaltyMs after its latest refusal', () => {
    let now = 1_000;
    const lane = new PenaltyLane({ penaltyMs: 500, maxWaiting: 10, share: 1, maxPauseMs: 0, now: () => now });
    expect(lane.isPenalized('key:a')).toBe(false);
    lane.penalize('key:a');
    now += 400;
    lane.penalize('key:a');
    now += 400;
    expect(lane.isPenalized('key:a')).toBe(true);
    expect(lane.isPenalized('key:b')).toBe(false);
    now += 101;
    expect(lane.isPenalized('key:a')).toBe(false);
  });

  it('starts its requests one at a time, in arrival order, each after the previous one has left', async () => {
    const lane = new PenaltyLane({ penaltyMs: 1_000, maxWaiting: 10, share: 1, maxPauseMs: 0 });
    const started: number[] = [];
    const leaves: Array<() => void> = [];
    for (let i = 0; i < 3; i++) {
      expect(lane.enter((leave) => (started.push(i), leaves.push(leave)))).toBe(true);
    }
    expect(started).toEqual([0]);
    expect(lane.waitingCount).toBe(2);
    leaves[0]!();
    leaves[0]!(); // leaving twice frees one turn only
    expect(started).toEqual([0]); // the next one waits for the event loop's next turn
    await nextTurn();
    expect(started).toEqual([0, 1]);
    leaves[1]!();
    await nextTurn();
    expect(started).toEqual([0, 1, 2]);
    expect(lane.waitingCount).toBe(0);
  });

  it('pauses after each request for as long as its share asks (a request of 30 ms, share 0.25: 90 ms), capped at maxPauseMs', async () => {
    let now = 0;
    const pauses: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms: number) => {
      pauses.push(ms);
      return realSetTimeout(callback, 0);
    }) as typeof setTimeout);
    try {
      const lane = new PenaltyLane({ penaltyMs: 1_000, maxWaiting: 10, share: 0.25, maxPauseMs: 100, now: () => now });
      const started: number[] = [];
      const leaves: Array<() => void> = [];
      for (let i = 0; i < 3; i++) lane.enter((leave) => (started.push(i), leaves.push(leave)));
      now += 30;
      leaves[0]!();
      await nextTurn();
      expect(started).toEqual([0]); // still pausing: an immediate is not enough
      await new Promise((resolve) => realSetTimeout(resolve, 5));
      expect(started).toEqual([0, 1]);
      now += 60;
      leaves[1]!();
      await new Promise((resolve) => realSetTimeout(resolve, 5));
      expect(started).toEqual([0, 1, 2]);
      expect(pauses).toEqual([90, 100]);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('refuses a share outside (0, 1]', () => {
    expect(() => new PenaltyLane({ penaltyMs: 1, maxWaiting: 1, share: 0, maxPauseMs: 1 })).toThrow(RangeError);
  });

  it('refuses to hold more than maxWaiting requests, and never runs the refused one', () => {
    const lane = new PenaltyLane({ penaltyMs: 1_000, maxWaiting: 2, share: 1, maxPauseMs: 0 });
    const started: string[] = [];
    expect(lane.enter(() => started.push('a'))).toBe(true); // under way, not waiting
    expect(lane.enter(() => started.push('b'))).toBe(true);
    expect(lane.enter(() => started.push('c'))).toBe(true);
    expect(lane.enter(() => started.push('d'))).toBe(false);
    expect(started).toEqual(['a']);
  });

  it('frees its turn when the request throws as it starts', async () => {
    const lane = new PenaltyLane({ penaltyMs: 1_000, maxWaiting: 10, share: 1, maxPauseMs: 0 });
    expect(() =>
      lane.enter(() => {
        throw new Error('broken request');
      }),
    ).toThrow('broken request');
    let started = false;
    lane.enter(() => (started = true));
    await nextTurn();
    expect(started).toBe(true);
  });

  it('forgets every penalty rather than grow without bound under a flood of distinct callers', () => {
    const lane = new PenaltyLane({ penaltyMs: 1_000, maxWaiting: 10, share: 1, maxPauseMs: 0, maxCallers: 3 });
    for (const caller of ['ip:1', 'ip:2', 'ip:3']) lane.penalize(caller);
    lane.penalize('ip:4');
    expect(lane.isPenalized('ip:1')).toBe(false);
    expect(lane.isPenalized('ip:4')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { PenaltyLane } from './penalty-lane';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('PenaltyLane', () => {
  it('penalizes a caller until penaltyMs after its latest refusal', () => {
    let now = 1_000;
    const lane = new PenaltyLane({ penaltyMs: 500, maxWaiting: 10, now: () => now });
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
    const lane = new PenaltyLane({ penaltyMs: 1_000, maxWaiting: 10 });
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

  it('refuses to hold more than maxWaiting requests, and never runs the refused one', () => {
    const lane = new PenaltyLane({ penaltyMs: 1_000, maxWaiting: 2 });
    const started: string[] = [];
    expect(lane.enter(() => started.push('a'))).toBe(true); // under way, not waiting
    expect(lane.enter(() => started.push('b'))).toBe(true);
    expect(lane.enter(() => started.push('c'))).toBe(true);
    expect(lane.enter(() => started.push('d'))).toBe(false);
    expect(started).toEqual(['a']);
  });

  it('frees its turn when the request throws as it starts', async () => {
    const lane = new PenaltyLane({ penaltyMs: 1_000, maxWaiting: 10 });
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
    const lane = new PenaltyLane({ penaltyMs: 1_000, maxWaiting: 10, maxCallers: 3 });
    for (const caller of ['ip:1', 'ip:2', 'ip:3']) lane.penalize(caller);
    lane.penalize('ip:4');
    expect(lane.isPenalized('ip:1')).toBe(false);
    expect(lane.isPenalized('ip:4')).toBe(true);
  });
});

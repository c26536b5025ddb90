import { describe, expect, it } from 'vitest';
import { retryDelayMs, verdictFor, type RetryPolicy } from './retry-schedule';

const DAY = 86_400_000;
const policy: RetryPolicy = { retryWindowMs: DAY, baseDelayMs: 5_000, maxDelayMs: 3_600_000 };

describe('webhook retry schedule', () => {
  it('doubles the delay from the base up to the cap, never below half of it', () => {
    const low = () => 0;
    const high = () => 1; // the bound Math.random approaches
    expect(retryDelayMs(1, policy, low)).toBe(2_500);
    expect(retryDelayMs(1, policy, high)).toBe(5_000);
    expect(retryDelayMs(4, policy, high)).toBe(40_000);
    expect(retryDelayMs(30, policy, high)).toBe(3_600_000);
    expect(retryDelayMs(30, policy, low)).toBe(1_800_000);
  });

  it('keeps retrying a receiver that never answers for the whole 24-hour window, then dead-letters', () => {
    const created = Date.UTC(2026, 0, 1);
    const retryUntil = new Date(created + DAY);
    let now = created;
    let attempt = 1;
    let lastAttempt = now;
    for (;;) {
      const verdict = verdictFor(undefined, attempt, retryUntil, policy, { now: new Date(now) });
      if (verdict.kind === 'dead') break;
      expect(verdict.kind).toBe('retry');
      if (verdict.kind !== 'retry') break;
      now = verdict.at.getTime();
      lastAttempt = now;
      attempt++;
    }
    // The last attempt comes after the window's end, less than a capped delay after it.
    expect(lastAttempt).toBeGreaterThanOrEqual(retryUntil.getTime());
    expect(lastAttempt - retryUntil.getTime()).toBeLessThanOrEqual(policy.maxDelayMs);
    expect(attempt).toBeGreaterThan(20);
  });

  it('counts 2xx as delivered, 410 as gone and everything else as a failure to retry', () => {
    const until = new Date(Date.now() + DAY);
    expect(verdictFor(204, 1, until, policy).kind).toBe('delivered');
    expect(verdictFor(410, 1, until, policy).kind).toBe('gone');
    for (const status of [301, 400, 429, 500, 503, undefined]) expect(verdictFor(status, 1, until, policy).kind).toBe('retry');
    expect(verdictFor(500, 1, new Date(Date.now() - 1), policy).kind).toBe('dead');
    expect(verdictFor(500, 30, new Date(Date.now() + 1000), policy).kind).toBe('retry');
  });

  it("waits as long as a receiver's Retry-After asks, up to the longest delay, and never less than the backoff", () => {
    const now = new Date('2026-12-03T00:00:00Z');
    const until = new Date(now.getTime() + DAY);
    const at = (retryAfterMs?: number) => {
      const verdict = verdictFor(429, 1, until, policy, { now, random: () => 1, retryAfterMs });
      return verdict.kind === 'retry' ? verdict.at.getTime() - now.getTime() : -1;
    };
    expect(at()).toBe(5_000);
    expect(at(120_000)).toBe(120_000);
    expect(at(1_000)).toBe(5_000);
    expect(at(7 * DAY)).toBe(policy.maxDelayMs);
  });
});

import { performance } from 'node:perf_hooks';

/**
 * A slow lane for callers that were refused a moment ago (over their rate, over the cost budget, an unknown key,
 * a body over the limit). Their next requests still get answers, but one at a time, and the lane as a whole may
 * keep the process busy for only `share` of the time: after each lane request, the next waits for as long as the
 * last one took times (1 - share) / share.
 *
 * Why: one API process has one event loop. Clients that send refused requests in a closed loop keep it busy
 * however cheap each refusal is, and a normal client's read then waits behind refusal work at every step it
 * takes (each database round trip is one). One at a time bounds what is queued ahead of it; the share leaves
 * the loop idle most of the time, so its steps rarely wait at all. The state is this process's alone and expires
 * by itself, so API processes stay stateless: a caller refused by one process is simply not slowed by the others.
 */
export class PenaltyLane {
  private readonly penalizedUntil = new Map<string, number>();
  private readonly waiting: Array<() => void> = [];
  private busy = false;

  constructor(
    private readonly options: {
      penaltyMs: number;
      maxWaiting: number;
      /** The fraction of time lane requests may keep the process busy, from 0 (exclusive) to 1. */
      share: number;
      /** The longest pause between two lane requests, whatever the last one took. */
      maxPauseMs: number;
      maxCallers?: number;
      now?: () => number;
    },
  ) {
    if (!(options.share > 0 && options.share <= 1)) throw new RangeError(`PenaltyLane share must be in (0, 1], got ${options.share}`);
  }

  /** Sends `caller`'s requests through the lane until `penaltyMs` after this refusal. */
  penalize(caller: string): void {
    const maxCallers = this.options.maxCallers ?? 100_000;
    // A flood of distinct callers (random keys) must not grow this map without bound: forget them all at once.
    if (this.penalizedUntil.size >= maxCallers && !this.penalizedUntil.has(caller)) this.penalizedUntil.clear();
    this.penalizedUntil.set(caller, this.now() + this.options.penaltyMs);
  }

  isPenalized(caller: string): boolean {
    const until = this.penalizedUntil.get(caller);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.penalizedUntil.delete(caller);
    return false;
  }

  /**
   * Runs `start` when the lane's turn comes; `start` gets the function to call once its request has answered
   * (calling it twice is harmless).
   * False (and `start` never runs) when the lane already holds `maxWaiting` requests: refuse that one at once.
   */
  enter(start: (leave: () => void) => void): boolean {
    if (this.waiting.length >= this.options.maxWaiting) return false;
    this.waiting.push(() => {
      const startedAt = this.now();
      let left = false;
      const leave = () => {
        if (left) return;
        left = true;
        const { share, maxPauseMs } = this.options;
        const pauseMs = Math.min(maxPauseMs, ((this.now() - startedAt) * (1 - share)) / share);
        // Never a direct call: requests outside the lane that arrived meanwhile go first (setImmediate runs
        // after the poll phase), and for the pause the loop is theirs alone.
        const next = () => {
          this.busy = false;
          this.startNext();
        };
        if (pauseMs >= 1) setTimeout(next, pauseMs);
        else setImmediate(next);
      };
      try {
        start(leave);
      } catch (error) {
        leave();
        throw error;
      }
    });
    if (!this.busy) this.startNext();
    return true;
  }

  /** Requests waiting for their turn (not counting the one under way). */
  get waitingCount(): number {
    return this.waiting.length;
  }

  private startNext(): void {
    if (this.busy) return;
    const next = this.waiting.shift();
    if (!next) return;
    this.busy = true;
    next();
  }

  private now(): number {
    return this.options.now ? this.options.now() : performance.now();
  }
}

/**
 * A slow lane for callers that were refused a moment ago (over their rate, over the cost budget, an unknown key,
 * a body over the limit). Their next requests still get answers, but one at a time: each starts only after the
 * previous one in the lane has answered and the event loop has served whatever else had arrived meanwhile.
 *
 * Why: one API process has one event loop. Six clients that send refused requests in a closed loop keep six
 * requests' worth of work queued ahead of everyone else, however cheap each refusal is; a normal client's one-row
 * read then waits behind all six. In the lane they queue behind each other instead, and the normal client waits
 * for at most the one lane request under way. The state is this process's alone and expires by itself, so API
 * processes stay stateless: a caller refused by one process is simply not slowed by the others.
 */
export class PenaltyLane {
  private readonly penalizedUntil = new Map<string, number>();
  private readonly waiting: Array<() => void> = [];
  private busy = false;

  constructor(private readonly options: { penaltyMs: number; maxWaiting: number; maxCallers?: number; now?: () => number }) {}

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
      let left = false;
      const leave = () => {
        if (left) return;
        left = true;
        this.busy = false;
        // setImmediate, not a direct call: the poll phase runs first, so requests outside the lane go ahead.
        setImmediate(() => this.startNext());
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
    return (this.options.now ?? Date.now)();
  }
}

/**
 * Shopify's calculated-query-cost leaky bucket, for the emulator: a query needs its requested cost
 * available before it runs, is debited that much, and is refunded the difference to its actual cost.
 * The bucket refills continuously at `restoreRate` points per second. Time comes from `now`, so tests
 * can move the emulator's clock instead of waiting.
 */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class QueryCostBucket {
  private available: number;
  private lastRefill: number;

  constructor(
    private maximumAvailable: number,
    private restoreRate: number,
    private readonly now: () => number,
  ) {
    this.available = maximumAvailable;
    this.lastRefill = now();
  }

  /** Changes the plan's limits (e.g. a small bucket to make a test throttle); starts full. */
  configure(limits: { maximumAvailable: number; restoreRate: number }): void {
    this.maximumAvailable = limits.maximumAvailable;
    this.restoreRate = limits.restoreRate;
    this.available = limits.maximumAvailable;
    this.lastRefill = this.now();
  }

  status(): ThrottleStatus {
    this.refill();
    // Shopify reports whole points; rounding down never tells a client it may go sooner than it can.
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }

  /** Debits the requested cost when it is available; false (and nothing debited) when throttled. */
  tryDebit(requestedCost: number): boolean {
    this.refill();
    // A client that waited exactly (requested − available) / restoreRate must get through, despite float error.
    if (this.available + 1e-6 < requestedCost) return false;
    this.available = Math.max(0, this.available - requestedCost);
    return true;
  }

  refund(points: number): void {
    this.available = Math.min(this.maximumAvailable, this.available + Math.max(0, points));
  }

  private refill(): void {
    const now = this.now();
    this.available = Math.min(this.maximumAvailable, this.available + ((now - this.lastRefill) / 1000) * this.restoreRate);
    this.lastRefill = now;
  }
}

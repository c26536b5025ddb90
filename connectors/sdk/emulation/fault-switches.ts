/**
 * Misbehaviour an emulator can be told to show, each as a count of upcoming requests it affects, so a
 * test can say "the next two requests are rate limited" and then check that the connector recovered.
 * Each emulator answers a fault the way its platform does (429, errcode in a 200 body, THROTTLED, …).
 */
export interface FaultPlan {
  rateLimit: number;
  serverError: number;
  truncateJson: number;
  /** Expire the current access token now: the next request with it is refused as expired. */
  expireToken: boolean;
  /** Delay before every answer, to exercise timeouts. */
  slowMs: number;
}

export type CountedFault = 'rateLimit' | 'serverError' | 'truncateJson';

export class FaultSwitches {
  readonly plan: FaultPlan = { rateLimit: 0, serverError: 0, truncateJson: 0, expireToken: false, slowMs: 0 };

  set(faults: Partial<FaultPlan>): void {
    Object.assign(this.plan, faults);
  }

  /** True (and one fewer left) when the next request should show this fault. */
  take(fault: CountedFault): boolean {
    if (this.plan[fault] <= 0) return false;
    this.plan[fault]--;
    return true;
  }

  /** Cuts a JSON body in the middle, as a dropped connection would. */
  static truncate(body: string): string {
    return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
  }
}

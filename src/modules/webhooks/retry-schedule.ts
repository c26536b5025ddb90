/** How deliveries are retried: HUB_WEBHOOK_RETRY_HOURS and the backoff bounds. */
export interface RetryPolicy {
  /** How long a delivery is retried, from when its event was written (or replayed); the last attempt comes after it. */
  retryWindowMs: number;
  /** The delay before the second attempt; each further one doubles it. */
  baseDelayMs: number;
  /** The longest delay between two attempts. */
  maxDelayMs: number;
}

/** What an attempt's result means for the delivery and its subscription. */
export type AttemptVerdict =
  | { kind: 'delivered' }
  /** The receiver said 410 Gone: the subscription is disabled and the delivery waits for it to be enabled again. */
  | { kind: 'gone' }
  | { kind: 'retry'; at: Date }
  | { kind: 'dead' };

/**
 * The delay before attempt `attempt + 1`: exponential from the base, capped, with "equal jitter" (half
 * fixed, half random) so receivers coming back up are not hit by every dispatcher at the same instant,
 * while no retry comes sooner than half its nominal delay.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(nominal / 2 + (random() * nominal) / 2);
}

/**
 * The verdict on an attempt that answered `status` (undefined: no HTTP answer, a timeout or a refused
 * address). A failure before `retryUntil` is always retried, so the last attempt comes after it: a
 * receiver is tried for at least the whole window.
 */
export function verdictFor(
  status: number | undefined,
  attempt: number,
  retryUntil: Date,
  policy: RetryPolicy,
  options: { now?: Date; random?: () => number; retryAfterMs?: number } = {},
): AttemptVerdict {
  const now = options.now ?? new Date();
  if (status !== undefined && status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 410) return { kind: 'gone' };
  if (now.getTime() >= retryUntil.getTime()) return { kind: 'dead' };
  // A receiver's Retry-After (429, 503) is honoured up to the longest delay; it never makes a retry sooner.
  const delay = Math.max(retryDelayMs(attempt, policy, options.random), Math.min(options.retryAfterMs ?? 0, policy.maxDelayMs));
  return { kind: 'retry', at: new Date(now.getTime() + delay) };
}

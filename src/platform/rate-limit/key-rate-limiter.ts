import IORedis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** What one request's check answers: allowed, or refused with the seconds until the key may send again. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const WINDOW_SECONDS = 60;

/**
 * Requests per minute per caller key (rate-limiter-flexible): counted in Redis when a URL is given, so every
 * API process of one hub shares the count, and in this process otherwise. A Redis that stops answering falls
 * back to a count in this process (the library's insurance limiter) rather than refusing or waving everyone through.
 * Each distinct rate has a limiter of its own: keys carry their own rate.
 */
export class KeyRateLimiter {
  private readonly redis?: IORedis;
  private readonly limiters = new Map<number, RateLimiterAbstract>();

  constructor(private readonly options: { redisUrl?: string; prefix: string }) {
    // Fail fast when Redis is away: the insurance limiter answers instead of a request waiting on reconnects.
    this.redis = options.redisUrl ? new IORedis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false }) : undefined;
    this.redis?.on('error', () => undefined);
  }

  /** Counts one request of `key` against `perMinute`. */
  async take(key: string, perMinute: number): Promise<RateDecision> {
    try {
      await this.limiterFor(perMinute).consume(key, 1);
      return { allowed: true };
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
      throw refusal;
    }
  }

  /** Whether `key` has spent its `perMinute`, without counting a request. */
  async spent(key: string, perMinute: number): Promise<RateDecision> {
    const state = await this.limiterFor(perMinute).get(key);
    if (!state || state.consumedPoints < perMinute) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(state.msBeforeNext / 1000)) };
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }

  private limiterFor(points: number): RateLimiterAbstract {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      const keyPrefix = `${this.options.prefix}:rate:${points}`;
      const memory = new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS });
      limiter = this.redis ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix, points, duration: WINDOW_SECONDS, insuranceLimiter: memory, rejectIfRedisNotReady: true }) : memory;
      this.limiters.set(points, limiter);
    }
    return limiter;
  }
}

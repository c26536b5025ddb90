import autocannon from 'autocannon';
import type { CpuSeconds } from './cpu-usage';

export interface LoadFigures {
  requestsPerSecond: number;
  /** autocannon's own percentiles (whole milliseconds: its histogram records integers). */
  latencyMs: { p50: number; p99: number; average: number; max: number };
  /** The same percentiles computed from every response time, to the microsecond. */
  exactLatencyMs: { p50: number; p90: number; p99: number; p999: number };
  completed: number;
  /** Answered during the warm-up, which is not measured. */
  warmupCompleted: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  seconds: number;
  /** What the probe counted over the measured run, when a probe was given. */
  counters?: RunCounters;
}

export interface RunCounters {
  cpu?: CpuSeconds;
  /** SQL statements the server sent. */
  sqlStatements?: number;
}

export interface RunProbe {
  stop(): Promise<RunCounters>;
}

export interface LoadPlan {
  url: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  headers: Record<string, string>;
  /** Called once per request: lets each request carry its own body. */
  body: () => string;
  /** A response body is counted as a mismatch unless this holds. */
  verifyBody: (body: string) => boolean;
  /** Started after the warm-up, stopped after the measured run. */
  startProbe?: () => Promise<RunProbe>;
}

/** A warm-up run whose figures are thrown away, then the measured run; both with the same client settings. */
export async function loadTest(plan: LoadPlan): Promise<LoadFigures> {
  const warmup = await run(plan, plan.warmupSeconds);
  const probe = await plan.startProbe?.();
  const measured = await run(plan, plan.seconds);
  return { ...measured, warmupCompleted: warmup.completed, counters: await probe?.stop() };
}

async function run(plan: LoadPlan, seconds: number): Promise<Omit<LoadFigures, 'warmupCompleted' | 'counters'>> {
  const times: number[] = [];
  const instance = autocannon({
    url: plan.url,
    connections: plan.connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...plan.headers },
    requests: [
      {
        setupRequest: (request) => {
          request.body = plan.body();
          return request;
        },
      },
    ],
    verifyBody: plan.verifyBody,
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) times.push(responseTime);
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  const at = (quantile: number) => (times.length === 0 ? NaN : times[Math.min(times.length - 1, Math.ceil(quantile * times.length) - 1)]);
  return {
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, average: result.latency.average, max: result.latency.max },
    exactLatencyMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999) },
    completed: result.latency.totalCount,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    seconds: result.duration,
  };
}

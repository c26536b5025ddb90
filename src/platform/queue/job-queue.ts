/**
 * Background jobs, run by BullMQ on Redis when REDIS_URL is set and in-process otherwise, through the
 * same handlers with the same retry semantics. Job data holds ids only, never secrets.
 */
export interface JobContext {
  /** 1 for the first attempt. */
  attempt: number;
  /** No retry follows a failure of this attempt. */
  finalAttempt: boolean;
}

export type JobHandler = (data: Record<string, string>, context: JobContext) => Promise<void>;

export interface EnqueueOptions {
  /** Deterministic id: enqueueing the same id twice runs the job once. */
  jobId: string;
}

/** When a repeating job fires: a cron pattern (server local time) or a fixed interval. */
export type Repeat = { cron: string } | { everyMs: number };

/** Whether a schedule the queue holds repeats as `b` does (so setting it again can be skipped). */
export function sameRepeat(a: Repeat | undefined, b: Repeat): boolean {
  if (!a) return false;
  return 'cron' in a ? 'cron' in b && a.cron === b.cron : 'everyMs' in b && a.everyMs === b.everyMs;
}

export interface ScheduledJob {
  name: string;
  data: Record<string, string>;
}

export interface JobQueue {
  enqueue(name: string, data: Record<string, string>, options: EnqueueOptions): Promise<void>;
  /** Starts taking jobs (a `hub worker` or `hub start`); an API-only process never calls it. */
  startWorker(handlers: Record<string, JobHandler>): Promise<void>;
  /** Creates or replaces the repeating job `scheduleId`: each tick enqueues `job` (BullMQ job schedulers on Redis). */
  upsertSchedule(scheduleId: string, repeat: Repeat, job: ScheduledJob): Promise<void>;
  removeSchedule(scheduleId: string): Promise<void>;
  /** Every schedule the queue holds, by id: to find the stale and the changed ones. */
  schedules(): Promise<Map<string, Repeat>>;
  /** Waits until no job is waiting or running (tests, graceful shutdown). */
  drain(): Promise<void>;
  /** Resolves when the queue's store answers (Redis PING; at once in-process): what `/ready` asks. May hang while Redis is away: callers bound it. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const JOB_ATTEMPTS = 5;
export const JOB_BACKOFF_MS = 2_000;

/** Thrown by a handler for a failure that retrying cannot fix. */
export class UnretryableJobError extends Error {}

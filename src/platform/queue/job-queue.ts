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

export interface JobQueue {
  enqueue(name: string, data: Record<string, string>, options: EnqueueOptions): Promise<void>;
  /** Starts taking jobs (a `hub worker` or `hub start`); an API-only process never calls it. */
  startWorker(handlers: Record<string, JobHandler>): Promise<void>;
  /** Waits until no job is waiting or running (tests, graceful shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export const JOB_ATTEMPTS = 5;
export const JOB_BACKOFF_MS = 2_000;

/** Thrown by a handler for a failure that retrying cannot fix. */
export class UnretryableJobError extends Error {}

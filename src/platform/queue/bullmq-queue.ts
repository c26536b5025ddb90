import { Queue, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import type { Logger } from '../logger';
import { JOB_ATTEMPTS, JOB_BACKOFF_MS, UnretryableJobError, type EnqueueOptions, type JobHandler, type JobQueue, type Repeat, type ScheduledJob } from './job-queue';

const QUEUE_NAME = 'hub-jobs';
// While Redis is away every reconnect attempt fails again: one log line per this interval is enough.
const CONNECTION_ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * Jobs on Redis through BullMQ: any number of `hub worker` processes share one queue, a job whose
 * worker dies is taken over when its lock expires (stalled-job recovery), and deterministic job ids
 * keep a job from being queued twice.
 */
export class BullMqQueue implements JobQueue {
  private readonly connection: IORedis;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  /** BullMQ never closes a connection it is given; we quit this one ourselves or the process cannot exit. */
  private workerConnection: IORedis | undefined;
  private lastConnectionErrorLoggedAt = 0;

  constructor(
    redisUrl: string,
    private readonly logger: Logger,
    private readonly options: { prefix?: string; concurrency?: number; backoffMs?: number; lockDurationMs?: number } = {},
  ) {
    this.connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue(QUEUE_NAME, { connection: this.connection, prefix: options.prefix });
    // An 'error' event nobody listens to is thrown: Redis restarting would take the process down with it.
    // BullMQ and ioredis reconnect by themselves; the jobs wait in Redis meanwhile.
    this.connection.on('error', this.onConnectionError);
    this.queue.on('error', this.onConnectionError);
  }

  private readonly onConnectionError = (error: Error): void => {
    const now = Date.now();
    if (now - this.lastConnectionErrorLoggedAt < CONNECTION_ERROR_LOG_INTERVAL_MS) return;
    this.lastConnectionErrorLoggedAt = now;
    this.logger.warn({ err: error }, 'job queue: Redis connection error; reconnecting (jobs wait in Redis meanwhile)');
  };

  async enqueue(name: string, data: Record<string, string>, { jobId }: EnqueueOptions): Promise<void> {
    await this.queue.add(name, data, {
      jobId,
      attempts: JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.options.backoffMs ?? JOB_BACKOFF_MS },
      removeOnComplete: { age: 86_400, count: 10_000 },
      removeOnFail: { age: 7 * 86_400 },
    });
  }

  async upsertSchedule(scheduleId: string, repeat: Repeat, job: ScheduledJob): Promise<void> {
    await this.queue.upsertJobScheduler(scheduleId, 'cron' in repeat ? { pattern: repeat.cron } : { every: repeat.everyMs }, {
      name: job.name,
      data: job.data,
      // A tick that fails is not retried: the next tick comes anyway.
      opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    });
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async removeSchedule(scheduleId: string): Promise<void> {
    await this.queue.removeJobScheduler(scheduleId);
  }

  async schedules(): Promise<Map<string, Repeat>> {
    const schedulers = await this.queue.getJobSchedulers(0, -1);
    return new Map(schedulers.map((scheduler) => [scheduler.key, scheduler.pattern ? { cron: scheduler.pattern } : { everyMs: Number(scheduler.every) }]));
  }

  async startWorker(handlers: Record<string, JobHandler>): Promise<void> {
    this.workerConnection = this.connection.duplicate();
    this.workerConnection.on('error', this.onConnectionError);
    this.worker = new Worker(
      QUEUE_NAME,
      async (job) => {
        const handler = handlers[job.name];
        if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
        const attempt = job.attemptsMade + 1;
        try {
          await handler(job.data as Record<string, string>, { attempt, finalAttempt: attempt >= (job.opts.attempts ?? 1) });
        } catch (error) {
          if (error instanceof UnretryableJobError) throw new UnrecoverableError(error.message);
          throw error;
        }
      },
      {
        connection: this.workerConnection,
        prefix: this.options.prefix,
        concurrency: this.options.concurrency ?? 2,
        lockDuration: this.options.lockDurationMs ?? 30_000,
        // Look for jobs whose worker died as often as a lock can expire.
        stalledInterval: this.options.lockDurationMs ?? 30_000,
      },
    );
    this.worker.on('error', this.onConnectionError);
    this.worker.on('failed', (job, error) => this.logger.warn({ job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: error }, 'job attempt failed'));
    await this.worker.waitUntilReady();
  }

  async drain(): Promise<void> {
    for (;;) {
      const { delayed, ...others } = await this.queue.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
      // A schedule always holds its next tick as a delayed job; only retries waiting out a backoff count.
      // Counted after the counts, so a job that moves in between errs towards waiting longer.
      const ticks = (await this.queue.getJobs(['delayed'])).filter((job) => job.repeatJobKey).length;
      if (Object.values(others).every((count) => count === 0) && delayed - ticks <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.workerConnection?.quit();
    await this.queue.close();
    await this.connection.quit();
  }
}

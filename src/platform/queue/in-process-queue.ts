import type { Logger } from '../logger';
import { InProcessSchedules } from './in-process-schedules';
import { JOB_ATTEMPTS, JOB_BACKOFF_MS, UnretryableJobError, type EnqueueOptions, type JobHandler, type JobQueue, type Repeat, type ScheduledJob } from './job-queue';

interface PendingJob {
  name: string;
  data: Record<string, string>;
  jobId: string;
  attempt: number;
}

// BullMQ's removeOnComplete count for our jobs: ticks every second must not grow this set without end.
const KNOWN_JOB_IDS = 10_000;

/**
 * The zero-config queue: jobs run in this process, one at a time, with BullMQ's retry policy
 * (attempts, exponential backoff). Nothing survives a restart: a run left `running` by a crash is
 * picked up again by the recovery the sync module does at start.
 */
export class InProcessQueue implements JobQueue {
  private readonly pending: PendingJob[] = [];
  private readonly known = new Set<string>();
  private handlers: Record<string, JobHandler> | undefined;
  private running: Promise<void> | undefined;
  private timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private readonly scheduleTimers = new InProcessSchedules((job, tickId) => void this.enqueue(job.name, job.data, { jobId: tickId }));

  constructor(
    private readonly logger: Logger,
    private readonly backoffMs = JOB_BACKOFF_MS,
  ) {}

  async enqueue(name: string, data: Record<string, string>, { jobId }: EnqueueOptions): Promise<void> {
    // Like BullMQ keeping finished jobs (the last KNOWN_JOB_IDS of them), an id seen lately is not run again.
    if (this.known.has(jobId)) return;
    this.known.add(jobId);
    if (this.known.size > KNOWN_JOB_IDS) this.known.delete(this.known.values().next().value!);
    this.pending.push({ name, data, jobId, attempt: 1 });
    this.pump();
  }

  async upsertSchedule(scheduleId: string, repeat: Repeat, job: ScheduledJob): Promise<void> {
    this.scheduleTimers.upsert(scheduleId, repeat, job);
  }

  async removeSchedule(scheduleId: string): Promise<void> {
    this.scheduleTimers.remove(scheduleId);
  }

  async schedules(): Promise<Map<string, Repeat>> {
    return this.scheduleTimers.list();
  }

  async startWorker(handlers: Record<string, JobHandler>): Promise<void> {
    this.handlers = handlers;
    this.pump();
  }

  /** Jobs live in this process: the queue is reachable whenever the process answers. */
  async ping(): Promise<void> {}

  async drain(): Promise<void> {
    while (this.running || this.pending.length > 0 || this.timers.size > 0) {
      await (this.running ?? new Promise((resolve) => setTimeout(resolve, 10)));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.scheduleTimers.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.running;
  }

  private pump(): void {
    if (this.running || !this.handlers || this.closed) return;
    const job = this.pending.shift();
    if (!job) return;
    this.running = this.process(job).finally(() => {
      this.running = undefined;
      this.pump();
    });
  }

  private async process(job: PendingJob): Promise<void> {
    const handler = this.handlers![job.name];
    const finalAttempt = job.attempt >= JOB_ATTEMPTS;
    try {
      if (!handler) throw new UnretryableJobError(`no handler for job ${job.name}`);
      await handler(job.data, { attempt: job.attempt, finalAttempt });
    } catch (error) {
      if (error instanceof UnretryableJobError || finalAttempt) {
        this.logger.error({ job: job.name, jobId: job.jobId, err: error }, 'job failed');
        return;
      }
      const delay = this.backoffMs * 2 ** (job.attempt - 1);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.pending.push({ ...job, attempt: job.attempt + 1 });
        this.pump();
      }, delay);
      this.timers.add(timer);
    }
  }
}

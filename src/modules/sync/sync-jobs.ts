import { HubError } from '../../errors/hub-error';
import { IntervalJob } from '../../platform/queue/interval-job';
import type { JobHandler, JobQueue } from '../../platform/queue/job-queue';
import type { Logger } from '../../platform/logger';
import { SCHEDULED_SYNC_JOB } from './sync-schedules';
import type { QueuedRun, SyncService } from './sync.service';

const SYNC_JOB = 'sync';

/** The job id of a run: deterministic, so a run is never queued twice, even by two API processes. */
function syncJobId(runId: string, takeover?: number): string {
  return takeover === undefined ? `sync-${runId}` : `sync-${runId}-takeover-${takeover}`;
}

const SYNC_LEASE_SWEEP_JOB = 'sync-lease-sweep';

/** Connects sync runs to the job queue: triggering, executing with retries, recovering after a crash. */
export class SyncJobs {
  constructor(
    private readonly queue: JobQueue,
    private readonly sync: SyncService,
    private readonly logger: Logger,
  ) {}

  async trigger(connectionId: string, options: { fullRefresh: boolean; trigger: string }): Promise<QueuedRun> {
    const queued = await this.sync.enqueue(connectionId, options);
    await this.queue.enqueue(SYNC_JOB, { runId: queued.runId }, { jobId: syncJobId(queued.runId, queued.takeover) });
    return queued;
  }

  handlers(): Record<string, JobHandler> {
    return {
      [SYNC_JOB]: async ({ runId }, { finalAttempt }) => {
        const verdict = await this.sync.execute(runId, finalAttempt);
        // Throwing hands the run back to the queue's backoff; a failed run is final and recorded.
        if (verdict.status === 'retry') throw verdict.error;
        // Try again later: by then the other process has finished it (the run is no longer active) or died (its lock is gone).
        if (verdict.status === 'busy') throw new Error(`sync run ${runId} is being executed by another process`);
      },
      [SCHEDULED_SYNC_JOB]: async ({ connectionId }) => {
        try {
          await this.trigger(connectionId, { fullRefresh: false, trigger: 'schedule' });
        } catch (error) {
          // Paused or deleted since the tick was queued: nothing to do, and nothing a retry would change.
          if (error instanceof HubError && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND')) {
            this.logger.info({ connectionId, reason: error.message }, 'scheduled sync skipped');
            return;
          }
          throw error;
        }
      },
    };
  }

  /**
   * Re-queues runs whose job is gone (an in-process queue does not survive a restart). With BullMQ
   * the deterministic job id makes this a no-op for jobs Redis still holds.
   */
  /** Queues a takeover of every run whose process died (its lease expired); fails those abandoned too often. */
  async sweepAbandoned(): Promise<{ takenOver: number; failed: number }> {
    const { takeOver, failed } = await this.sync.sweepAbandoned();
    for (const { runId, takeover } of takeOver) await this.queue.enqueue(SYNC_JOB, { runId }, { jobId: syncJobId(runId, takeover) });
    return { takenOver: takeOver.length, failed };
  }

  async recover(): Promise<number> {
    const runs = await this.sync.activeRuns();
    for (const runId of runs) await this.queue.enqueue(SYNC_JOB, { runId }, { jobId: syncJobId(runId) });
    return runs.length;
  }
}

/** Looks for abandoned runs about once per lease length (at least every 5 s, at most every minute). */
export function syncLeaseSweepJob(queue: JobQueue, syncJobs: SyncJobs, leaseMs: number, logger: Logger): IntervalJob {
  const everyMs = Math.min(60_000, Math.max(5_000, leaseMs));
  return new IntervalJob(queue, { name: SYNC_LEASE_SWEEP_JOB, everyMs, run: () => syncJobs.sweepAbandoned(), doneMessage: 'sync runs whose process died (lease expired) taken over or failed' }, logger);
}

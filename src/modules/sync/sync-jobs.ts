import { HubError } from '../../errors/hub-error';
import type { JobHandler, JobQueue } from '../../platform/queue/job-queue';
import type { Logger } from '../../platform/logger';
import { SCHEDULED_SYNC_JOB } from './sync-schedules';
import type { QueuedRun, SyncService } from './sync.service';

const SYNC_JOB = 'sync';

/** The job id of a run: deterministic, so a run is never queued twice, even by two API processes. */
function syncJobId(runId: string): string {
  return `sync-${runId}`;
}

/** Connects sync runs to the job queue: triggering, executing with retries, recovering after a crash. */
export class SyncJobs {
  constructor(
    private readonly queue: JobQueue,
    private readonly sync: SyncService,
    private readonly logger: Logger,
  ) {}

  async trigger(connectionId: string, options: { fullRefresh: boolean; trigger: string }): Promise<QueuedRun> {
    const queued = await this.sync.enqueue(connectionId, options);
    await this.queue.enqueue(SYNC_JOB, { runId: queued.runId }, { jobId: syncJobId(queued.runId) });
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
  async recover(): Promise<number> {
    const runs = await this.sync.activeRuns();
    for (const runId of runs) await this.queue.enqueue(SYNC_JOB, { runId }, { jobId: syncJobId(runId) });
    return runs.length;
  }
}

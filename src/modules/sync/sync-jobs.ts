import { HubError } from '../../errors/hub-error';
import type { Database } from '../../platform/database/database';
import { NotificationListener } from '../../platform/database/notification-listener';
import { IntervalJob } from '../../platform/queue/interval-job';
import type { JobHandler, JobQueue } from '../../platform/queue/job-queue';
import type { Logger } from '../../platform/logger';
import { SCHEDULED_SYNC_JOB } from './sync-schedules';
import type { QueuedRun, SyncService } from './sync.service';
import { announceQueuedRun, findRun, RUN_EXECUTOR_APPLICATION, RUN_QUEUED_CHANNEL, runExecutorListening } from './sync-run.store';

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
    private readonly database: Database,
  ) {}

  async trigger(connectionId: string, options: { fullRefresh: boolean; trigger: string }): Promise<QueuedRun> {
    const queued = await this.sync.enqueue(connectionId, options);
    await this.queue.enqueue(SYNC_JOB, { runId: queued.runId }, { jobId: syncJobId(queued.runId, queued.takeover) });
    return queued;
  }

  /**
   * The trigger of a process that executes only its own run (`hub sync` with no hub process about): a run
   * another process is executing right now (running, its lease alive) is answered without a job here, so
   * this process only follows it; one queued elsewhere, or abandoned, is queued here as trigger does.
   */
  async triggerUnlessHeld(connectionId: string, options: { fullRefresh: boolean; trigger: string }): Promise<QueuedRun & { held: boolean }> {
    const queued = await this.sync.enqueue(connectionId, options);
    const held = !queued.created && queued.takeover === undefined && (await findRun(this.database, queued.runId))?.status === 'running';
    if (!held) await this.queue.enqueue(SYNC_JOB, { runId: queued.runId }, { jobId: syncJobId(queued.runId, queued.takeover) });
    return { ...queued, held };
  }

  /** Whether a process executing runs (`hub start`, `hub worker`) is connected to this store: then runs are handed to it. */
  executorListening(): Promise<boolean> {
    return runExecutorListening(this.database);
  }

  /** Queues a run (as trigger does) for the processes executing runs, through the database, not this process's queue. */
  async handOff(connectionId: string, options: { fullRefresh: boolean; trigger: string }): Promise<QueuedRun> {
    const queued = await this.sync.enqueue(connectionId, options);
    await this.announce(queued);
    return queued;
  }

  /** Says again that a handed-off run waits (a notification sent while the executor's LISTEN connection was down is lost); its job id keeps it one job. */
  announce(queued: Pick<QueuedRun, 'runId' | 'takeover'>): Promise<void> {
    return announceQueuedRun(this.database, queued.runId, queued.takeover);
  }

  /**
   * In a process executing runs: takes the runs handed to it (handOff) into its queue, and shows others, by
   * its LISTEN connection's application_name, that it is there. After a lost connection every active run is
   * queued again. Answers how to stop listening.
   */
  async listenForHandOffs(): Promise<{ close(): Promise<void> }> {
    const url = new URL(this.database.url);
    url.searchParams.set('application_name', RUN_EXECUTOR_APPLICATION);
    const listener = new NotificationListener(url.toString(), RUN_QUEUED_CHANNEL, (payload) => void this.handedOff(payload), this.logger);
    await listener.start();
    return listener;
  }

  private async handedOff(payload: string | undefined): Promise<void> {
    try {
      if (payload === undefined) {
        await this.recover();
        return;
      }
      const { runId, takeover } = JSON.parse(payload) as { runId?: unknown; takeover?: unknown };
      if (typeof runId !== 'string') return;
      await this.queue.enqueue(SYNC_JOB, { runId }, { jobId: syncJobId(runId, typeof takeover === 'number' ? takeover : undefined) });
    } catch (error) {
      // The run stays queued; the next announcement or restart queues it.
      this.logger.warn({ err: error }, 'cannot queue a sync run handed over by another process');
    }
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

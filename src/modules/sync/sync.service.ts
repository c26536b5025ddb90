import { ConnectorError } from '../../../connectors/sdk';
import { HubError } from '../../errors/hub-error';
import type { Database, SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import { clearNeedsAttention, findConnection, markNeedsAttention } from './connection.store';
import { RunCancelledError } from './run-cancellation';
import type { SyncRunner } from './sync-runner';
import { activeRunIds, cancelRun, claimRun, findActiveRunId, findRun, finishRun, insertQueuedRun, recordRunError, type StreamStats } from './sync-run.store';
import { upstreamError } from './upstream-error';

export interface QueuedRun {
  runId: string;
  connectionId: string;
  /** False when a run of this connection was already queued or running: that one is returned. */
  created: boolean;
}

/** How an attempt ended; a connector's failure is answered as a HubError `UPSTREAM` (see upstreamError). */
export type RunVerdict =
  | { status: 'succeeded'; stats: Record<string, StreamStats> }
  | { status: 'retry'; error: HubError }
  | { status: 'failed'; error: Error }
  | { status: 'cancelled' }
  /** Another process is executing the run right now (a worker whose job was thought stalled, or `hub start` beside `hub sync`). */
  | { status: 'busy' };

/** A sync run that failed for good (no retry follows). */
export interface SyncFailure {
  runId: string;
  connectionId: string;
  connectionName: string;
  connector: string;
  /** The run's error as the run records it: connector errors name the platform's answer, never credentials. */
  error: string;
}

/** Told, in the transaction that records it, that a sync run failed (the webhook outbox). */
export interface SyncFailureObserver {
  syncFailed(tx: SqlExecutor, failure: SyncFailure): Promise<void>;
}

/**
 * The life of a sync run, whatever executes it (BullMQ worker or in-process): queued → running →
 * succeeded | failed | cancelled. Unrecoverable connector errors fail the run at once and mark the
 * connection `needs_attention` with the reason; retryable ones leave it to the executor's retries.
 */
export class SyncService {
  constructor(
    private readonly database: Database,
    private readonly runner: SyncRunner,
    private readonly logger: Logger,
    /** Told of each run that fails for good, in the transaction that records it (the webhook outbox). */
    private readonly failures: SyncFailureObserver,
  ) {}

  /** Queues a run, or returns the one already queued or running (one run at a time per connection). */
  async enqueue(connectionId: string, options: { fullRefresh: boolean; trigger: string }): Promise<QueuedRun> {
    const connection = await findConnection(this.database, connectionId);
    if (!connection || connection.id !== connectionId) throw new HubError('NOT_FOUND', `No connection ${connectionId}.`);
    // Pausing is how a data team stops a connection touching its platform; a stray trigger must not undo that.
    if (!connection.enabled) throw new HubError('CONFLICT', `Connection ${connection.name} is paused; resume it before syncing.`);
    const created = await insertQueuedRun(this.database, { id: newId('syncRun'), connectionId, fullRefresh: options.fullRefresh, trigger: options.trigger });
    if (created) return { runId: created, connectionId, created: true };
    const active = await findActiveRunId(this.database, connectionId);
    if (!active) throw new HubError('CONFLICT', 'The previous run just finished; trigger the sync again.');
    return { runId: active, connectionId, created: false };
  }

  /** Executes a queued (or interrupted) run; `finalAttempt` says whether a retryable failure ends it. */
  async execute(runId: string, finalAttempt: boolean): Promise<RunVerdict> {
    // The queue's job lock can expire under a live worker (a long pause); this lock cannot, so a run never executes twice at once.
    const claimed = await this.database.withSessionLock(`sync-run:${runId}`, () => this.executeClaimed(runId, finalAttempt));
    return claimed.acquired ? claimed.result : { status: 'busy' };
  }

  private async executeClaimed(runId: string, finalAttempt: boolean): Promise<RunVerdict> {
    const run = await claimRun(this.database, runId);
    if (!run) return { status: 'failed', error: new HubError('NOT_FOUND', `Run ${runId} is not queued or running (cancelled or already finished).`) };
    try {
      const { stats } = await this.runner.run({
        runId,
        connectionId: run.connectionId,
        source: run.name,
        connectorType: run.connector,
        config: run.config,
        region: run.region,
        fullRefresh: run.fullRefresh,
      });
      await finishRun(this.database, runId, 'succeeded', null);
      await clearNeedsAttention(this.database, run.connectionId);
      return { status: 'succeeded', stats };
    } catch (error) {
      if (error instanceof RunCancelledError) {
        this.logger.info({ runId }, 'sync run stopped: cancelled');
        return { status: 'cancelled' };
      }
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof ConnectorError && error.retryable && !finalAttempt) {
        await recordRunError(this.database, runId, reason);
        this.logger.warn({ runId, code: error.code }, 'sync run failed, will retry');
        return { status: 'retry', error: upstreamError(error) };
      }
      await this.database.transaction(async (tx) => {
        await finishRun(tx, runId, 'failed', reason);
        await this.failures.syncFailed(tx, { runId, connectionId: run.connectionId, connectionName: run.name, connector: run.connector, error: reason });
      });
      if (error instanceof ConnectorError && !error.retryable) {
        await markNeedsAttention(this.database, run.connectionId, reason);
      }
      this.logger.error({ runId, code: (error as ConnectorError).code }, 'sync run failed');
      return { status: 'failed', error: error instanceof ConnectorError ? upstreamError(error) : (error as Error) };
    }
  }

  /**
   * Cancels a queued or running run. A running one stops at once, in whichever process executes it (the
   * cancellation is announced on commit, see RunCancellations); the batch it had not stored yet is dropped,
   * what it committed before stays, with its checkpoints, so the next run goes on from there.
   */
  async cancel(runId: string): Promise<void> {
    if (await cancelRun(this.database, runId)) return;
    const run = await findRun(this.database, runId);
    if (!run) throw new HubError('NOT_FOUND', `No sync run ${runId}.`);
    throw new HubError('CONFLICT', `Run ${runId} has already ${run.status === 'cancelled' ? 'been cancelled' : run.status}; only a queued or running run can be cancelled.`);
  }

  /** Every queued or running run, oldest first (what a restart re-queues). */
  activeRuns(): Promise<string[]> {
    return activeRunIds(this.database);
  }
}

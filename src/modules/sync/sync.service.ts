import { ConnectorError } from '../../../connectors/sdk';
import { HubError } from '../../errors/hub-error';
import type { Database, SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import { clearNeedsAttention, findConnection, markNeedsAttention } from './connection.store';
import { RunCancelledError } from './run-cancellation';
import type { SyncRunner } from './sync-runner';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { abandonedRuns, activeRunIds, cancelRun, claimRun, failAbandonedRun, findActiveRunId, findRun, finishRun, insertQueuedRun, recordRunError, renewLease, type RunLease, type StreamStats } from './sync-run.store';
import { upstreamError } from './upstream-error';

export interface QueuedRun {
  runId: string;
  connectionId: string;
  /** False when a run of this connection was already queued or running: that one is returned. */
  created: boolean;
  /**
   * Set when that run was `running` but its lease had expired (the process executing it died): it is taken
   * over, resumed from its checkpoint. The number tells takeovers apart (the run's attempts so far), so the
   * job that resumes it is queued afresh even where the dead run's job id is still known.
   */
  takeover?: number;
}

/** How long a run's lease lasts unless renewed: a run whose process died is taken over about this long after. */
export const DEFAULT_RUN_LEASE_MS = 30_000;
/**
 * A run is attempted at most this many times, whichever processes make the attempts (retries, takeovers of a run whose
 * process died, a `hub sync` beside a worker): the last one allowed ends it, and one abandoned this often is failed.
 */
const MOST_ATTEMPTS = 5;

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
    leaseMs: number = DEFAULT_RUN_LEASE_MS,
  ) {
    // One owner per service (per process): a renewal by anyone else, a process that took over, fails.
    this.lease = { owner: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`, ms: leaseMs };
  }

  private readonly lease: RunLease;

  /** Queues a run, or returns the one already queued or running (one run at a time per connection). */
  async enqueue(connectionId: string, options: { fullRefresh: boolean; trigger: string }): Promise<QueuedRun> {
    const connection = await findConnection(this.database, connectionId);
    if (!connection || connection.id !== connectionId) throw new HubError('NOT_FOUND', `No connection ${connectionId}.`);
    // Pausing is how a data team stops a connection touching its platform; a stray trigger must not undo that.
    if (!connection.enabled) throw new HubError('CONFLICT', `Connection ${connection.name} is paused; resume it before syncing.`);
    const created = await insertQueuedRun(this.database, { id: newId('syncRun'), connectionId, fullRefresh: options.fullRefresh, trigger: options.trigger });
    if (created) return { runId: created, connectionId, created: true };
    // A run whose process died answers no one: take it over rather than hand back a run that will never end.
    const [abandoned] = await abandonedRuns(this.database, connectionId);
    if (abandoned) {
      this.logger.warn({ runId: abandoned.id }, 'sync run abandoned by its process (lease expired); taking it over');
      return { runId: abandoned.id, connectionId, created: false, takeover: abandoned.attempts };
    }
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
    const run = await claimRun(this.database, runId, this.lease, MOST_ATTEMPTS);
    if (!run) return this.unclaimable(runId);
    // The queue counts its own job's attempts only; the run's count covers every process that attempted it.
    finalAttempt ||= run.attempts >= MOST_ATTEMPTS;
    const heartbeat = this.heartbeat(runId);
    try {
      const { stats } = await this.runner.run({
        runId,
        connectionId: run.connectionId,
        source: run.name,
        connectorType: run.connector,
        config: run.config,
        region: run.region,
        fullRefresh: run.fullRefresh,
        demoEmulator: run.demoEmulator,
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
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** A run claimRun refused: finished already, or still active with every attempt spent (then failed here, with the reason). */
  private async unclaimable(runId: string): Promise<RunVerdict> {
    const run = await findRun(this.database, runId);
    if (!run || !['queued', 'running'].includes(run.status)) {
      return { status: 'failed', error: new HubError('NOT_FOUND', `Run ${runId} is not queued or running (cancelled or already finished).`) };
    }
    const reason = `The sync was attempted ${run.attempts} times without finishing; giving up. Trigger it again to resume from its last checkpoint.`;
    await this.database.transaction(async (tx) => {
      const connection = await findConnection(tx, run.connectionId);
      await finishRun(tx, runId, 'failed', reason);
      if (connection) await this.failures.syncFailed(tx, { runId, connectionId: run.connectionId, connectionName: connection.name, connector: connection.connector, error: reason });
    });
    this.logger.error({ runId, attempts: run.attempts }, 'sync run failed: attempts spent');
    return { status: 'failed', error: new HubError('UPSTREAM', reason) };
  }

  /** Renews the run's lease a few times per lease length while this process executes it. */
  private heartbeat(runId: string): NodeJS.Timeout {
    const timer = setInterval(() => {
      renewLease(this.database, runId, this.lease).then(
        (held) => {
          if (!held) this.logger.debug({ runId }, 'sync run lease not renewed: the run is no longer running here');
        },
        // The database is away: the run's own next write fails too; the next beat tries again.
        (error: unknown) => this.logger.warn({ err: error, runId }, 'cannot renew a sync run lease'),
      );
    }, Math.max(100, Math.floor(this.lease.ms / 3)));
    timer.unref();
    return timer;
  }

  /**
   * Finds running runs whose lease expired (their process died) and answers those to take over; one
   * abandoned MOST_ATTEMPTS times is failed instead, with the reason, and its failure reported like any.
   */
  async sweepAbandoned(): Promise<{ takeOver: { runId: string; takeover: number }[]; failed: number }> {
    const takeOver: { runId: string; takeover: number }[] = [];
    let failed = 0;
    for (const run of await abandonedRuns(this.database)) {
      if (run.attempts < MOST_ATTEMPTS) {
        takeOver.push({ runId: run.id, takeover: run.attempts });
        continue;
      }
      const reason = `The process running this sync stopped ${run.attempts} times without finishing it (its lease expired each time); giving up. Trigger the sync again to resume from its last checkpoint.`;
      await this.database.transaction(async (tx) => {
        const connection = await findConnection(tx, run.connectionId);
        if (!(await failAbandonedRun(tx, run.id, reason))) return;
        failed++;
        if (connection) await this.failures.syncFailed(tx, { runId: run.id, connectionId: run.connectionId, connectionName: connection.name, connector: connection.connector, error: reason });
      });
    }
    return { takeOver, failed };
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

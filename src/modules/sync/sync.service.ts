import { ConnectorError } from '../../../connectors/sdk/connector-error';
import { HubError } from '../../errors/hub-error';
import type { Database, SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import type { SyncFailureObserver } from '../webhooks/webhook-outbox';
import type { StreamStats } from './sync-run.entity';
import { RunCancelledError, type SyncRunner } from './sync-runner';

export interface QueuedRun {
  runId: string;
  connectionId: string;
  /** False when a run of this connection was already queued or running: that one is returned. */
  created: boolean;
}

export type RunVerdict =
  | { status: 'succeeded'; stats: Record<string, StreamStats> }
  | { status: 'retry'; error: ConnectorError }
  | { status: 'failed'; error: Error }
  | { status: 'cancelled' }
  /** Another process is executing the run right now (a worker whose job was thought stalled, or `hub start` beside `hub sync`). */
  | { status: 'busy' };

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
    private readonly failures?: SyncFailureObserver,
  ) {}

  /** Queues a run, or returns the one already queued or running (one run at a time per connection). */
  async enqueue(connectionId: string, options: { fullRefresh: boolean; trigger: string }): Promise<QueuedRun> {
    const [connection] = await this.database.query<{ name: string; enabled: boolean }>('select name, enabled from connections where id = $1', [connectionId]);
    if (!connection) throw new HubError('NOT_FOUND', `No connection ${connectionId}.`);
    // Pausing is how a data team stops a connection touching its platform; a stray trigger must not undo that.
    if (!connection.enabled) throw new HubError('CONFLICT', `Connection ${connection.name} is paused; resume it before syncing.`);
    const rows = await this.database.query<{ id: string }>(
      `insert into sync_runs (id, connection_id, status, full_refresh, trigger) values ($1, $2, 'queued', $3, $4)
       on conflict (connection_id) where status in ('queued', 'running') do nothing returning id`,
      [newId('syncRun'), connectionId, options.fullRefresh, options.trigger],
    );
    if (rows[0]) return { runId: rows[0].id, connectionId, created: true };
    const [active] = await this.database.query<{ id: string }>("select id from sync_runs where connection_id = $1 and status in ('queued', 'running')", [connectionId]);
    if (!active) throw new HubError('CONFLICT', 'The previous run just finished; trigger the sync again.');
    return { runId: active.id, connectionId, created: false };
  }

  /** Executes a queued (or interrupted) run; `finalAttempt` says whether a retryable failure ends it. */
  async execute(runId: string, finalAttempt: boolean): Promise<RunVerdict> {
    // The queue's job lock can expire under a live worker (a long pause); this lock cannot, so a run never executes twice at once.
    const claimed = await this.database.withSessionLock(`sync-run:${runId}`, () => this.executeClaimed(runId, finalAttempt));
    return claimed.acquired ? claimed.result : { status: 'busy' };
  }

  private async executeClaimed(runId: string, finalAttempt: boolean): Promise<RunVerdict> {
    const [run] = await this.database.query<{ status: string; connection_id: string; full_refresh: boolean; name: string; connector: string; config: Record<string, unknown> }>(
      `update sync_runs r set status = 'running', started_at = coalesce(r.started_at, now()), attempts = r.attempts + 1
         from connections c
        where r.id = $1 and c.id = r.connection_id and r.status in ('queued', 'running')
        returning r.status, r.connection_id, r.full_refresh, c.name, c.connector, c.config`,
      [runId],
    );
    if (!run) return { status: 'failed', error: new HubError('NOT_FOUND', `Run ${runId} is not queued or running (cancelled or already finished).`) };
    try {
      const { stats } = await this.runner.run({ runId, connectionId: run.connection_id, source: run.name, connectorType: run.connector, config: run.config, fullRefresh: run.full_refresh });
      await this.finish(this.database, runId, 'succeeded', null);
      await this.database.query("update connections set status = 'active', status_reason = null where id = $1 and status = 'needs_attention'", [run.connection_id]);
      return { status: 'succeeded', stats };
    } catch (error) {
      if (error instanceof RunCancelledError) {
        this.logger.info({ runId }, 'sync run stopped: cancelled');
        return { status: 'cancelled' };
      }
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof ConnectorError && error.retryable && !finalAttempt) {
        await this.database.query('update sync_runs set last_error = $2 where id = $1', [runId, reason]);
        this.logger.warn({ runId, code: error.code }, 'sync run failed, will retry');
        return { status: 'retry', error };
      }
      await this.database.transaction(async (tx) => {
        await this.finish(tx, runId, 'failed', reason);
        await this.failures?.syncFailed(tx, { runId, connectionId: run.connection_id, connectionName: run.name, connector: run.connector, error: reason });
      });
      if (error instanceof ConnectorError && !error.retryable) {
        await this.database.query("update connections set status = 'needs_attention', status_reason = $2 where id = $1", [run.connection_id, reason]);
      }
      this.logger.error({ runId, code: (error as ConnectorError).code }, 'sync run failed');
      return { status: 'failed', error: error as Error };
    }
  }

  /**
   * Cancels a queued or running run. A running one stops at its next batch, which is not stored; what
   * it committed before stays, with its checkpoints, so the next run goes on from there.
   */
  async cancel(runId: string): Promise<void> {
    const rows = await this.database.query(
      "update sync_runs set status = 'cancelled', finished_at = now(), last_error = 'cancelled' where id = $1 and status in ('queued', 'running') returning id",
      [runId],
    );
    if (rows.length > 0) return;
    const [run] = await this.database.query<{ status: string }>('select status from sync_runs where id = $1', [runId]);
    if (!run) throw new HubError('NOT_FOUND', `No sync run ${runId}.`);
    throw new HubError('CONFLICT', `Run ${runId} has already ${run.status === 'cancelled' ? 'been cancelled' : run.status}; only a queued or running run can be cancelled.`);
  }

  private async finish(executor: SqlExecutor, runId: string, status: 'succeeded' | 'failed', lastError: string | null): Promise<void> {
    await executor.query('update sync_runs set status = $2, finished_at = now(), last_error = coalesce($3, last_error) where id = $1', [runId, status, lastError]);
  }
}

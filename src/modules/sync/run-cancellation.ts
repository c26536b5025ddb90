import type { Database } from '../../platform/database/database';
import { NotificationListener } from '../../platform/database/notification-listener';
import type { Logger } from '../../platform/logger';
import { RUN_CANCELLED_CHANNEL, runStatus } from './sync-run.store';

/** How often a running run's status is read again: the fallback for a notification lost while the LISTEN connection was down. */
const RECHECK_MS = 5_000;

/** The run was cancelled while it ran; the batch in flight was not stored. */
export class RunCancelledError extends Error {
  constructor(runId: string) {
    super(`Run ${runId} was cancelled.`);
  }
}

/** A run being watched: `signal` aborts, with a RunCancelledError as its reason, once the run is cancelled. */
export interface WatchedRun {
  signal: AbortSignal;
  /** Stops watching; the last run to stop closes the LISTEN connection. */
  stop(): Promise<void>;
}

/**
 * Tells a process executing sync runs that one was cancelled, by whichever process cancelled it: the
 * cancelling transaction notifies RUN_CANCELLED_CHANNEL, and one LISTEN connection, open while this
 * process executes runs, aborts the run's signal. A slow re-read of each run's status covers what a
 * dropped connection lost.
 */
export class RunCancellations {
  private readonly watched = new Map<string, { controller: AbortController; checking: Promise<void> }>();
  private listening: Promise<NotificationListener | undefined> | undefined;

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
    private readonly options: { recheckMs?: number } = {},
  ) {}

  async watch(runId: string): Promise<WatchedRun> {
    const run = { controller: new AbortController(), checking: Promise.resolve() };
    this.watched.set(runId, run);
    this.listening ??= this.listen();
    await this.listening;
    // A cancellation committed before LISTEN began was announced to nobody.
    await this.recheck(runId);
    const timer = setInterval(() => void this.recheck(runId), this.options.recheckMs ?? RECHECK_MS);
    timer.unref();
    return {
      signal: run.controller.signal,
      stop: async () => {
        clearInterval(timer);
        await run.checking;
        this.watched.delete(runId);
        if (this.watched.size === 0) await this.unlisten();
      },
    };
  }

  private async listen(): Promise<NotificationListener | undefined> {
    const listener = new NotificationListener(this.database.url, RUN_CANCELLED_CHANNEL, (runId) => this.notified(runId), this.logger);
    try {
      await listener.start();
      return listener;
    } catch (error) {
      // The status re-reads still stop a cancelled run, only later.
      this.logger.warn({ err: error }, 'cannot listen for sync run cancellations; falling back to re-reading run statuses');
      await listener.close();
      return undefined;
    }
  }

  private async unlisten(): Promise<void> {
    const listening = this.listening;
    this.listening = undefined;
    await (await listening)?.close();
  }

  private notified(runId: string | undefined): void {
    // No payload: the connection was re-opened, and announcements may have been lost meanwhile.
    if (runId === undefined) for (const watchedRunId of this.watched.keys()) void this.recheck(watchedRunId);
    else this.cancel(runId);
  }

  /** Re-reads the run's status; any status but `running` (or no run at all: its connection was deleted) stops it. */
  private recheck(runId: string): Promise<void> {
    const run = this.watched.get(runId);
    if (!run || run.controller.signal.aborted) return Promise.resolve();
    run.checking = runStatus(this.database, runId).then(
      (status) => {
        if (status !== 'running') this.cancel(runId);
      },
      (error: unknown) => {
        // The database is away: the run's own next write fails too, and the next re-read tries again.
        this.logger.warn({ err: error, runId }, 'cannot re-read a sync run status');
      },
    );
    return run.checking;
  }

  private cancel(runId: string): void {
    const run = this.watched.get(runId);
    if (!run || run.controller.signal.aborted) return;
    this.logger.info({ runId }, 'sync run cancelled; stopping it now');
    run.controller.abort(new RunCancelledError(runId));
  }
}

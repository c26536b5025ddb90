import type { SqlExecutor } from '../../platform/database/database';

/** The SQL of sync_runs and sync_rejections as runs are queued, claimed, finished and listed. */

/** Where a cancellation is announced, with the run's id as payload, to whichever process executes the run. */
export const RUN_CANCELLED_CHANNEL = 'hub_sync_cancel';

/** Where a run queued by a process that does not execute runs (`hub sync` beside `hub start`) is handed to the processes that do. */
export const RUN_QUEUED_CHANNEL = 'hub_sync_queued';

/** The application_name of the connection on which a process executing runs listens to RUN_QUEUED_CHANNEL: how others see it is there. */
export const RUN_EXECUTOR_APPLICATION = 'hub-sync-executor';

export const SYNC_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

export interface StreamStats {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Records of erased people, not stored; absent in runs from before the suppression list. */
  suppressed?: number;
  /** How many the stream has to read in all, where its platform says (see the connectors' `total` message): for progress only. */
  total?: number;
}

/** One sync of one connection: its state, when it ran, what it counted per stream, how it ended. */
export interface SyncRunRow {
  id: string;
  connectionId: string;
  status: SyncRunStatus;
  /** Ignore stored cursors and read everything again. */
  fullRefresh: boolean;
  /** `manual`, `schedule` or `api`. */
  trigger: string;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  attempts: number;
  lastError: string | null;
  streamStats: Record<string, StreamStats>;
}

export interface SyncRejectionRow {
  id: string;
  runId: string;
  stream: string;
  reason: string;
  raw: unknown;
  createdAt: Date;
}

/** A forward page; `afterId` is the last item of the previous page (compared at full timestamp precision in SQL). */
export interface PageRequest {
  first: number;
  afterId?: string;
}

/** A run as claimed for execution, with the connection it syncs. */
export interface ClaimedRun {
  connectionId: string;
  fullRefresh: boolean;
  name: string;
  connector: string;
  config: Record<string, unknown>;
  /** The connection's region: where its records' phones without a country code are read; null: the hub's default. */
  region: string | null;
  /** The built-in demo's emulator connection, which may reach a private address (see ConnectionRow.demoEmulator). */
  demoEmulator: boolean;
  /** The run's attempts, this one included. */
  attempts: number;
}

const RUN_COLUMNS = `r.id, r.connection_id as "connectionId", r.status, r.full_refresh as "fullRefresh", r.trigger, r.queued_at as "queuedAt",
  r.started_at as "startedAt", r.finished_at as "finishedAt", r.attempts, r.last_error as "lastError", r.stream_stats as "streamStats"`;

/** Queues a run unless one of the connection is queued or running already; answers the new run's id, or null. */
export async function insertQueuedRun(executor: SqlExecutor, run: { id: string; connectionId: string; fullRefresh: boolean; trigger: string }): Promise<string | null> {
  const rows = await executor.query<{ id: string }>(
    `insert into sync_runs (id, connection_id, status, full_refresh, trigger) values ($1, $2, 'queued', $3, $4)
     on conflict (connection_id) where status in ('queued', 'running') do nothing returning id`,
    [run.id, run.connectionId, run.fullRefresh, run.trigger],
  );
  return rows[0]?.id ?? null;
}

/** The connection's queued or running run, if any. */
export async function findActiveRunId(executor: SqlExecutor, connectionId: string): Promise<string | null> {
  const [row] = await executor.query<{ id: string }>("select id from sync_runs where connection_id = $1 and status in ('queued', 'running')", [connectionId]);
  return row?.id ?? null;
}

/** Every queued or running run, oldest first. */
export async function activeRunIds(executor: SqlExecutor): Promise<string[]> {
  return (await executor.query<{ id: string }>("select id from sync_runs where status in ('queued', 'running') order by queued_at")).map((row) => row.id);
}

/** Who holds a run's lease, and for how long from each claim or renewal. */
export interface RunLease {
  owner: string;
  ms: number;
}

/**
 * Marks a queued (or interrupted) run running, counts the attempt and gives `lease` to the caller (who holds
 * the run's session lock, so no one else executes it); null when it is no longer queued or running, or has had
 * `mostAttempts` already (whichever processes made them).
 */
export async function claimRun(executor: SqlExecutor, runId: string, lease: RunLease, mostAttempts: number): Promise<ClaimedRun | null> {
  const [run] = await executor.query<{ connection_id: string; full_refresh: boolean; name: string; connector: string; config: Record<string, unknown>; region: string | null; demo_emulator: boolean; attempts: number }>(
    `update sync_runs r set status = 'running', started_at = coalesce(r.started_at, now()), attempts = r.attempts + 1,
            lease_owner = $2, lease_expires_at = now() + $3 * interval '1 millisecond'
       from connections c
      where r.id = $1 and c.id = r.connection_id and r.status in ('queued', 'running') and r.attempts < $4
      returning r.connection_id, r.full_refresh, c.name, c.connector, c.config, c.region, c.demo_emulator, r.attempts`,
    [runId, lease.owner, lease.ms, mostAttempts],
  );
  return run
    ? { connectionId: run.connection_id, fullRefresh: run.full_refresh, name: run.name, connector: run.connector, config: run.config, region: run.region, demoEmulator: run.demo_emulator, attempts: run.attempts }
    : null;
}

export async function finishRun(executor: SqlExecutor, runId: string, status: 'succeeded' | 'failed', lastError: string | null): Promise<void> {
  await executor.query('update sync_runs set status = $2, finished_at = now(), last_error = coalesce($3, last_error), lease_owner = null, lease_expires_at = null where id = $1', [runId, status, lastError]);
}

/** Extends the lease of a run `owner` still holds and that still runs; false when it lost either (cancelled, failed, taken over). */
export async function renewLease(executor: SqlExecutor, runId: string, lease: RunLease): Promise<boolean> {
  const rows = await executor.query(
    `update sync_runs set lease_expires_at = now() + $3 * interval '1 millisecond' where id = $1 and status = 'running' and lease_owner = $2 returning id`,
    [runId, lease.owner, lease.ms],
  );
  return rows.length > 0;
}

/** A run that is `running` but whose lease has expired (by the database's clock): its process died. */
export interface AbandonedRun {
  id: string;
  connectionId: string;
  attempts: number;
}

/** Running runs whose lease expired, oldest first; `connectionId` limits them to one connection. */
export async function abandonedRuns(executor: SqlExecutor, connectionId?: string): Promise<AbandonedRun[]> {
  return executor.query<AbandonedRun>(
    `select id, connection_id as "connectionId", attempts from sync_runs
      where status = 'running' and (lease_expires_at is null or lease_expires_at < now()) and ($1::text is null or connection_id = $1)
      order by queued_at`,
    [connectionId ?? null],
  );
}

/** Fails an abandoned run, unless its lease was renewed meanwhile (its process came back); false then. */
export async function failAbandonedRun(executor: SqlExecutor, runId: string, reason: string): Promise<boolean> {
  const rows = await executor.query(
    `update sync_runs set status = 'failed', finished_at = now(), last_error = $2, lease_owner = null, lease_expires_at = null
      where id = $1 and status = 'running' and (lease_expires_at is null or lease_expires_at < now()) returning id`,
    [runId, reason],
  );
  return rows.length > 0;
}

/** Records why an attempt failed while the run waits for its retry. */
export async function recordRunError(executor: SqlExecutor, runId: string, error: string): Promise<void> {
  await executor.query('update sync_runs set last_error = $2 where id = $1', [runId, error]);
}

/**
 * Cancels a queued or running run and, in the same statement (so the same transaction), notifies
 * RUN_CANCELLED_CHANNEL; PostgreSQL delivers it on commit. False when the run was in neither state.
 */
export async function cancelRun(executor: SqlExecutor, runId: string): Promise<boolean> {
  const rows = await executor.query(
    `with cancelled as (
       update sync_runs set status = 'cancelled', finished_at = now(), last_error = 'cancelled' where id = $1 and status in ('queued', 'running') returning id
     )
     select pg_notify($2, id) from cancelled`,
    [runId, RUN_CANCELLED_CHANNEL],
  );
  return rows.length > 0;
}

/** Hands a queued run (or one to take over, see QueuedRun.takeover) to the processes executing runs; delivered on commit. */
export async function announceQueuedRun(executor: SqlExecutor, runId: string, takeover?: number): Promise<void> {
  await executor.query('select pg_notify($1, $2)', [RUN_QUEUED_CHANNEL, JSON.stringify({ runId, takeover })]);
}

/**
 * Whether a process executing runs (`hub start`, `hub worker`) is connected to this database: it keeps a LISTEN
 * connection named RUN_EXECUTOR_APPLICATION open while it runs, and PostgreSQL drops it the moment the process dies.
 */
export async function runExecutorListening(executor: SqlExecutor): Promise<boolean> {
  const [row] = await executor.query<{ listening: boolean }>(
    'select exists (select 1 from pg_stat_activity where datname = current_database() and application_name = $1) as listening',
    [RUN_EXECUTOR_APPLICATION],
  );
  return row.listening;
}

/** A run's status alone (null when the run is gone with its connection): what a running run re-reads to learn it was cancelled. */
export async function runStatus(executor: SqlExecutor, runId: string): Promise<SyncRunStatus | null> {
  const [row] = await executor.query<{ status: SyncRunStatus }>('select status from sync_runs where id = $1', [runId]);
  return row?.status ?? null;
}

export async function findRun(executor: SqlExecutor, runId: string): Promise<SyncRunRow | null> {
  const [row] = await executor.query<SyncRunRow>(`select ${RUN_COLUMNS} from sync_runs r where r.id = $1`, [runId]);
  return row ? toRun(row) : null;
}

/** The newest run of each connection (connections without runs are absent from the map). */
export async function latestRuns(executor: SqlExecutor, connectionIds: readonly string[]): Promise<Map<string, SyncRunRow>> {
  const rows = await executor.query<SyncRunRow>(
    `select distinct on (r.connection_id) ${RUN_COLUMNS}
       from sync_runs r where r.connection_id = any($1::text[])
      order by r.connection_id, r.queued_at desc, r.id desc`,
    [connectionIds],
  );
  return new Map(rows.map((row) => [row.connectionId, toRun(row)]));
}

/** A connection's runs, newest first; asks for one row more than `first` to tell whether a next page exists. */
export async function pageOfRuns(executor: SqlExecutor, connectionId: string, page: PageRequest): Promise<{ rows: SyncRunRow[]; hasNextPage: boolean }> {
  const rows = await executor.query<SyncRunRow>(
    `select ${RUN_COLUMNS} from sync_runs r
      where r.connection_id = $1
        and ($2::text is null or (r.queued_at, r.id) < (select queued_at, id from sync_runs where id = $2))
      order by r.queued_at desc, r.id desc
      limit $3`,
    [connectionId, page.afterId ?? null, page.first + 1],
  );
  return { rows: rows.slice(0, page.first).map(toRun), hasNextPage: rows.length > page.first };
}

/** Up to `first` rejected rows (oldest first) for each run, in one statement. */
export async function rejectionsOf(executor: SqlExecutor, runIds: readonly string[], page: PageRequest): Promise<Map<string, SyncRejectionRow[]>> {
  const rows = await executor.query<SyncRejectionRow>(
    `select id, "runId", stream, reason, raw, "createdAt" from (
       select j.id, j.run_id as "runId", j.stream, j.reason, j.raw, j.created_at as "createdAt",
              row_number() over (partition by j.run_id order by j.created_at, j.id) as position
         from sync_rejections j
        where j.run_id = any($1::text[])
          and ($2::text is null or (j.created_at, j.id) > (select created_at, id from sync_rejections where id = $2))
     ) ranked where position <= $3 order by "runId", position`,
    [runIds, page.afterId ?? null, page.first],
  );
  const grouped = new Map<string, SyncRejectionRow[]>();
  for (const row of rows) {
    const list = grouped.get(row.runId) ?? [];
    list.push({ ...row, createdAt: new Date(row.createdAt) });
    grouped.set(row.runId, list);
  }
  return grouped;
}

function toRun(row: SyncRunRow): SyncRunRow {
  return {
    ...row,
    queuedAt: new Date(row.queuedAt),
    startedAt: row.startedAt ? new Date(row.startedAt) : null,
    finishedAt: row.finishedAt ? new Date(row.finishedAt) : null,
  };
}

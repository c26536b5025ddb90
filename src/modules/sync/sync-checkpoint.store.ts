import type { SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import { storableRaw, storableReason } from './rejected-row';
import type { StreamStats } from './sync-run.store';

/** The SQL a sync run needs besides ingestion: checkpoints (sync_stream_states), rejected rows, per-stream counts. */

export async function loadStreamStates(db: SqlExecutor, connectionId: string): Promise<Map<string, Record<string, unknown>>> {
  const rows = await db.query<{ stream: string; state: Record<string, unknown> }>('select stream, state from sync_stream_states where connection_id = $1', [connectionId]);
  return new Map(rows.map((row) => [row.stream, row.state]));
}

export async function saveStreamState(tx: SqlExecutor, connectionId: string, stream: string, state: Record<string, unknown>): Promise<void> {
  await tx.query(
    `insert into sync_stream_states (connection_id, stream, state) values ($1, $2, $3)
     on conflict (connection_id, stream) do update set state = excluded.state, updated_at = now()`,
    [connectionId, stream, JSON.stringify(state)],
  );
}

export async function clearStreamStates(db: SqlExecutor, connectionId: string): Promise<void> {
  await db.query('delete from sync_stream_states where connection_id = $1', [connectionId]);
}

export async function saveRejections(tx: SqlExecutor, runId: string, stream: string, rejections: { reason: string; raw: unknown }[]): Promise<void> {
  if (rejections.length === 0) return;
  await tx.query(
    `insert into sync_rejections (id, run_id, stream, reason, raw)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
    [rejections.map(() => newId('syncRejection')), rejections.map(() => runId), rejections.map(() => stream), rejections.map((r) => storableReason(r.reason)), rejections.map((r) => storableRaw(r.raw))],
  );
}

/** Saves a run's counts; false when the run is no longer running (cancelled), so its batch must not commit. */
export async function saveRunStats(tx: SqlExecutor, runId: string, stats: Record<string, StreamStats>): Promise<boolean> {
  const rows = await tx.query("update sync_runs set stream_stats = $2 where id = $1 and status = 'running' returning id", [runId, JSON.stringify(stats)]);
  return rows.length > 0;
}

/** The counts a run committed so far: an attempt that resumes after a crash goes on counting from them. */
export async function loadRunStats(db: SqlExecutor, runId: string): Promise<Record<string, StreamStats>> {
  const [row] = await db.query<{ stream_stats: Record<string, StreamStats> | null }>('select stream_stats from sync_runs where id = $1', [runId]);
  return row?.stream_stats ?? {};
}

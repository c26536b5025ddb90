import type { Database } from '../../platform/database/database';
import type { StreamStats, SyncRunStatus } from './sync-run.entity';

/**
 * Reads of sync runs and their rejected rows for the API. Methods that take many ids answer with one
 * statement, so a list of connections or runs costs a fixed number of queries (the GraphQL loaders call these).
 */

export interface SyncRunRow {
  id: string;
  connectionId: string;
  status: SyncRunStatus;
  fullRefresh: boolean;
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

const RUN_COLUMNS = `r.id, r.connection_id as "connectionId", r.status, r.full_refresh as "fullRefresh", r.trigger, r.queued_at as "queuedAt",
  r.started_at as "startedAt", r.finished_at as "finishedAt", r.attempts, r.last_error as "lastError", r.stream_stats as "streamStats"`;

export class SyncRunQueryService {
  constructor(private readonly database: Database) {}

  async byId(runId: string): Promise<SyncRunRow | null> {
    const [row] = await this.database.query<SyncRunRow>(`select ${RUN_COLUMNS} from sync_runs r where r.id = $1`, [runId]);
    return row ? toRun(row) : null;
  }

  /** The newest run of each connection (connections without runs are absent from the map). */
  async latest(connectionIds: readonly string[]): Promise<Map<string, SyncRunRow>> {
    const rows = await this.database.query<SyncRunRow>(
      `select distinct on (r.connection_id) ${RUN_COLUMNS}
         from sync_runs r where r.connection_id = any($1::text[])
        order by r.connection_id, r.queued_at desc, r.id desc`,
      [connectionIds],
    );
    return new Map(rows.map((row) => [row.connectionId, toRun(row)]));
  }

  /** A connection's runs, newest first; asks for one row more than `first` to tell whether a next page exists. */
  async page(connectionId: string, page: PageRequest): Promise<{ rows: SyncRunRow[]; hasNextPage: boolean }> {
    const rows = await this.database.query<SyncRunRow>(
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
  async rejections(runIds: readonly string[], page: PageRequest): Promise<Map<string, SyncRejectionRow[]>> {
    const rows = await this.database.query<SyncRejectionRow>(
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
}

function toRun(row: SyncRunRow): SyncRunRow {
  return {
    ...row,
    queuedAt: new Date(row.queuedAt),
    startedAt: row.startedAt ? new Date(row.startedAt) : null,
    finishedAt: row.finishedAt ? new Date(row.finishedAt) : null,
  };
}

import type { SqlExecutor } from '../../platform/database/database';

/** The SQL of audit_log: appended to, and read newest first. */

export interface AuditEntryRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  targetIds: string[];
  fields: string[];
}

export interface AuditQuery {
  action?: string;
  actor?: string;
  since?: Date;
  until?: Date;
  first: number;
  /** The id of the last entry of the previous page. */
  afterId?: string;
}

const COLUMNS = 'id, at, actor, action, target_ids as "targetIds", fields';

export async function insertAuditEntry(executor: SqlExecutor, entry: Omit<AuditEntryRow, 'at'>): Promise<void> {
  await executor.query('insert into audit_log (id, actor, action, target_ids, fields) values ($1, $2, $3, $4, $5)', [entry.id, entry.actor, entry.action, entry.targetIds, entry.fields]);
}

/** A page of entries, newest first; asks for one row more than `first` to tell whether a next page exists. */
export async function pageOfAuditEntries(executor: SqlExecutor, query: AuditQuery): Promise<{ rows: AuditEntryRow[]; hasNextPage: boolean }> {
  const rows = await executor.query<AuditEntryRow>(
    `select ${COLUMNS} from audit_log a
      where ($1::text is null or a.action = $1)
        and ($2::text is null or a.actor = $2)
        and ($3::timestamptz is null or a.at >= $3)
        and ($4::timestamptz is null or a.at < $4)
        and ($5::text is null or (a.at, a.id) < (select at, id from audit_log where id = $5))
      order by a.at desc, a.id desc
      limit $6`,
    [query.action ?? null, query.actor ?? null, query.since ?? null, query.until ?? null, query.afterId ?? null, query.first + 1],
  );
  return { rows: rows.slice(0, query.first).map((row) => ({ ...row, at: new Date(row.at) })), hasNextPage: rows.length > query.first };
}

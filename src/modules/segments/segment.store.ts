import type { SqlExecutor } from '../../platform/database/database';
import type { SegmentConditionInput } from './segment-definition';

export interface SegmentRow {
  id: string;
  name: string;
  description: string | null;
  definition: SegmentConditionInput;
  timeRelative: boolean;
  evaluatedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

const SEGMENT_COLUMNS = `id, name, description, definition, time_relative as "timeRelative", evaluated_at as "evaluatedAt", created_at as "createdAt", updated_at as "updatedAt"`;

export async function findSegments(executor: SqlExecutor, ids?: readonly string[]): Promise<SegmentRow[]> {
  const rows = ids
    ? await executor.query<SegmentRow>(`select ${SEGMENT_COLUMNS} from segments where id = any($1::text[]) order by id`, [ids])
    : await executor.query<SegmentRow>(`select ${SEGMENT_COLUMNS} from segments order by id`);
  return rows.map(withDates);
}

/** The key of a segment's advisory lock (exclusive for whole evaluations, shared for profile changes). */
const segmentLockKey = (idSql: string) => `hashtextextended('segment:' || ${idSql}, 0)`;

export async function lockSegmentExclusively(tx: SqlExecutor, id: string): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(${segmentLockKey('$1::text')})`, [id]);
}

/**
 * Every saved segment, each locked shared (in id order) as it is read: what a profile change needs before
 * it re-evaluates memberships, in one round trip instead of two.
 */
export async function findSegmentsLockedShared(tx: SqlExecutor): Promise<SegmentRow[]> {
  const rows = await tx.query<SegmentRow>(
    `select ${SEGMENT_COLUMNS} from (select * from segments order by id) s
       cross join lateral (select pg_advisory_xact_lock_shared(${segmentLockKey('s.id')})) as locked
      order by s.id`,
  );
  return rows.map(withDates);
}

/**
 * Lets a whole-population segment statement hash the profiles of a leaf in memory, until the transaction
 * ends. A leaf under any or not is a subplan: hashed when its rows fit in work_mem (4 MB by default, about
 * 100,000 profile ids), and otherwise re-scanned for every profile, which at 1M profiles never finishes.
 * 64 MB holds about a million ids (hash tables may use twice work_mem).
 */
export async function allowSegmentMemory(tx: SqlExecutor): Promise<void> {
  await tx.query("select set_config('work_mem', '64MB', true)");
}

type SegmentWrite = Omit<SegmentRow, 'createdAt' | 'updatedAt'>;

export async function insertSegment(executor: SqlExecutor, row: SegmentWrite): Promise<void> {
  await executor.query('insert into segments (id, name, description, definition, time_relative, evaluated_at) values ($1, $2, $3, $4, $5, $6)', segmentParams(row));
}

export async function updateSegmentRow(executor: SqlExecutor, row: SegmentWrite): Promise<void> {
  await executor.query(
    'update segments set name = $2, description = $3, definition = $4, time_relative = $5, evaluated_at = $6, updated_at = now() where id = $1',
    segmentParams(row),
  );
}

function segmentParams(row: SegmentWrite): unknown[] {
  return [row.id, row.name, row.description, JSON.stringify(row.definition), row.timeRelative, row.evaluatedAt];
}

export async function deleteSegmentRow(executor: SqlExecutor, id: string): Promise<boolean> {
  return (await executor.query('delete from segments where id = $1 returning id', [id])).length > 0;
}

/** Records a whole evaluation: when it ran, and whether time moves the segment (its expanded definition may have changed). */
export async function markEvaluated(executor: SqlExecutor, id: string, evaluatedAt: Date, timeRelative: boolean): Promise<void> {
  await executor.query('update segments set evaluated_at = $2, time_relative = $3 where id = $1', [id, evaluatedAt, timeRelative]);
}

/** Names of the given segments, by id. */
export async function segmentNames(executor: SqlExecutor, segmentIds: readonly string[]): Promise<Map<string, string>> {
  if (segmentIds.length === 0) return new Map();
  const rows = await executor.query<{ id: string; name: string }>('select id, name from segments where id = any($1::text[])', [segmentIds]);
  return new Map(rows.map((row) => [row.id, row.name]));
}

function withDates(row: SegmentRow): SegmentRow {
  return { ...row, evaluatedAt: new Date(row.evaluatedAt), createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) };
}

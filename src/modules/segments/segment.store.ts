import type { SqlExecutor } from '../../platform/database/database';
import type { ProfileRow } from '../profiles/profile-query.service';
import type { SegmentMove } from '../profiles/profile-changes';
import type { CompiledSegment } from './segment-compiler';
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

// Each entry and exit, as the webhooks report them (segment.entered, segment.exited).
const MOVE_COLUMNS = `segment_id as "segmentId", profile_id as "profileId", change`;

/**
 * Makes the members of one segment the live profiles that match it now: entries are inserted, exits
 * deleted, and both recorded as segment changes, in one statement; returns them.
 */
export async function replaceMembers(tx: SqlExecutor, segmentId: string, compiled: CompiledSegment): Promise<SegmentMove[]> {
  await allowSegmentMemory(tx);
  const params = [...compiled.params, segmentId];
  const segment = `$${params.length}::text`;
  return tx.query<SegmentMove>(
    `with matched as (
       select p.id from profiles p where p.merged_into_id is null and ${compiled.where}
     ), entered as (
       insert into segment_memberships (segment_id, profile_id) select ${segment}, id from matched on conflict do nothing returning profile_id
     ), exited as (
       delete from segment_memberships m where m.segment_id = ${segment} and not exists (select 1 from matched x where x.id = m.profile_id) returning profile_id
     )
     insert into segment_changes (segment_id, profile_id, change)
     select ${segment}, profile_id, 'entered' from entered union all select ${segment}, profile_id, 'exited' from exited
     returning ${MOVE_COLUMNS}`,
    params,
  );
}

/**
 * Makes the memberships of the given profiles in the given segments what the segments say now, in one
 * statement for all of them: the incremental path a profile change takes. `compiled` shares one parameter list.
 */
export async function updateMembersOf(tx: SqlExecutor, profileIds: string[], segments: { id: string; where: string }[], params: unknown[]): Promise<SegmentMove[]> {
  const all = [...params, profileIds, segments.map((segment) => segment.id)];
  const [profiles, segmentIds] = [`$${all.length - 1}::text[]`, `$${all.length}::text[]`];
  const matched = segments
    .map((segment, index) => `select (${segmentIds})[${index + 1}] as segment_id, p.id as profile_id from profiles p where p.id = any(${profiles}) and p.merged_into_id is null and ${segment.where}`)
    .join('\n union all ');
  return tx.query<SegmentMove>(
    `with matched as (${matched}
     ), entered as (
       insert into segment_memberships (segment_id, profile_id) select segment_id, profile_id from matched on conflict do nothing returning segment_id, profile_id
     ), exited as (
       delete from segment_memberships m
        where m.profile_id = any(${profiles}) and m.segment_id = any(${segmentIds})
          and not exists (select 1 from matched x where x.segment_id = m.segment_id and x.profile_id = m.profile_id)
       returning m.segment_id, m.profile_id
     )
     insert into segment_changes (segment_id, profile_id, change)
     select segment_id, profile_id, 'entered' from entered union all select segment_id, profile_id, 'exited' from exited
     returning ${MOVE_COLUMNS}`,
    all,
  );
}

/** Takes profiles out of every segment (they are being deleted), recording the exits; returns them. */
export async function removeMembers(tx: SqlExecutor, profileIds: readonly string[]): Promise<SegmentMove[]> {
  return tx.query<SegmentMove>(
    `with exited as (delete from segment_memberships where profile_id = any($1::text[]) returning segment_id, profile_id)
     insert into segment_changes (segment_id, profile_id, change) select segment_id, profile_id, 'exited' from exited
     returning ${MOVE_COLUMNS}`,
    [profileIds],
  );
}

export async function countMembers(executor: SqlExecutor, segmentIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await executor.query<{ segment_id: string; count: number }>(
    'select segment_id, count(*)::int as count from segment_memberships where segment_id = any($1::text[]) group by segment_id',
    [segmentIds],
  );
  return new Map(rows.map((row) => [row.segment_id, row.count]));
}

/** Members in profile id order, after the given id. */
export async function listMembers(executor: SqlExecutor, segmentId: string, first: number, after = ''): Promise<ProfileRow[]> {
  const rows = await executor.query<{ id: string; createdAt: string; updatedAt: string }>(
    `select p.id, p.created_at as "createdAt", p.updated_at as "updatedAt" from segment_memberships m join profiles p on p.id = m.profile_id
      where m.segment_id = $1 and m.profile_id > $2 order by m.profile_id limit $3`,
    [segmentId, after, first],
  );
  return rows.map((row) => ({ id: row.id, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) }));
}

/** The segments each profile is a member of, by profile. */
export async function segmentIdsOf(executor: SqlExecutor, profileIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await executor.query<{ profile_id: string; segment_id: string }>(
    'select profile_id, segment_id from segment_memberships where profile_id = any($1::text[]) order by segment_id',
    [profileIds],
  );
  const byProfile = new Map<string, string[]>();
  for (const row of rows) {
    const list = byProfile.get(row.profile_id);
    if (list) list.push(row.segment_id);
    else byProfile.set(row.profile_id, [row.segment_id]);
  }
  return byProfile;
}

function withDates(row: SegmentRow): SegmentRow {
  return { ...row, evaluatedAt: new Date(row.evaluatedAt), createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) };
}

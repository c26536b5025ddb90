import type { SqlExecutor } from '../../platform/database/database';
import { toProfileRows, type ProfileRow, type SegmentMove } from '../profiles';
import type { CompiledSegment } from './segment-compiler';
import { allowSegmentMemory } from './segment.store';

/**
 * The SQL of segment_memberships and segment_changes: who is in each saved segment, and every entry and exit.
 *
 * Borrows (reads only): profiles and what compiled segments read of the profile and computed-trait tables
 * (traits, identities, source_records, events, consents, computed_traits), whose conditions are SQL built by the
 * segment compiler; joining them is what makes a million-profile evaluation one statement.
 */

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
  const rows = await executor.query<ProfileRow>(
    `select p.id, p.created_at as "createdAt", p.updated_at as "updatedAt" from segment_memberships m join profiles p on p.id = m.profile_id
      where m.segment_id = $1 and m.profile_id > $2 order by m.profile_id limit $3`,
    [segmentId, after, first],
  );
  return toProfileRows(rows);
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

/** How many live profiles match a compiled segment now. */
export async function countMatching(tx: SqlExecutor, compiled: CompiledSegment): Promise<number> {
  const [row] = await tx.query<{ count: string }>(`select count(*) as count from profiles p where p.merged_into_id is null and ${compiled.where}`, compiled.params);
  return Number(row.count);
}

/** Live profiles matching a compiled segment now, in id order, after the given id. */
export async function listMatching(tx: SqlExecutor, compiled: CompiledSegment, first: number, after?: string): Promise<ProfileRow[]> {
  const params = [...compiled.params, first, after ?? ''];
  const rows = await tx.query<ProfileRow>(
    `select p.id, p.created_at as "createdAt", p.updated_at as "updatedAt" from profiles p
      where p.merged_into_id is null and p.id > $${params.length}::text and ${compiled.where}
      order by p.id limit $${params.length - 1}`,
    params,
  );
  return toProfileRows(rows);
}

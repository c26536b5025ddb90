import type { CountryCode } from 'libphonenumber-js';
import type { SqlExecutor } from '../../platform/database/database';

/**
 * The SQL of a rules preview: which stored records changed rules could move.
 *
 * Borrows (reads only): source_records (profiles), joined with the blocking keys in one statement to find
 * the profiles that share keys.
 */

export interface PreviewRecord {
  id: string;
  profileId: string;
  source: string;
  externalId: string;
  contentHash: string;
  payload: Record<string, unknown>;
  /** The region its phones were read in when it was stored; null: the hub's default. */
  phoneRegion: CountryCode | null;
}

/**
 * The records a change of rules can move, whole profiles at a time: every profile of more than one record
 * (it could split) and every profile holding a record that shares a blocking key of at most `maxBlockSize`
 * holders with another profile's record (it could merge). Every other profile is a record alone that no
 * comparison reaches, under any thresholds. Answers at most `limit` + 1 records, so a caller can tell "too many".
 */
export async function affectedRecords(executor: SqlExecutor, maxBlockSize: number, limit: number): Promise<PreviewRecord[]> {
  const rows = await executor.query<{ id: string; profile_id: string; source: string; external_id: string; content_hash: string; payload: Record<string, unknown>; phone_region: CountryCode | null }>(
    `with shared_keys as (
       select b.key_hash from record_blocking_keys b join source_records s on s.id = b.source_record_id
        group by b.key_hash having count(*) <= $1 and count(distinct s.profile_id) > 1
     ), affected_profiles as (
       select s.profile_id from record_blocking_keys b join shared_keys using (key_hash) join source_records s on s.id = b.source_record_id
       union
       select profile_id from source_records group by profile_id having count(*) > 1
     )
     select id, profile_id, source, external_id, content_hash, payload, phone_region from source_records
      where profile_id in (select profile_id from affected_profiles)
      order by profile_id, id limit $2`,
    [maxBlockSize, limit + 1],
  );
  return rows.map((row) => ({ id: row.id, profileId: row.profile_id, source: row.source, externalId: row.external_id, contentHash: row.content_hash, payload: row.payload, phoneRegion: row.phone_region }));
}

/** Pairs among the given records that people decided on. */
export async function decidedPairs(executor: SqlExecutor, table: 'cannot_links' | 'must_links', recordIds: string[]): Promise<[string, string][]> {
  if (recordIds.length === 0) return [];
  const rows = await executor.query<{ left_record_id: string; right_record_id: string }>(
    `select left_record_id, right_record_id from ${table} where left_record_id = any($1::text[]) and right_record_id = any($1::text[])`,
    [recordIds],
  );
  return rows.map((row) => [row.left_record_id, row.right_record_id]);
}

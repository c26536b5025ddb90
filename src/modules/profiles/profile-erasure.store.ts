import type { SqlExecutor } from '../../platform/database/database';

/**
 * Deletes a live profile and everything the hub holds about the person: its source records and what was
 * derived from them (identities, traits, computed traits, events, blocking keys), the reviews and links
 * between its records and others, its merge history and the tombstones of profiles merged into it.
 * Segment memberships and webhook events are removed by their own modules' observers beforehand.
 */
export async function eraseProfile(tx: SqlExecutor, profileId: string): Promise<{ sourceRecords: number }> {
  const profiles = (await tx.query<{ id: string }>('select id from profiles where id = $1 or merged_into_id = $1', [profileId])).map((row) => row.id);
  const records = (await tx.query<{ id: string }>('select id from source_records where profile_id = $1', [profileId])).map((row) => row.id);
  const decisions = (await tx.query<{ id: string }>('select id from merge_decisions where surviving_profile_id = any($1::text[]) or merged_profile_id = any($1::text[])', [profiles])).map((row) => row.id);
  await tx.query('delete from match_reviews where left_record_id = any($1::text[]) or right_record_id = any($1::text[]) or merge_decision_id = any($2::text[])', [records, decisions]);
  for (const table of ['cannot_links', 'must_links']) {
    await tx.query(`delete from ${table} where left_record_id = any($1::text[]) or right_record_id = any($1::text[])`, [records]);
  }
  // Blocking keys have no index by record (it would slow every bulk load): erasure, rare, scans for them instead.
  await tx.query('delete from record_blocking_keys where source_record_id = any($1::text[])', [records]);
  for (const table of ['events', 'identities', 'traits', 'computed_traits', 'source_records']) {
    await tx.query(`delete from ${table} where profile_id = $1`, [profileId]);
  }
  await tx.query('delete from merge_decisions where id = any($1::text[])', [decisions]);
  await tx.query('delete from profiles where merged_into_id = $1', [profileId]);
  await tx.query('delete from profiles where id = $1', [profileId]);
  return { sourceRecords: records.length };
}

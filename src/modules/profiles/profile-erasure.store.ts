import type { SqlExecutor } from '../../platform/database/database';

/** What erasing one live profile removes from the profile tables. */
export interface ErasureTargets {
  profileId: string;
  /** The profile and the tombstones of profiles merged into it. */
  profileIds: string[];
  /** Its source records. */
  recordIds: string[];
  /** The merges and splits it and its tombstones took part in. */
  mergeDecisionIds: string[];
}

/** Locks the profile's row; answers null when it does not exist, and where it went when it was merged away. */
export async function lockProfileForErasure(tx: SqlExecutor, profileId: string): Promise<{ mergedIntoId: string | null } | null> {
  const [row] = await tx.query<{ merged_into_id: string | null }>('select merged_into_id from profiles where id = $1 for update', [profileId]);
  return row ? { mergedIntoId: row.merged_into_id } : null;
}

export async function findErasureTargets(tx: SqlExecutor, profileId: string): Promise<ErasureTargets> {
  const profileIds = (await tx.query<{ id: string }>('select id from profiles where id = $1 or merged_into_id = $1', [profileId])).map((row) => row.id);
  const recordIds = (await tx.query<{ id: string }>('select id from source_records where profile_id = $1', [profileId])).map((row) => row.id);
  const mergeDecisionIds = (await tx.query<{ id: string }>('select id from merge_decisions where surviving_profile_id = any($1::text[]) or merged_profile_id = any($1::text[])', [profileIds])).map(
    (row) => row.id,
  );
  return { profileId, profileIds, recordIds, mergeDecisionIds };
}

/** Deletes the profile, its tombstones, its records and what was derived from them, and its merge history. */
export async function eraseProfileRows(tx: SqlExecutor, targets: ErasureTargets): Promise<void> {
  for (const table of ['events', 'identities', 'traits', 'source_records']) {
    await tx.query(`delete from ${table} where profile_id = $1`, [targets.profileId]);
  }
  await tx.query('delete from merge_decisions where id = any($1::text[])', [targets.mergeDecisionIds]);
  await tx.query('delete from profiles where merged_into_id = $1', [targets.profileId]);
  await tx.query('delete from profiles where id = $1', [targets.profileId]);
}

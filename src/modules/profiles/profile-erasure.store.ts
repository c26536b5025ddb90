import type { SqlExecutor } from '../../platform/database/database';

/** What erasing one live profile removes from the profile tables, and what the other modules need to find theirs. */
export interface ErasureTargets {
  profileId: string;
  /** The profile and every profile ever merged into it, transitively (their tombstones). */
  profileIds: string[];
  /** Its source records. */
  recordIds: string[];
  /** The merges and splits it and its tombstones took part in. */
  mergeDecisionIds: string[];
  /** Its identifiers as stored (normalized) and as their sources sent them: what suppression hashes and what raw copies elsewhere are found by. */
  identifiers: { type: string; value: string; raw: string }[];
}

/** Locks the profile's row; answers null when it does not exist, and where it went when it was merged away. */
export async function lockProfileForErasure(tx: SqlExecutor, profileId: string): Promise<{ mergedIntoId: string | null } | null> {
  const [row] = await tx.query<{ merged_into_id: string | null }>('select merged_into_id from profiles where id = $1 for update', [profileId]);
  return row ? { mergedIntoId: row.merged_into_id } : null;
}

export async function findErasureTargets(tx: SqlExecutor, profileId: string): Promise<ErasureTargets> {
  // A merge chain (a into b, then b into c) leaves a pointing at b: follow it down to every tombstone.
  const profileIds = (
    await tx.query<{ id: string }>(
      `with recursive absorbed(id) as (
         select $1::text
         union select p.id from profiles p join absorbed a on p.merged_into_id = a.id
       ) select id from absorbed`,
      [profileId],
    )
  ).map((row) => row.id);
  const recordIds = (await tx.query<{ id: string }>('select id from source_records where profile_id = any($1::text[])', [profileIds])).map((row) => row.id);
  const mergeDecisionIds = (await tx.query<{ id: string }>('select id from merge_decisions where surviving_profile_id = any($1::text[]) or merged_profile_id = any($1::text[])', [profileIds])).map(
    (row) => row.id,
  );
  const identifiers = await tx.query<{ type: string; value: string; raw: string }>(
    'select distinct type, value, raw_value as raw from identities where profile_id = any($1::text[]) or source_record_id = any($2::text[])',
    [profileIds, recordIds],
  );
  return { profileId, profileIds, recordIds, mergeDecisionIds, identifiers };
}

/** Deletes the profile, its tombstones, its records and what was derived from them, and its merge history; counts per table. */
export async function eraseProfileRows(tx: SqlExecutor, targets: ErasureTargets): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  const { profileIds, recordIds } = targets;
  for (const table of ['events', 'identities', 'traits', 'consents', 'source_records']) {
    const column = table === 'source_records' ? 'id' : 'source_record_id';
    removed[table] = (await tx.query(`delete from ${table} where profile_id = any($1::text[]) or ${column} = any($2::text[]) returning 1`, [profileIds, recordIds])).length;
  }
  removed.merge_decisions = (await tx.query('delete from merge_decisions where id = any($1::text[]) returning 1', [targets.mergeDecisionIds])).length;
  // One statement: the self-references between tombstones are checked at its end.
  removed.profiles = (await tx.query('delete from profiles where id = any($1::text[]) returning 1', [profileIds])).length;
  return removed;
}

/**
 * The texts other modules look for in their copies of an erased person's data (webhook bodies, rejected
 * rows): its identifiers as sent and as normalized, lower-cased. External ids are left out (a short one like
 * `42` is in everybody's rows; those copies are found by profile or record id), and so is anything too short
 * to name one person.
 */
export function erasureSearchTexts(targets: ErasureTargets): string[] {
  const texts = targets.identifiers.filter((identifier) => identifier.type !== 'external_id').flatMap((identifier) => [identifier.raw, identifier.value]);
  return [...new Set(texts.map((text) => text.trim().toLowerCase()))].filter((text) => text.length >= 5);
}

import type { SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import type { MergeDecisionRow } from '../profiles/profile-details.service';

/** The SQL of the decisions people make about profiles: splits, and reading what was decided. */

export interface ProfileState {
  id: string;
  mergedIntoId: string | null;
}

export async function findProfiles(tx: SqlExecutor, ids: string[]): Promise<Map<string, ProfileState>> {
  const rows = await tx.query<{ id: string; merged_into_id: string | null }>('select id, merged_into_id from profiles where id = any($1::text[])', [ids]);
  return new Map(rows.map((row) => [row.id, { id: row.id, mergedIntoId: row.merged_into_id }]));
}

export async function findRecordOwners(tx: SqlExecutor, recordIds: string[]): Promise<Map<string, string>> {
  const rows = await tx.query<{ id: string; profile_id: string }>('select id, profile_id from source_records where id = any($1::text[])', [recordIds]);
  return new Map(rows.map((row) => [row.id, row.profile_id]));
}

/** Moves source records (and their events) to another profile; identities and traits are re-derived by the caller. */
export async function moveRecords(tx: SqlExecutor, recordIds: string[], profileId: string): Promise<void> {
  await tx.query('update source_records set profile_id = $2 where id = any($1::text[])', [recordIds, profileId]);
  await tx.query('update events set profile_id = $2 where source_record_id = any($1::text[])', [recordIds, profileId]);
}

/**
 * Records a split: `kept` keeps its id and the remaining records, `created` took `moved`. A merge that
 * brought in exactly the moved records is marked reversed: the split undid it.
 */
export async function recordSplit(tx: SqlExecutor, split: { kept: string; created: string; moved: string[]; remaining: string[]; actor: string }): Promise<string> {
  const id = newId('mergeDecision');
  await tx.query(
    `insert into merge_decisions (id, kind, surviving_profile_id, merged_profile_id, merged_source_record_ids, rule, evidence, actor)
     values ($1, 'split', $2, $3, $4, 'split', $5, $6)`,
    [id, split.kept, split.created, JSON.stringify(split.moved), JSON.stringify({ movedRecordIds: split.moved, remainingRecordIds: split.remaining, cannotLinks: split.moved.length * split.remaining.length }), split.actor],
  );
  await tx.query(
    `update merge_decisions set reversed_at = now()
      where surviving_profile_id = $1 and kind = 'merge' and reversed_at is null
        and merged_source_record_ids @> $2::jsonb and $2::jsonb @> merged_source_record_ids`,
    [split.kept, JSON.stringify(split.moved)],
  );
  return id;
}

export async function findDecision(tx: SqlExecutor, id: string): Promise<MergeDecisionRow> {
  const [row] = await tx.query<MergeDecisionRow>(
    `select id, kind, surviving_profile_id as "survivingProfileId", merged_profile_id as "mergedProfileId", merged_source_record_ids as "mergedSourceRecordIds",
            rule, probability, evidence, actor, decided_at as "decidedAt", reversed_at as "reversedAt"
       from merge_decisions where id = $1`,
    [id],
  );
  return { ...row, decidedAt: new Date(row.decidedAt), reversedAt: row.reversedAt ? new Date(row.reversedAt) : null };
}

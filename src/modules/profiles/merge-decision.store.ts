import type { SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import { moveConsentsOfMerged } from './consent.store';
import type { MergeDecisionRow } from './profile-details.store';

/**
 * The SQL of merges and splits. A merge moves everything of the absorbed profile to its survivor and records
 * why; a split records what it moved. Both stay readable as the profiles' history (merge_decisions).
 */

/** A merge as identity resolution (or a person) decided it. */
export interface MergeWrite {
  survivingProfileId: string;
  mergedProfileId: string;
  rule: string;
  /** The match probability of the scored link that decided the merge; absent for identifier and manual rules. */
  probability?: number | null;
  evidence: Record<string, unknown>;
}

/** Moves everything of each absorbed profile to its survivor and records why; answers the decision ids, in order. */
export async function applyMerges(tx: SqlExecutor, merges: readonly MergeWrite[], actor: string): Promise<string[]> {
  if (merges.length === 0) return [];
  const ids = merges.map(() => newId('mergeDecision'));
  const merged = merges.map((merge) => merge.mergedProfileId);
  const surviving = merges.map((merge) => merge.survivingProfileId);
  const recordsOfMerged = await tx.query<{ profile_id: string; ids: string[] }>(
    'select profile_id, array_agg(id order by id) as ids from source_records where profile_id = any($1::text[]) group by profile_id',
    [merged],
  );
  const recordIdsByProfile = new Map(recordsOfMerged.map((row) => [row.profile_id, row.ids]));
  // Identities are not moved: the survivor's are re-derived from all its records, and a value both held
  // (a shared phone) would collide with the survivor's own row.
  await tx.query('delete from identities where profile_id = any($1::text[])', [merged]);
  for (const table of ['source_records', 'events']) {
    await tx.query(
      `update ${table} t set profile_id = m.surviving from unnest($1::text[], $2::text[]) as m(merged, surviving) where t.profile_id = m.merged`,
      [merged, surviving],
    );
  }
  await tx.query('delete from traits where profile_id = any($1::text[])', [merged]);
  // Consents move with their records: the survivor's re-derivation then keeps when each was learned.
  await moveConsentsOfMerged(tx, merged, surviving);
  await tx.query(
    `update profiles p set merged_into_id = m.surviving, updated_at = now()
       from unnest($1::text[], $2::text[]) as m(merged, surviving)
      where p.id = m.merged or p.merged_into_id = m.merged`,
    [merged, surviving],
  );
  await tx.query(
    `insert into merge_decisions (id, surviving_profile_id, merged_profile_id, merged_source_record_ids, rule, evidence, actor, probability)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::jsonb[], $7::text[], $8::float8[])`,
    [
      ids,
      surviving,
      merged,
      merges.map((merge) => JSON.stringify(recordIdsByProfile.get(merge.mergedProfileId) ?? [])),
      merges.map((merge) => merge.rule),
      merges.map((merge) => JSON.stringify(merge.evidence)),
      merges.map(() => actor),
      merges.map((merge) => merge.probability ?? null),
    ],
  );
  return ids;
}

/** A split as a person (or identity resolution, re-resolving) decided it. */
interface SplitWrite {
  kept: string;
  created: string;
  moved: string[];
  remaining: string[];
  actor: string;
  /** Cannot-links the split added; by default one per moved and remaining record (a person's split). */
  cannotLinks?: number;
  /** More evidence, beside the records moved and remaining (an automatic split's `reason`). */
  details?: Record<string, unknown>;
}

/**
 * Records a split: `kept` keeps its id and the remaining records, `created` took `moved`. A merge that
 * brought in exactly the moved records is marked reversed: the split undid it.
 */
export async function recordSplit(tx: SqlExecutor, split: SplitWrite): Promise<string> {
  const id = newId('mergeDecision');
  const cannotLinks = split.cannotLinks ?? split.moved.length * split.remaining.length;
  await tx.query(
    `insert into merge_decisions (id, kind, surviving_profile_id, merged_profile_id, merged_source_record_ids, rule, evidence, actor)
     values ($1, 'split', $2, $3, $4, 'split', $5, $6)`,
    [id, split.kept, split.created, JSON.stringify(split.moved), JSON.stringify({ movedRecordIds: split.moved, remainingRecordIds: split.remaining, cannotLinks, ...split.details }), split.actor],
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

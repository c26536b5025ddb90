import type { SqlExecutor } from '../../platform/database/database';
import type { ErasureTargets, RecordDataEraser } from '../profiles';

/**
 * What identity resolution keeps about an erased person's records: their blocking keys, the reviews and
 * the cannot-/must-links between them and other records. Deleted before the records themselves.
 */
export async function forgetRecords(tx: SqlExecutor, targets: ErasureTargets): Promise<void> {
  const { recordIds, mergeDecisionIds } = targets;
  await tx.query('delete from match_reviews where left_record_id = any($1::text[]) or right_record_id = any($1::text[]) or merge_decision_id = any($2::text[])', [recordIds, mergeDecisionIds]);
  for (const table of ['cannot_links', 'must_links']) {
    await tx.query(`delete from ${table} where left_record_id = any($1::text[]) or right_record_id = any($1::text[])`, [recordIds]);
  }
  // Blocking keys have no index by record (it would slow every bulk load): erasure, rare, scans for them instead.
  await tx.query('delete from record_blocking_keys where source_record_id = any($1::text[])', [recordIds]);
}

export const identityErasure: RecordDataEraser = { forgetRecords };

import type { SqlExecutor } from '../../platform/database/database';
import type { ErasureTargets, PersonDataEraser } from '../profiles';

/**
 * What identity resolution keeps about an erased person's records: their blocking keys, the reviews and
 * the cannot-/must-links between them and other records. Deleted before the records themselves.
 */
export async function forgetPerson(tx: SqlExecutor, targets: ErasureTargets): Promise<Record<string, number>> {
  const { recordIds, mergeDecisionIds } = targets;
  const removed: Record<string, number> = {};
  removed.match_reviews = (
    await tx.query('delete from match_reviews where left_record_id = any($1::text[]) or right_record_id = any($1::text[]) or merge_decision_id = any($2::text[]) returning 1', [recordIds, mergeDecisionIds])
  ).length;
  for (const table of ['cannot_links', 'must_links']) {
    removed[table] = (await tx.query(`delete from ${table} where left_record_id = any($1::text[]) or right_record_id = any($1::text[]) returning 1`, [recordIds])).length;
  }
  // Blocking keys have no index by record (it would slow every bulk load): erasure, rare, scans for them instead.
  removed.record_blocking_keys = (await tx.query('delete from record_blocking_keys where source_record_id = any($1::text[]) returning 1', [recordIds])).length;
  return removed;
}

export const identityErasure: PersonDataEraser = { forgetPerson };

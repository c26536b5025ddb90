import type { SqlExecutor } from '../../platform/database/database';

/**
 * Decisions people made about pairs of source records: cannot-links (a split, a rejected review) keep two
 * records in different profiles from then on; must-links (a manual merge, an accepted review) keep them
 * together when profiles are resolved again from scratch (a preview, `hub resolve`).
 */
export type ConstraintKind = 'cannot' | 'must';

const TABLE: Record<ConstraintKind, string> = { cannot: 'cannot_links', must: 'must_links' };

export interface ConstraintWrite {
  pairs: (readonly [string, string])[];
  reason: string;
  createdBy: string;
  decisionId: string | null;
}

/** The pairs of the given kind that involve any of the records (both sides returned in stored order). */
export async function findConstraints(executor: SqlExecutor, kind: ConstraintKind, recordIds: string[]): Promise<[string, string][]> {
  if (recordIds.length === 0) return [];
  const rows = await executor.query<{ left_record_id: string; right_record_id: string }>(
    `select left_record_id, right_record_id from ${TABLE[kind]} where left_record_id = any($1::text[])
     union
     select left_record_id, right_record_id from ${TABLE[kind]} where right_record_id = any($1::text[])`,
    [recordIds],
  );
  return rows.map((row) => [row.left_record_id, row.right_record_id]);
}

/** Every pair of the given kind: re-resolving the whole store keeps all of people's decisions. */
export async function allConstraints(executor: SqlExecutor, kind: ConstraintKind): Promise<[string, string][]> {
  const rows = await executor.query<{ left_record_id: string; right_record_id: string }>(`select left_record_id, right_record_id from ${TABLE[kind]}`);
  return rows.map((row) => [row.left_record_id, row.right_record_id]);
}

export async function addConstraints(tx: SqlExecutor, kind: ConstraintKind, write: ConstraintWrite): Promise<void> {
  const ordered = write.pairs.filter(([a, b]) => a !== b).map(([a, b]) => (a < b ? [a, b] : [b, a]));
  if (ordered.length === 0) return;
  await tx.query(
    `insert into ${TABLE[kind]} (left_record_id, right_record_id, reason, created_by, decision_id)
     select l, r, $3, $4, $5 from unnest($1::text[], $2::text[]) as p(l, r)
     on conflict (left_record_id, right_record_id) do update set reason = excluded.reason, created_by = excluded.created_by,
        decision_id = excluded.decision_id, created_at = now()`,
    [ordered.map(([a]) => a), ordered.map(([, b]) => b), write.reason, write.createdBy, write.decisionId],
  );
}

/** Removes the pairs of the given kind that straddle the two sets (a merge lifts cannot-links, a split must-links). */
export async function removeConstraintsBetween(tx: SqlExecutor, kind: ConstraintKind, sideA: string[], sideB: string[]): Promise<void> {
  if (sideA.length === 0 || sideB.length === 0) return;
  await tx.query(
    `delete from ${TABLE[kind]}
      where (left_record_id = any($1::text[]) and right_record_id = any($2::text[]))
         or (left_record_id = any($2::text[]) and right_record_id = any($1::text[]))`,
    [sideA, sideB],
  );
}

import type { SqlExecutor } from '../../platform/database/database';

/** The SQL of suppressions and suppressed_identifiers: one row per erased person, one hash per identifier. */

export interface SuppressionRow {
  id: string;
  erasureReceiptId: string | null;
  reason: string;
  createdAt: Date;
  liftedAt: Date | null;
  identifierCount: number;
}

const COLUMNS = `s.id, s.erasure_receipt_id as "erasureReceiptId", s.reason, s.created_at as "createdAt", s.lifted_at as "liftedAt",
  (select count(*)::int from suppressed_identifiers i where i.suppression_id = s.id) as "identifierCount"`;

export async function insertSuppression(tx: SqlExecutor, suppression: { id: string; erasureReceiptId: string; reason: string; hashes: string[] }): Promise<void> {
  await tx.query('insert into suppressions (id, erasure_receipt_id, reason) values ($1, $2, $3)', [suppression.id, suppression.erasureReceiptId, suppression.reason]);
  await tx.query('insert into suppressed_identifiers (suppression_id, identifier_hash) select $1, unnest($2::text[]) on conflict do nothing', [suppression.id, suppression.hashes]);
}

/**
 * One advisory lock between erasures and ingestion: a batch holds it shared from its suppression check to its
 * commit, an erasure exclusively from its start. A batch that checked before an erasure committed cannot then
 * store the person the erasure is removing; one that starts during an erasure waits and sees the suppression.
 * Both take it before any other lock, so it adds no cycle.
 */
const SUPPRESSION_LOCK = 7_204_312;

/** Keeps erasures out until this batch's transaction ends: a shared hold on the lock an erasure takes alone. */
export async function holdAgainstErasures(tx: SqlExecutor): Promise<void> {
  await tx.query('select pg_advisory_xact_lock_shared($1)', [SUPPRESSION_LOCK]);
}

/**
 * Whether any suppression is in force: most batches of most hubs need not hash a single identifier. A statement of
 * its own, after the hold: a statement's snapshot is taken when it starts, so one that also waited for the lock
 * would not see the suppressions of the erasure it waited for.
 */
export async function anyInForce(executor: SqlExecutor): Promise<boolean> {
  const [row] = await executor.query<{ any: boolean }>('select exists (select 1 from suppressions where lifted_at is null) as any');
  return row?.any ?? false;
}

export async function holdAgainstIngestion(tx: SqlExecutor): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [SUPPRESSION_LOCK]);
}

/** Which of these hashes a suppression in force holds. */
export async function suppressedHashes(executor: SqlExecutor, hashes: readonly string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await executor.query<{ identifier_hash: string }>(
    `select distinct i.identifier_hash from suppressed_identifiers i join suppressions s on s.id = i.suppression_id
      where i.identifier_hash = any($1::text[]) and s.lifted_at is null`,
    [hashes],
  );
  return new Set(rows.map((row) => row.identifier_hash));
}

export async function listSuppressions(executor: SqlExecutor, options: { includeLifted: boolean; hash?: string }): Promise<SuppressionRow[]> {
  const rows = await executor.query<SuppressionRow>(
    `select ${COLUMNS} from suppressions s
      where ($1 or s.lifted_at is null)
        and ($2::text is null or exists (select 1 from suppressed_identifiers i where i.suppression_id = s.id and i.identifier_hash = $2))
      order by s.created_at desc, s.id desc`,
    [options.includeLifted, options.hash ?? null],
  );
  return rows.map(withDates);
}

/** Lifts a suppression in force; answers it, or null when there is none by that id (lifting twice answers the first lift). */
export async function liftSuppression(executor: SqlExecutor, id: string): Promise<SuppressionRow | null> {
  await executor.query('update suppressions set lifted_at = now() where id = $1 and lifted_at is null', [id]);
  const [row] = await executor.query<SuppressionRow>(`select ${COLUMNS} from suppressions s where s.id = $1`, [id]);
  return row ? withDates(row) : null;
}

function withDates(row: SuppressionRow): SuppressionRow {
  return { ...row, createdAt: new Date(row.createdAt), liftedAt: row.liftedAt ? new Date(row.liftedAt) : null };
}

import type { SqlExecutor } from '../../platform/database/database';

/** The SQL of erasure_receipts: that an erasure happened, when, and how many rows of each kind it removed. */

export interface ErasureReceiptRow {
  id: string;
  profileId: string;
  erasedAt: Date;
  removed: Record<string, number>;
  suppressionId: string | null;
}

export async function insertReceipt(tx: SqlExecutor, receipt: { id: string; profileId: string; removed: Record<string, number> }): Promise<Date> {
  const [row] = await tx.query<{ erased_at: Date }>('insert into erasure_receipts (id, profile_id, removed) values ($1, $2, $3) returning erased_at', [receipt.id, receipt.profileId, JSON.stringify(receipt.removed)]);
  return new Date(row!.erased_at);
}

/** Receipts newest first, after the given receipt id. */
export async function listReceipts(executor: SqlExecutor, first: number, after?: string): Promise<ErasureReceiptRow[]> {
  const rows = await executor.query<ErasureReceiptRow>(
    `select r.id, r.profile_id as "profileId", r.erased_at as "erasedAt", r.removed,
            (select s.id from suppressions s where s.erasure_receipt_id = r.id limit 1) as "suppressionId"
       from erasure_receipts r where ($2::text is null or r.id < $2) order by r.id desc limit $1`,
    [first, after ?? null],
  );
  return rows.map((row) => ({ ...row, erasedAt: new Date(row.erasedAt) }));
}

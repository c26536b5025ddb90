import type { Database, SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import type { ErasureLedger, ErasureReceipt } from '../profiles';
import * as receipts from './erasure-receipt.store';
import type { ErasureReceiptRow } from './erasure-receipt.store';
import type { SuppressionList } from './suppression-list';

/**
 * Where erasures are recorded, in the erasure's transaction: the person's identifiers go on the suppression
 * list, and a receipt (its id, the time, rows removed per kind; no personal data) is kept to be listed later.
 */
export class ErasureReceipts implements ErasureLedger {
  constructor(
    private readonly database: Database,
    private readonly suppressions: SuppressionList,
  ) {}

  begin(tx: SqlExecutor): Promise<void> {
    return this.suppressions.holdAgainstIngestion(tx);
  }

  async record(tx: SqlExecutor, erased: Parameters<ErasureLedger['record']>[1]): Promise<ErasureReceipt> {
    const id = newId('erasureReceipt');
    const erasedAt = await receipts.insertReceipt(tx, { id, profileId: erased.profileId, removed: erased.removed });
    const suppressionId = await this.suppressions.suppress(tx, erased.identifiers, id, erased.reason);
    return { id, profileId: erased.profileId, erasedAt, removed: erased.removed, suppressionId };
  }

  list(first: number, after?: string): Promise<ErasureReceiptRow[]> {
    return receipts.listReceipts(this.database, first, after);
  }
}

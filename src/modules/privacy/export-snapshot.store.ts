import type { SqlExecutor } from '../../platform/database/database';

/** Makes the caller's fresh transaction one read-only snapshot, so the parts of an export agree with each other. */
export async function readOneSnapshot(tx: SqlExecutor): Promise<void> {
  await tx.query('set transaction isolation level repeatable read, read only');
}

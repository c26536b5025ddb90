import type { SqlExecutor } from './database';

// Savepoint names come from our code, never from input; checked anyway, as they are not parameters.
const SAVEPOINT_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Runs fn inside a savepoint of the caller's transaction: when fn throws, everything it did (its locks too)
 * is undone and the transaction goes on as before it, so the caller may try again.
 */
export async function withSavepoint<T>(tx: SqlExecutor, name: string, fn: () => Promise<T>): Promise<T> {
  if (!SAVEPOINT_NAME.test(name)) throw new Error(`withSavepoint: '${name}' is not a plain savepoint name`);
  await tx.query(`savepoint ${name}`);
  try {
    const result = await fn();
    await tx.query(`release savepoint ${name}`);
    return result;
  } catch (error) {
    // Also what brings an aborted transaction back; if the connection is gone, the caller's error is the one to see.
    await tx.query(`rollback to savepoint ${name}`).catch(() => undefined);
    throw error;
  }
}

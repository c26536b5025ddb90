import type { SqlExecutor } from '../../platform/database/database';

/**
 * The trait keys the store holds, by a loose index scan of traits (key, value_text): one probe per
 * distinct key, however many profiles carry it.
 */
export async function storedTraitKeys(executor: SqlExecutor): Promise<string[]> {
  const rows = await executor.query<{ key: string }>(
    `with recursive keys as (
       (select key from traits order by key limit 1)
       union all
       select (select t.key from traits t where t.key > keys.key order by t.key limit 1) from keys where keys.key is not null
     )
     select key from keys where key is not null`,
  );
  return rows.map((row) => row.key);
}

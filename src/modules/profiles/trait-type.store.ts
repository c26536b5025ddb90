import type { SqlExecutor } from '../../platform/database/database';
import { DECLARED_TRAITS } from './declared-traits';
import { inferTraitType, TraitTypes, widerOf, type InferredTraitType } from './trait-types';

/**
 * The SQL of trait_types: for each trait key nothing declares, the type its values have had (number while
 * every one was a plain number, text from the first that was not). Written only when a key first appears or
 * turns text, so ingestion batches touching known keys read it and write nothing.
 */

/** The registry as the store has it now. */
export async function loadTraitTypes(executor: SqlExecutor): Promise<TraitTypes> {
  const rows = await executor.query<{ key: string; type: InferredTraitType }>('select key, type from trait_types');
  return new TraitTypes(DECLARED_TRAITS, new Map(rows.map((row) => [row.key, row.type])));
}

/**
 * Takes in the values about to be stored and returns the registry for them: keys seen for the first time are
 * recorded with the type their values give, numeric keys that meet a value other than a plain number become text.
 */
export async function settleTraitTypes(tx: SqlExecutor, valuesByKey: ReadonlyMap<string, readonly unknown[]>): Promise<TraitTypes> {
  const undeclared = [...valuesByKey.keys()].filter((key) => !DECLARED_TRAITS.has(key)).sort();
  if (undeclared.length === 0) return new TraitTypes(DECLARED_TRAITS, new Map());
  const rows = await tx.query<{ key: string; type: InferredTraitType }>('select key, type from trait_types where key = any($1::text[])', [undeclared]);
  const known = new Map(rows.map((row) => [row.key, row.type]));
  const settled = new Map<string, InferredTraitType>();
  const changed: [string, InferredTraitType][] = [];
  for (const key of undeclared) {
    const before = known.get(key);
    const type = widerOf(before ?? 'number', inferTraitType(valuesByKey.get(key)!));
    settled.set(key, type);
    if (before !== type) changed.push([key, type]);
  }
  if (changed.length > 0) {
    // Keys in order, so two batches meeting the same new keys wait for each other instead of deadlocking.
    const written = await tx.query<{ key: string; type: InferredTraitType }>(
      `insert into trait_types (key, type)
       select key, type from unnest($1::text[], $2::text[]) as s(key, type) order by key
       on conflict (key) do update set type = 'text', changed_at = now()
         where trait_types.type = 'number' and excluded.type = 'text'
       returning key, type`,
      [changed.map(([key]) => key), changed.map(([, type]) => type)],
    );
    // A batch racing another that just made the key text still stores its own plain numbers as numbers: their text
    // is kept in value_text, and comparisons follow the registry, which says text from now on.
    for (const row of written) settled.set(row.key, row.type);
  }
  return new TraitTypes(DECLARED_TRAITS, settled);
}

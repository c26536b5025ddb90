import type { SqlExecutor } from '../../platform/database/database';
import { fieldValuesByProfile, type FieldValues } from './profile-changes';
import type { DerivedTrait } from './profile-derivation';
import { settleTraitTypes } from './trait-type.store';
import { typedTraitValue } from './trait-types';

/** The SQL of traits: each profile's surviving value per key, with its lineage and the other candidates. */

/** A derived trait with its value under its key's type, as it is stored. */
export type TypedTrait = DerivedTrait & {
  profileId: string;
  /** For value_number: the exact number of a numeric key's value (undefined when it is none). */
  number?: string;
  text: string | null;
};

/**
 * Gives derived traits the types of their keys, settling the types of keys nothing declares with the values
 * offered (winners and candidates alike: every value seen): a numeric key's "10000" becomes 10000.
 */
export async function typeTraits(tx: SqlExecutor, traits: readonly (DerivedTrait & { profileId: string })[]): Promise<TypedTrait[]> {
  const valuesByKey = new Map<string, unknown[]>();
  for (const trait of traits) {
    const values = valuesByKey.get(trait.key) ?? [];
    values.push(trait.value, ...trait.candidates.map((candidate) => candidate.value));
    valuesByKey.set(trait.key, values);
  }
  const types = await settleTraitTypes(tx, valuesByKey);
  return traits.map((trait) => {
    const typed = typedTraitValue(trait.value, types.typeOf(trait.key));
    return { ...trait, value: typed.value, number: typed.number, text: typed.text };
  });
}

/** Writes the traits; with pruneStale, first deletes every trait of `profileIds` and returns what they were, by profile and key. */
export async function replaceTraits(tx: SqlExecutor, profileIds: string[], traits: readonly TypedTrait[], pruneStale: boolean): Promise<Map<string, FieldValues>> {
  const removed = pruneStale && profileIds.length > 0 ? await tx.query<{ profile_id: string; key: string; value: unknown }>('delete from traits where profile_id = any($1::text[]) returning profile_id, key, value', [profileIds]) : [];
  // Every trait of these profiles was just deleted (or the profile is new): nothing to conflict with, so COPY.
  await tx.copyRows(
    'traits',
    ['profile_id', 'key', 'value', 'value_text', 'value_number', 'source', 'source_record_id', 'observed_at', 'rule', 'candidates'],
    traits.map((trait) => [
      trait.profileId,
      trait.key,
      trait.value === null ? null : JSON.stringify(trait.value),
      trait.text,
      trait.number ?? null,
      trait.source,
      trait.sourceRecordId,
      trait.observedAt,
      trait.rule,
      trait.candidates,
    ]),
  );
  return fieldValuesByProfile(removed);
}

/** The current trait values of the given profiles, by profile and key. */
export async function traitValuesOf(executor: SqlExecutor, profileIds: readonly string[]): Promise<Map<string, FieldValues>> {
  return fieldValuesByProfile(await executor.query<{ profile_id: string; key: string; value: unknown }>('select profile_id, key, value from traits where profile_id = any($1::text[])', [profileIds]));
}

/**
 * The trait keys the store holds, by a loose index scan of traits (key, value_text): one probe per
 * distinct key, however many rows each has.
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

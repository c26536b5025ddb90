import type { SqlExecutor } from '../../platform/database/database';
import { fieldValuesByProfile, type FieldValues } from '../profiles';
import type { ComputedTraitLineage, ComputedTraitValue, ComputedValue } from './computed-traits';

export interface StoredComputedTrait {
  profileId: string;
  key: string;
  value: ComputedValue;
  lineage: ComputedTraitLineage;
  computedAt: Date;
}

/**
 * Replaces the computed traits of the given profiles with `computed` and returns the profiles whose set
 * changed (a value, or a key appearing or going), each with its values before, by key. Rows whose value
 * is unchanged keep their computed_at.
 */
export async function replaceComputedTraits(executor: SqlExecutor, profileIds: readonly string[], computed: Map<string, ComputedTraitValue[]>): Promise<Map<string, FieldValues>> {
  const rows = [...computed].flatMap(([profileId, values]) => values.map((value) => ({ profileId, ...value })));
  // Every part of one WITH statement reads the same snapshot, so `previous` sees the values before the writes.
  const changed = await executor.query<{ profileId: string; before: FieldValues }>(
    `with previous as (
       select profile_id, key, value from computed_traits where profile_id = any($1::text[])
     ), wanted as (
       select * from unnest($2::text[], $3::text[], $4::jsonb[], $5::text[], $6::jsonb[]) as w(profile_id, key, value, value_text, lineage)
     ), removed as (
       delete from computed_traits c
        where c.profile_id = any($1::text[])
          and not exists (select 1 from wanted w where w.profile_id = c.profile_id and w.key = c.key)
       returning c.profile_id
     ), written as (
       insert into computed_traits (profile_id, key, value, value_text, lineage)
       select profile_id, key, value, value_text, lineage from wanted
       on conflict (profile_id, key) do update set value = excluded.value, value_text = excluded.value_text, lineage = excluded.lineage, computed_at = now()
         where computed_traits.value is distinct from excluded.value or computed_traits.lineage is distinct from excluded.lineage
       returning profile_id
     )
     select c.profile_id as "profileId", coalesce((select jsonb_object_agg(p.key, p.value) from previous p where p.profile_id = c.profile_id), '{}') as before
       from (select distinct profile_id from (select profile_id from removed union all select profile_id from written) as moved) as c`,
    [
      profileIds,
      rows.map((row) => row.profileId),
      rows.map((row) => row.key),
      rows.map((row) => JSON.stringify(row.value)),
      rows.map((row) => valueText(row.value)),
      rows.map((row) => JSON.stringify(row.lineage)),
    ],
  );
  return new Map(changed.map((row) => [row.profileId, row.before]));
}

/** The text segment leaves compare: numbers and text as themselves, a tag list joined by commas. */
function valueText(value: ComputedValue): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

export async function computedTraitsOf(executor: SqlExecutor, profileIds: readonly string[]): Promise<StoredComputedTrait[]> {
  const rows = await executor.query<StoredComputedTrait>(
    `select profile_id as "profileId", key, value, lineage, computed_at as "computedAt" from computed_traits where profile_id = any($1::text[]) order by profile_id, key`,
    [profileIds],
  );
  return rows.map((row) => ({ ...row, computedAt: new Date(row.computedAt) }));
}

/** The current computed-trait values of the given profiles, by profile and key. */
export async function computedValuesOf(executor: SqlExecutor, profileIds: readonly string[]): Promise<Map<string, FieldValues>> {
  if (profileIds.length === 0) return new Map();
  return fieldValuesByProfile(await executor.query<{ profile_id: string; key: string; value: unknown }>('select profile_id, key, value from computed_traits where profile_id = any($1::text[])', [profileIds]));
}

/** Deletes the computed traits of profiles being erased. */
export async function deleteComputedTraits(tx: SqlExecutor, profileIds: readonly string[]): Promise<void> {
  if (profileIds.length > 0) await tx.query('delete from computed_traits where profile_id = any($1::text[])', [profileIds]);
}

import type { SqlExecutor } from '../../platform/database/database';
import type { FieldValues } from '../profiles/profile-changes';
import type { ComputedTraitLineage, ComputedTraitValue, ComputedValue, ProfileEvent } from './computed-traits';

export interface StoredComputedTrait {
  profileId: string;
  key: string;
  value: ComputedValue;
  lineage: ComputedTraitLineage;
  computedAt: Date;
}

/** The events of live profiles among `profileIds`, grouped by profile; merged-away profiles are absent. */
export async function loadProfileEvents(executor: SqlExecutor, profileIds: readonly string[]): Promise<Map<string, ProfileEvent[]>> {
  const rows = await executor.query<ProfileEvent & { profileId: string; amount: string | null }>(
    `select p.id as "profileId", e.id, e.type, e.source, e.occurred_at as "occurredAt", e.amount, e.properties
       from profiles p join events e on e.profile_id = p.id
      where p.id = any($1::text[]) and p.merged_into_id is null`,
    [profileIds],
  );
  const byProfile = new Map<string, ProfileEvent[]>();
  for (const { profileId, amount, ...event } of rows) {
    const events = byProfile.get(profileId) ?? [];
    events.push({ ...event, occurredAt: new Date(event.occurredAt), amount: amount === null ? null : Number(amount) });
    byProfile.set(profileId, events);
  }
  return byProfile;
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
export function valueText(value: ComputedValue): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

export async function computedTraitsOf(executor: SqlExecutor, profileIds: readonly string[]): Promise<StoredComputedTrait[]> {
  const rows = await executor.query<StoredComputedTrait>(
    `select profile_id as "profileId", key, value, lineage, computed_at as "computedAt" from computed_traits where profile_id = any($1::text[]) order by profile_id, key`,
    [profileIds],
  );
  return rows.map((row) => ({ ...row, computedAt: new Date(row.computedAt) }));
}

/** Live profiles with events of the given types, in id order after `after`: the scheduled recomputation walks them in pages. */
export async function profilesWithEventsAfter(executor: SqlExecutor, eventTypes: readonly string[], after: string, limit: number): Promise<string[]> {
  const rows = await executor.query<{ id: string }>(
    `select p.id from profiles p
      where p.merged_into_id is null and p.id > $1
        and exists (select 1 from events e where e.profile_id = p.id and e.type = any($3::text[]))
      order by p.id limit $2`,
    [after, limit, eventTypes],
  );
  return rows.map((row) => row.id);
}

/**
 * Locks the rows of those live profiles no other transaction holds, and returns them. Ingestion, merges
 * and splits hold their profiles' rows until they commit and recompute those profiles themselves, so a
 * scheduled recomputation skips them rather than writing values from events it cannot see yet.
 */
export async function lockIdleProfiles(tx: SqlExecutor, profileIds: readonly string[]): Promise<string[]> {
  const rows = await tx.query<{ id: string }>('select id from profiles where id = any($1::text[]) and merged_into_id is null order by id for update skip locked', [profileIds]);
  return rows.map((row) => row.id);
}

import type { SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import type { DerivedIdentity, DerivedTrait, ProfileSourceRecord } from '../profiles/profile-derivation';
import { fieldValuesByProfile, type FieldValues } from '../profiles/profile-changes';
import type { CanonicalEvent } from './canonical-record';
import { parseCanonicalRecord } from './canonical-record';
import type { PlannedMerge } from './identity-resolver';

/**
 * The set-based SQL of one ingestion batch. Every statement takes whole columns as array
 * parameters (unnest), so a batch of a thousand records costs a dozen statements, not thousands.
 */

// One lock for all of identity resolution. The exact-match resolver takes it exclusively; the
// probabilistic resolver takes it shared for small batches (which then lock their blocking keys) and
// exclusively for bulk ones, so the two exclude each other correctly.
export const RESOLUTION_LOCK = 7_204_311;

export interface StoredRecordState {
  id: string;
  contentHash: string;
  profileId: string;
}

export interface SourceRecordWrite {
  id: string;
  externalId: string;
  profileId: string;
  payload: Record<string, unknown>;
  contentHash: string;
  observedAt: Date | null;
}

export interface EventWrite {
  profileId: string;
  sourceRecordId: string;
  events: CanonicalEvent[];
}

export async function lockResolution(tx: SqlExecutor): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [RESOLUTION_LOCK]);
}

export async function findStoredRecords(tx: SqlExecutor, source: string, externalIds: string[]): Promise<Map<string, StoredRecordState>> {
  const rows = await tx.query<{ id: string; external_id: string; content_hash: string; profile_id: string }>(
    `select r.id, r.external_id, r.content_hash, r.profile_id
       from unnest($2::text[]) as wanted(external_id)
       cross join lateral (select * from source_records s where s.source = $1 and s.external_id = wanted.external_id limit 1) as r`,
    [source, externalIds],
  );
  return new Map(rows.map((row) => [row.external_id, { id: row.id, contentHash: row.content_hash, profileId: row.profile_id }]));
}

export async function insertProfiles(tx: SqlExecutor, profileIds: string[]): Promise<void> {
  if (profileIds.length === 0) return;
  await tx.query('insert into profiles (id) select unnest($1::text[])', [profileIds]);
}

/** Moves everything of each absorbed profile to its survivor and records why; answers the decision ids, in order. */
export async function applyMerges(tx: SqlExecutor, merges: PlannedMerge[], actor: string): Promise<string[]> {
  if (merges.length === 0) return [];
  const ids = merges.map(() => newId('mergeDecision'));
  const merged = merges.map((merge) => merge.mergedProfileId);
  const surviving = merges.map((merge) => merge.survivingProfileId);
  const recordsOfMerged = await tx.query<{ profile_id: string; ids: string[] }>(
    'select profile_id, array_agg(id order by id) as ids from source_records where profile_id = any($1::text[]) group by profile_id',
    [merged],
  );
  const recordIdsByProfile = new Map(recordsOfMerged.map((row) => [row.profile_id, row.ids]));
  // Identities are not moved: the survivor's are re-derived from all its records, and a value both held
  // (a shared phone) would collide with the survivor's own row.
  await tx.query('delete from identities where profile_id = any($1::text[])', [merged]);
  for (const table of ['source_records', 'events']) {
    await tx.query(
      `update ${table} t set profile_id = m.surviving from unnest($1::text[], $2::text[]) as m(merged, surviving) where t.profile_id = m.merged`,
      [merged, surviving],
    );
  }
  await tx.query('delete from traits where profile_id = any($1::text[])', [merged]);
  await tx.query(
    `update profiles p set merged_into_id = m.surviving, updated_at = now()
       from unnest($1::text[], $2::text[]) as m(merged, surviving)
      where p.id = m.merged or p.merged_into_id = m.merged`,
    [merged, surviving],
  );
  await tx.query(
    `insert into merge_decisions (id, surviving_profile_id, merged_profile_id, merged_source_record_ids, rule, evidence, actor, probability)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::jsonb[], $7::text[], $8::float8[])`,
    [
      ids,
      surviving,
      merged,
      merges.map((merge) => JSON.stringify(recordIdsByProfile.get(merge.mergedProfileId) ?? [])),
      merges.map((merge) => merge.rule),
      merges.map((merge) => JSON.stringify(merge.evidence)),
      merges.map(() => actor),
      merges.map((merge) => merge.probability ?? null),
    ],
  );
  return ids;
}

export async function upsertSourceRecords(tx: SqlExecutor, source: string, writes: SourceRecordWrite[]): Promise<Map<string, { id: string; firstSeenAt: Date; observedAt: Date }>> {
  if (writes.length === 0) return new Map();
  const rows = await tx.query<{ id: string; external_id: string; first_seen_at: string; observed_at: string }>(
    `insert into source_records (id, source, external_id, profile_id, payload, content_hash, observed_at)
     select r.id, $1, r.external_id, r.profile_id, r.payload, r.content_hash, coalesce(r.observed_at, now())
       from unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::timestamptz[])
            as r(id, external_id, profile_id, payload, content_hash, observed_at)
     on conflict (source, external_id) do update
        set profile_id = excluded.profile_id, payload = excluded.payload, content_hash = excluded.content_hash,
            observed_at = excluded.observed_at, last_seen_at = now()
     returning id, external_id, first_seen_at, observed_at`,
    [
      source,
      writes.map((write) => write.id),
      writes.map((write) => write.externalId),
      writes.map((write) => write.profileId),
      writes.map((write) => JSON.stringify(write.payload)),
      writes.map((write) => write.contentHash),
      writes.map((write) => write.observedAt),
    ],
  );
  return new Map(rows.map((row) => [row.external_id, { id: row.id, firstSeenAt: new Date(row.first_seen_at), observedAt: new Date(row.observed_at) }]));
}

/** All source records of the given profiles, parsed back into canonical records. */
export async function loadProfileRecords(tx: SqlExecutor, profileIds: string[]): Promise<Map<string, ProfileSourceRecord[]>> {
  const byProfile = new Map<string, ProfileSourceRecord[]>();
  if (profileIds.length === 0) return byProfile;
  const rows = await tx.query<{ id: string; source: string; profile_id: string; payload: unknown; observed_at: string; first_seen_at: string }>(
    'select id, source, profile_id, payload, observed_at, first_seen_at from source_records where profile_id = any($1::text[])',
    [profileIds],
  );
  for (const row of rows) {
    const parsed = parseCanonicalRecord(row.payload);
    if (!parsed.ok) continue;
    const list = byProfile.get(row.profile_id) ?? [];
    // MikroORM's pg setup hands timestamps over as text.
    list.push({ id: row.id, source: row.source, record: parsed.record, observedAt: new Date(row.observed_at), firstSeenAt: new Date(row.first_seen_at) });
    byProfile.set(row.profile_id, list);
  }
  return byProfile;
}

/** Makes the identities of the given profiles exactly `identities` (by profile). */
export async function replaceIdentities(tx: SqlExecutor, profileIds: string[], identities: (DerivedIdentity & { profileId: string })[], pruneStale: boolean): Promise<void> {
  // Identities of profiles created in this transaction cannot exist yet: COPY. The others are upserted.
  const existing = new Set(profileIds);
  const [upserted, fresh] = [identities.filter((identity) => existing.has(identity.profileId)), identities.filter((identity) => !existing.has(identity.profileId))];
  await tx.copyRows(
    'identities',
    ['id', 'profile_id', 'type', 'value', 'raw_value', 'source', 'source_record_id'],
    fresh.map((identity) => [newId('identity'), identity.profileId, identity.type, identity.value, identity.raw, identity.source, identity.sourceRecordId]),
  );
  if (upserted.length > 0) {
    await tx.query(
      `insert into identities (id, profile_id, type, value, raw_value, source, source_record_id)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       on conflict (type, value, profile_id) do update
          set raw_value = excluded.raw_value, source = excluded.source, source_record_id = excluded.source_record_id`,
      [
        upserted.map(() => newId('identity')),
        upserted.map((identity) => identity.profileId),
        upserted.map((identity) => identity.type),
        upserted.map((identity) => identity.value),
        upserted.map((identity) => identity.raw),
        upserted.map((identity) => identity.source),
        upserted.map((identity) => identity.sourceRecordId),
      ],
    );
  }
  if (pruneStale && profileIds.length > 0) {
    await tx.query(
      `delete from identities i
        where i.profile_id = any($1::text[])
          and (i.profile_id, i.type, i.value) not in (select * from unnest($2::text[], $3::text[], $4::text[]))`,
      [profileIds, identities.map((identity) => identity.profileId), identities.map((identity) => identity.type), identities.map((identity) => identity.value)],
    );
  }
}

/** Writes the traits; with pruneStale, first deletes every trait of `profileIds` and returns what they were, by profile and key. */
export async function replaceTraits(tx: SqlExecutor, profileIds: string[], traits: (DerivedTrait & { profileId: string })[], pruneStale: boolean): Promise<Map<string, FieldValues>> {
  const removed = pruneStale && profileIds.length > 0 ? await tx.query<{ profile_id: string; key: string; value: unknown }>('delete from traits where profile_id = any($1::text[]) returning profile_id, key, value', [profileIds]) : [];
  // Every trait of these profiles was just deleted (or the profile is new): nothing to conflict with, so COPY.
  await tx.copyRows(
    'traits',
    ['profile_id', 'key', 'value', 'value_text', 'source', 'source_record_id', 'observed_at', 'rule', 'candidates'],
    traits.map((trait) => [
      trait.profileId,
      trait.key,
      trait.value === null ? null : JSON.stringify(trait.value),
      String(trait.value),
      trait.source,
      trait.sourceRecordId,
      trait.observedAt,
      trait.rule,
      trait.candidates,
    ]),
  );
  return fieldValuesByProfile(removed);
}

/** Replaces the events that came from the given records (a changed record re-sends all of its events). */
export async function replaceEvents(tx: SqlExecutor, source: string, writes: EventWrite[], replacedRecordIds: string[]): Promise<void> {
  if (replacedRecordIds.length > 0) await tx.query('delete from events where source_record_id = any($1::text[])', [replacedRecordIds]);
  const rows = writes.flatMap((write) => write.events.map((event, position) => ({ write, event, key: event.id ?? `#${position}` })));
  if (rows.length === 0) return;
  await tx.query(
    `insert into events (id, profile_id, source_record_id, source, event_key, type, occurred_at, amount, properties)
     select r.id, r.profile_id, r.source_record_id, $1, r.event_key, r.type, r.occurred_at, r.amount, r.properties
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::numeric[], $9::jsonb[])
            as r(id, profile_id, source_record_id, event_key, type, occurred_at, amount, properties)
     on conflict (source_record_id, event_key) do update
        set type = excluded.type, occurred_at = excluded.occurred_at, amount = excluded.amount, properties = excluded.properties`,
    [
      source,
      rows.map(() => newId('event')),
      rows.map((row) => row.write.profileId),
      rows.map((row) => row.write.sourceRecordId),
      rows.map((row) => row.key),
      rows.map((row) => row.event.type),
      rows.map((row) => row.event.occurred_at),
      rows.map((row) => row.event.amount ?? null),
      rows.map((row) => JSON.stringify(row.event.properties ?? {})),
    ],
  );
}

export async function touchProfiles(tx: SqlExecutor, profileIds: string[]): Promise<void> {
  if (profileIds.length > 0) await tx.query('update profiles set updated_at = now() where id = any($1::text[])', [profileIds]);
}

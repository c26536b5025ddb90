import type { CountryCode } from 'libphonenumber-js';
import { parseCanonicalRecord } from '../../../connectors/sdk/records';
import type { SqlExecutor } from '../../platform/database/database';
import { moveConsents } from './consent.store';
import type { ProfileSourceRecord } from './profile-derivation';

/**
 * The SQL of source_records: the records each profile is made of. Statements take whole columns as array
 * parameters (unnest), so a batch of a thousand records costs a handful of statements, not thousands.
 */

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
  /** The region of its source its phones were read in (a connection's region, `hub import --region`); unset: the hub's default. */
  phoneRegion?: string;
}

/** A stored record without its payload: enough to find its normalized form in a cache. */
export interface StoredRecordRef {
  sourceRecordId: string;
  profileId: string;
  source: string;
  externalId: string;
  contentHash: string;
}

export interface StoredRecordWithPayload extends StoredRecordRef {
  payload: Record<string, unknown>;
  /** The region its phones were read in when it was stored; null: the hub's default (HUB_DEFAULT_REGION). */
  phoneRegion: CountryCode | null;
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

export async function upsertSourceRecords(tx: SqlExecutor, source: string, writes: SourceRecordWrite[]): Promise<Map<string, { id: string; firstSeenAt: Date; observedAt: Date }>> {
  if (writes.length === 0) return new Map();
  const rows = await tx.query<{ id: string; external_id: string; first_seen_at: string; observed_at: string }>(
    `insert into source_records (id, source, external_id, profile_id, payload, content_hash, observed_at, phone_region)
     select r.id, $1, r.external_id, r.profile_id, r.payload, r.content_hash, coalesce(r.observed_at, now()), r.phone_region
       from unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::timestamptz[], $8::text[])
            as r(id, external_id, profile_id, payload, content_hash, observed_at, phone_region)
     on conflict (source, external_id) do update
        set profile_id = excluded.profile_id, payload = excluded.payload, content_hash = excluded.content_hash,
            observed_at = excluded.observed_at, phone_region = excluded.phone_region, last_seen_at = now()
     returning id, external_id, first_seen_at, observed_at`,
    [
      source,
      writes.map((write) => write.id),
      writes.map((write) => write.externalId),
      writes.map((write) => write.profileId),
      writes.map((write) => JSON.stringify(write.payload)),
      writes.map((write) => write.contentHash),
      writes.map((write) => write.observedAt),
      writes.map((write) => write.phoneRegion ?? null),
    ],
  );
  return new Map(rows.map((row) => [row.external_id, { id: row.id, firstSeenAt: new Date(row.first_seen_at), observedAt: new Date(row.observed_at) }]));
}

/** All source records of the given profiles, parsed back into canonical records. */
export async function loadProfileRecords(tx: SqlExecutor, profileIds: string[]): Promise<Map<string, ProfileSourceRecord[]>> {
  const byProfile = new Map<string, ProfileSourceRecord[]>();
  if (profileIds.length === 0) return byProfile;
  const rows = await tx.query<{ id: string; source: string; profile_id: string; payload: unknown; observed_at: string; first_seen_at: string; phone_region: CountryCode | null }>(
    'select id, source, profile_id, payload, observed_at, first_seen_at, phone_region from source_records where profile_id = any($1::text[])',
    [profileIds],
  );
  for (const row of rows) {
    const parsed = parseCanonicalRecord(row.payload, { stored: true });
    if (!parsed.ok) continue;
    const list = byProfile.get(row.profile_id) ?? [];
    // MikroORM's pg setup hands timestamps over as text.
    list.push({ id: row.id, source: row.source, record: parsed.record, observedAt: new Date(row.observed_at), firstSeenAt: new Date(row.first_seen_at), phoneRegion: row.phone_region });
    byProfile.set(row.profile_id, list);
  }
  return byProfile;
}

/** The sources that hold records, but `excluded`: a loose index scan, one probe per source. */
export async function sourcesOtherThan(executor: SqlExecutor, excluded: string): Promise<string[]> {
  const rows = await executor.query<{ source: string }>(
    `with recursive sources as (
       (select source from source_records order by source limit 1)
       union all
       select (select s.source from source_records s where s.source > sources.source order by s.source limit 1) from sources where sources.source is not null
     )
     select source from sources where source is not null and source <> $1`,
    [excluded],
  );
  return rows.map((row) => row.source);
}

const REF_COLUMNS = 'id as "sourceRecordId", profile_id as "profileId", source, external_id as "externalId", content_hash as "contentHash"';
// What resolution re-reads a stored record from: its payload, and the region its phones were read in.
const PAYLOAD_COLUMNS = 'payload, phone_region as "phoneRegion"';

/** The stored records with the given ids, without payloads. */
export async function findRecordRefs(executor: SqlExecutor, sourceRecordIds: readonly string[]): Promise<StoredRecordRef[]> {
  if (sourceRecordIds.length === 0) return [];
  return executor.query<StoredRecordRef>(`select ${REF_COLUMNS} from source_records where id = any($1::text[])`, [sourceRecordIds]);
}

/** The stored records of one source with the given external ids, without payloads. */
export async function findRecordRefsByExternalId(executor: SqlExecutor, source: string, externalIds: readonly string[]): Promise<StoredRecordRef[]> {
  if (externalIds.length === 0) return [];
  return executor.query<StoredRecordRef>(`select ${REF_COLUMNS} from source_records where source = $1 and external_id = any($2::text[])`, [source, [...new Set(externalIds)]]);
}

/** Every record of the given profiles, without payloads. */
export async function listProfileMembers(executor: SqlExecutor, profileIds: readonly string[]): Promise<StoredRecordRef[]> {
  if (profileIds.length === 0) return [];
  return executor.query<StoredRecordRef>(`select ${REF_COLUMNS} from source_records where profile_id = any($1::text[])`, [profileIds]);
}

/** Stored records with their payloads, by id. */
export async function loadStoredRecords(executor: SqlExecutor, sourceRecordIds: readonly string[]): Promise<StoredRecordWithPayload[]> {
  if (sourceRecordIds.length === 0) return [];
  return executor.query<StoredRecordWithPayload>(`select ${REF_COLUMNS}, ${PAYLOAD_COLUMNS} from source_records where id = any($1::text[])`, [sourceRecordIds]);
}

/** Up to `limit` stored records with payloads, in id order after `afterId` (null: from the first): the whole store, a page at a time. */
export async function pageStoredRecords(executor: SqlExecutor, afterId: string | null, limit: number): Promise<StoredRecordWithPayload[]> {
  return executor.query<StoredRecordWithPayload>(`select ${REF_COLUMNS}, ${PAYLOAD_COLUMNS} from source_records where $1::text is null or id > $1 order by id limit $2`, [afterId, limit]);
}

/** The profile each of the given records belongs to, by record id. */
export async function findRecordOwners(executor: SqlExecutor, recordIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await executor.query<{ id: string; profile_id: string }>('select id, profile_id from source_records where id = any($1::text[])', [recordIds]);
  return new Map(rows.map((row) => [row.id, row.profile_id]));
}

/** Moves source records (and their events) to another profile; identities and traits are re-derived by the caller. */
export async function moveRecords(tx: SqlExecutor, recordIds: readonly string[], profileId: string): Promise<void> {
  await tx.query('update source_records set profile_id = $2 where id = any($1::text[])', [recordIds, profileId]);
  await tx.query('update events set profile_id = $2 where source_record_id = any($1::text[])', [recordIds, profileId]);
  await moveConsents(tx, recordIds, profileId);
}

export async function countRecordsAndSources(executor: SqlExecutor): Promise<{ records: number; sources: number }> {
  const [counts] = await executor.query<{ records: number; sources: number }>('select count(*)::int as records, count(distinct source)::int as sources from source_records');
  return counts;
}

/** About `size` stored records with payloads, spread over the whole store (ids are time-ordered, so over time too). */
export async function sampleStoredRecords(executor: SqlExecutor, total: number, size: number): Promise<StoredRecordWithPayload[]> {
  return executor.query<StoredRecordWithPayload>(
    `select ${REF_COLUMNS}, ${PAYLOAD_COLUMNS} from source_records
      where ($1::int <= $2::int) or abs(hashtextextended(id, 0)) % ($1::int / $2::int + 1) = 0
      limit $2`,
    [total, size],
  );
}

/** Whether the store holds any record at all. */
export async function anySourceRecord(executor: SqlExecutor): Promise<boolean> {
  const [row] = await executor.query<{ found: boolean }>('select exists (select 1 from source_records) as found');
  return row.found;
}

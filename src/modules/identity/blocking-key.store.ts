import type { SqlExecutor } from '../../platform/database/database';
import { blockingKeyHash } from './blocking-key-hash';

/** A stored record, without its payload: enough to find its normalized form in a cache. */
export interface StoredRecordRef {
  sourceRecordId: string;
  profileId: string;
  source: string;
  externalId: string;
  contentHash: string;
}

/** A stored record that shares at least one usable blocking key with the batch. */
export interface KeyHit extends StoredRecordRef {
  /** The customer's external id when the hit is a record that belongs to a customer (an order). */
  personKey?: string;
  /** The batch's key hashes it holds. */
  keyHashes: number[];
}

/**
 * The sources that hold records, but `excluded`: a loose index scan, one probe per source. Read after the
 * batch's key locks, it includes every source of a batch this one waited for.
 */
export async function sourcesOtherThan(tx: SqlExecutor, excluded: string): Promise<string[]> {
  const rows = await tx.query<{ source: string }>(
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

/**
 * The stored records of the given sources sharing the given keys, in one statement. Each key is probed
 * through the primary key (key, source, record), so holders of other sources (a batch's own, when the rules
 * never link two records of one source) are never read, and at most `perKeyLimit` deep (the block cap + 1):
 * a key held by more records than the cap is a block the engine skips, so its holders are left out, except
 * for identifier keys (`linkingKeys`), whose first holders an equal identifier links to whatever the block size.
 *
 * A skipped key is marked oversized by the same statement, and later lookups leave marked keys out without
 * reading them. The mark is only used when `allSources` are looked up: a key too big among all sources may
 * be small enough among the others. Marks outlive records that change and drop the key: such a block stays
 * skipped, as it was when it was full.
 */
export async function findKeyHits(
  tx: SqlExecutor,
  keyHashes: number[],
  linkingKeys: Set<number>,
  perKeyLimit: number,
  sources: string[],
  allSources: boolean,
): Promise<KeyHit[]> {
  if (keyHashes.length === 0 || sources.length === 0) return [];
  // Until autovacuum has analyzed a growing table the planner expects a million hits, and the JIT compilation
  // that buys costs ten times the query itself. The setting ends with the transaction.
  // It also probes each key with a bitmap scan, which costs 2-4x a plain index scan for the few holders a
  // key has (measured at 100k records: 120-226 ms against 55-64 ms for 6,800 keys); that setting is put back
  // after this statement.
  // Grouping the hits of a thousand records (20,000 rows at 100k stored) spilled to disk under the default
  // 4 MB of work_mem; the setting ends with the transaction.
  const [{ bitmapScans }] = await tx.query<{ bitmapScans: string }>(
    "select current_setting('enable_bitmapscan') as \"bitmapScans\", set_config('jit', 'off', true), set_config('enable_bitmapscan', 'off', true), set_config('work_mem', '32MB', true)",
  );
  const rows = await tx.query<{ id: string; profile_id: string; source: string; external_id: string; content_hash: string; hits: string[] }>(
    `with wanted as (
       select w.key_hash, w.linking from unnest($1::bigint[], $2::boolean[]) as w(key_hash, linking)
        where w.linking or not $5::boolean
           or not exists (select 1 from oversized_blocking_keys o where o.key_hash = w.key_hash and o.holders >= $3)
     ), hits as (
       select w.key_hash, w.linking, k.source_record_id
         from wanted w
         cross join lateral (
           select b.source_record_id from record_blocking_keys b
            where b.key_hash = w.key_hash and b.source = any($4::text[]) limit $3
         ) k
     ), usable as (
       select key_hash from hits group by key_hash, linking having linking or count(*) < $3
     ), marked as (
       insert into oversized_blocking_keys (key_hash, holders)
       select key_hash, count(*) from hits where not linking group by key_hash having count(*) >= $3
       on conflict (key_hash) do update set holders = greatest(oversized_blocking_keys.holders, excluded.holders)
     ), holders as (
       select hits.source_record_id, array_agg(hits.key_hash) as hits from hits join usable using (key_hash) group by hits.source_record_id
     )
     -- Each holder by primary key: a join the planner may turn into a scan of every stored record, a cost
     -- that grows with the store rather than with the batch.
     select s.id, s.profile_id, s.source, s.external_id, s.content_hash, holders.hits
       from holders cross join lateral (select * from source_records r where r.id = holders.source_record_id) s`,
    [keyHashes, keyHashes.map((hash) => linkingKeys.has(hash)), perKeyLimit, sources, allSources],
  );
  await tx.query("select set_config('enable_bitmapscan', $1, true)", [bitmapScans]);
  return rows.map((row) => ({ ...storedRecordRef(row), keyHashes: row.hits.map(Number) }));
}

/**
 * The customer records (by external id, in `source`) that batch records belong to, as hits on the key those
 * records hold for them: customers do not store their own id as a blocking key, they are found by it directly.
 */
export async function findCustomerRecords(tx: SqlExecutor, source: string, externalIds: string[]): Promise<KeyHit[]> {
  if (externalIds.length === 0) return [];
  const rows = await tx.query<StoredRecordRow>(
    'select id, profile_id, source, external_id, content_hash from source_records where source = $1 and external_id = any($2::text[])',
    [source, [...new Set(externalIds)]],
  );
  return rows.map((row) => ({ ...storedRecordRef(row), keyHashes: [blockingKeyHash(`id.external_id:${source}:${row.external_id}`)] }));
}

interface StoredRecordRow {
  id: string;
  profile_id: string;
  source: string;
  external_id: string;
  content_hash: string;
}

function storedRecordRef(row: StoredRecordRow): StoredRecordRef {
  return { sourceRecordId: row.id, profileId: row.profile_id, source: row.source, externalId: row.external_id, contentHash: row.content_hash };
}

/**
 * Every record of the given profiles, without payloads (a profile is joined whole, so its limits and
 * constraints are checked whole): the resolver normalizes them from its cache and reads only the payloads it lacks.
 */
export async function listProfileMembers(tx: SqlExecutor, profileIds: string[]): Promise<StoredRecordRef[]> {
  if (profileIds.length === 0) return [];
  const rows = await tx.query<StoredRecordRow>('select id, profile_id, source, external_id, content_hash from source_records where profile_id = any($1::text[])', [profileIds]);
  return rows.map(storedRecordRef);
}

/** Payloads of stored records, by id. */
export async function loadPayloads(tx: SqlExecutor, sourceRecordIds: string[]): Promise<Map<string, Record<string, unknown>>> {
  if (sourceRecordIds.length === 0) return new Map();
  const rows = await tx.query<{ id: string; payload: Record<string, unknown> }>('select id, payload from source_records where id = any($1::text[])', [sourceRecordIds]);
  return new Map(rows.map((row) => [row.id, row.payload]));
}

/**
 * Makes the stored keys of each record the ones given: keys it no longer has (`previous`, computed from its
 * stored version) are deleted by primary key, new ones inserted. A record stored for the first time in this
 * transaction (`isNew`) has no keys yet: its keys are written with COPY.
 */
export async function writeBlockingKeys(
  tx: SqlExecutor,
  source: string,
  records: { sourceRecordId: string; keyHashes: number[]; previous: number[]; isNew: boolean }[],
): Promise<void> {
  await tx.copyRows(
    'record_blocking_keys',
    ['key_hash', 'source', 'source_record_id'],
    records.filter((record) => record.isNew).flatMap((record) => [...new Set(record.keyHashes)].map((hash) => [hash, source, record.sourceRecordId])),
  );
  const removed = { hashes: [] as number[], owners: [] as string[] };
  const added = { hashes: [] as number[], owners: [] as string[] };
  for (const record of records.filter((record) => !record.isNew)) {
    const [now, before] = [new Set(record.keyHashes), new Set(record.previous)];
    for (const hash of before) if (!now.has(hash)) (removed.hashes.push(hash), removed.owners.push(record.sourceRecordId));
    for (const hash of now) if (!before.has(hash)) (added.hashes.push(hash), added.owners.push(record.sourceRecordId));
  }
  if (removed.hashes.length > 0) {
    await tx.query(
      `delete from record_blocking_keys b using unnest($2::bigint[], $3::text[]) as old(key_hash, source_record_id)
        where b.key_hash = old.key_hash and b.source = $1 and b.source_record_id = old.source_record_id`,
      [source, removed.hashes, removed.owners],
    );
  }
  if (added.hashes.length === 0) return;
  await tx.query(
    `insert into record_blocking_keys (key_hash, source, source_record_id) select h, $1, r from unnest($2::bigint[], $3::text[]) as k(h, r)
     on conflict do nothing`,
    [source, added.hashes, added.owners],
  );
}

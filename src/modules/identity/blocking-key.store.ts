import type { SqlExecutor } from '../../platform/database/database';

/** A stored record that shares at least one usable blocking key with the batch, as its key rows tell. */
export interface KeyHit {
  sourceRecordId: string;
  source: string;
  /** contentVersion() of the content the record had when its keys were written. */
  contentVersion: string;
  /** The batch's key hashes it holds. */
  keyHashes: number[];
  /**
   * Set for a record of the batch's own source found as a customer or as a customer's record: the person it
   * is (a customer's external id, or for an order its customer's).
   */
  personKey?: string;
}

/**
 * The version of a record's content its blocking key rows carry: the first 8 bytes of its content hash (a
 * base64url SHA-256), as PostgreSQL prints the bigint. Equal versions mean equal content but for a 2^-64 chance.
 */
export function contentVersion(contentHash: string): string {
  return Buffer.from(contentHash, 'base64url').readBigInt64BE(0).toString();
}

/**
 * The stored records of the given sources sharing the given keys, in one statement. Each key is probed
 * through the primary key (key, source, record), so holders of other sources (a batch's own, when the rules
 * never link two records of one source) are never read, and at most `perKeyLimit` deep (the block cap + 1).
 * The index alone answers (it holds each holder's content version): source_records is not read for the
 * thousands of holders a batch meets, only later for the few that stay candidates (findRecordRefs).
 * A key held by more records than the cap is a block the engine skips, so its holders are left out, except
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
  const rows = await tx.query<{ id: string; source: string; version: string; hits: string[] }>(
    `with wanted as (
       select w.key_hash, w.linking from unnest($1::bigint[], $2::boolean[]) as w(key_hash, linking)
        where w.linking or not $5::boolean
           or not exists (select 1 from oversized_blocking_keys o where o.key_hash = w.key_hash and o.holders >= $3)
     ), hits as (
       select w.key_hash, w.linking, k.source_record_id, k.source, k.content_version
         from wanted w
         cross join lateral (
           select b.source_record_id, b.source, b.content_version from record_blocking_keys b
            where b.key_hash = w.key_hash and b.source = any($4::text[]) limit $3
         ) k
     ), usable as (
       select key_hash from hits group by key_hash, linking having linking or count(*) < $3
     ), marked as (
       insert into oversized_blocking_keys (key_hash, holders)
       select key_hash, count(*) from hits where not linking group by key_hash having count(*) >= $3
       on conflict (key_hash) do update set holders = greatest(oversized_blocking_keys.holders, excluded.holders)
     )
     -- A record's key rows are written together, with one version: grouping by it keeps one row per holder.
     select hits.source_record_id as id, hits.source, hits.content_version as version, array_agg(hits.key_hash) as hits
       from hits join usable using (key_hash)
      group by hits.source_record_id, hits.source, hits.content_version`,
    [keyHashes, keyHashes.map((hash) => linkingKeys.has(hash)), perKeyLimit, sources, allSources],
  );
  await tx.query("select set_config('enable_bitmapscan', $1, true)", [bitmapScans]);
  return rows.map((row) => ({ sourceRecordId: row.id, source: row.source, contentVersion: row.version, keyHashes: row.hits.map(Number) }));
}

/**
 * Makes the stored keys of each record the ones given, each row carrying the record's new content version:
 * keys it no longer has (`previous`, computed from its stored version) are deleted by primary key, the others
 * inserted or given the new version. A record stored for the first time in this transaction (`isNew`) has no
 * keys yet: its keys are written with COPY.
 */
export async function writeBlockingKeys(
  tx: SqlExecutor,
  source: string,
  records: { sourceRecordId: string; contentVersion: string; keyHashes: number[]; previous: number[]; isNew: boolean }[],
): Promise<void> {
  await tx.copyRows(
    'record_blocking_keys',
    ['key_hash', 'source', 'source_record_id', 'content_version'],
    records
      .filter((record) => record.isNew)
      .flatMap((record) => [...new Set(record.keyHashes)].map((hash) => [hash, source, record.sourceRecordId, record.contentVersion])),
  );
  const removed = { hashes: [] as number[], owners: [] as string[] };
  const kept = { hashes: [] as number[], owners: [] as string[], versions: [] as string[] };
  for (const record of records.filter((record) => !record.isNew)) {
    const now = new Set(record.keyHashes);
    for (const hash of new Set(record.previous)) if (!now.has(hash)) (removed.hashes.push(hash), removed.owners.push(record.sourceRecordId));
    for (const hash of now) (kept.hashes.push(hash), kept.owners.push(record.sourceRecordId), kept.versions.push(record.contentVersion));
  }
  if (removed.hashes.length > 0) {
    await tx.query(
      `delete from record_blocking_keys b using unnest($2::bigint[], $3::text[]) as old(key_hash, source_record_id)
        where b.key_hash = old.key_hash and b.source = $1 and b.source_record_id = old.source_record_id`,
      [source, removed.hashes, removed.owners],
    );
  }
  if (kept.hashes.length === 0) return;
  await tx.query(
    `insert into record_blocking_keys (key_hash, source, source_record_id, content_version)
     select h, $1, r, v from unnest($2::bigint[], $3::text[], $4::bigint[]) as k(h, r, v)
     on conflict (key_hash, source, source_record_id) do update set content_version = excluded.content_version
      where record_blocking_keys.content_version <> excluded.content_version`,
    [source, kept.hashes, kept.owners, kept.versions],
  );
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase } from '../../src/app/database';
import type { Database } from '../../src/platform/database/database';

export interface BenchDatabase {
  name: string;
  url: string;
  database: Database;
  drop(): Promise<void>;
}

/** A fresh, migrated database `hub_bench_<random>` on the admin server; drop() removes it. */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `hub_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let database: Database;
  try {
    database = await connectDatabase(url.toString());
    await database.migrate();
  } catch (error) {
    await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    throw error;
  }
  let dropped = false;
  return {
    name,
    url: url.toString(),
    database,
    async drop() {
      if (dropped) return;
      dropped = true;
      await database.close().catch(() => undefined);
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

export async function adminQuery<Row extends Record<string, unknown> = Record<string, unknown>>(url: string, text: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(text)).rows;
  } finally {
    await client.end();
  }
}

// Every table a sync or an import writes to; api_keys is left alone.
const STORE_TABLES = [
  'profiles',
  'source_records',
  'identities',
  'traits',
  'events',
  'merge_decisions',
  'record_blocking_keys',
  'oversized_blocking_keys',
  'connections',
  'sync_runs',
  'sync_stream_states',
  'sync_rejections',
];

/**
 * Empties the profile store and the sync tables, so the next measurement starts from the state the first one
 * did. Cascades to whatever else refers to them (e.g. identity resolution's reviews and links): all derived.
 */
export async function emptyStore(database: Database): Promise<void> {
  await database.query(`truncate ${STORE_TABLES.join(', ')} cascade`);
}

export interface StoreCounts {
  sourceRecords: number;
  liveProfiles: number;
  merges: number;
  events: number;
}

export async function storeCounts(database: Database, source: string): Promise<StoreCounts> {
  const [counts] = await database.query<StoreCounts>(
    `select (select count(*)::int from source_records where source = $1) as "sourceRecords",
            (select count(*)::int from profiles where merged_into_id is null) as "liveProfiles",
            (select count(*)::int from merge_decisions) as merges,
            (select count(*)::int from events) as events`,
    [source],
  );
  return counts;
}

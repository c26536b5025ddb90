import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Database } from '../../src/platform/database/database';

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
    database = await Database.connect(url.toString());
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

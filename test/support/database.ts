import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase } from '../../src/app/database';
import type { Database } from '../../src/platform/database/database';

/**
 * Each test file gets a database of its own on the real PostgreSQL (TEST_DATABASE_URL, by default the
 * local server), so files run in parallel without seeing each other's rows.
 */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  database: Database;
  drop(): Promise<void>;
}

/** `migrateTo`: stop after this migration (to test the ones after it on data of their time). */
export async function createTestDatabase(label: string, options: { migrateTo?: string } = {}): Promise<TestDatabase> {
  const name = `hub_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await connectDatabase(url.toString());
  await database.migrate({ to: options.migrateTo });
  return {
    url: url.toString(),
    database,
    async drop() {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/** One statement on the admin database (create, drop, template copies), on a connection of its own. */
export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

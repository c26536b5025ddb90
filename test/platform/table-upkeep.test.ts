import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableUpkeep } from '../../src/platform/database/table-upkeep';
import { createTestDatabase, type TestDatabase } from '../support/database';

let testDb: TestDatabase;
const quiet = { warn: () => undefined, debug: () => undefined };

beforeAll(async () => {
  testDb = await createTestDatabase('table_upkeep');
  await testDb.database.query('create table upkeep_probe (id int primary key)');
  await testDb.database.query('insert into upkeep_probe select generate_series(1, 1000)');
});
afterAll(async () => testDb?.drop());

async function vacuumsOfProbe(): Promise<{ vacuums: number; analyzes: number }> {
  // Statistics reach the view a moment after the statement: read a fresh snapshot for a few seconds.
  let counts = { vacuums: 0, analyzes: 0 };
  for (let attempt = 0; attempt < 20; attempt++) {
    const [row] = await testDb.database.query<{ vacuums: number; analyzes: number }>(
      "select pg_stat_clear_snapshot(), vacuum_count::int as vacuums, analyze_count::int as analyzes from pg_stat_user_tables where relname = 'upkeep_probe'",
    );
    counts = { vacuums: row.vacuums, analyzes: row.analyzes };
    if (counts.vacuums > 0) return counts;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return counts;
}

describe('TableUpkeep', () => {
  it('vacuums and analyzes the tables once enough records were written, where the server runs no autovacuum', async () => {
    const [{ autovacuum }] = await testDb.database.query<{ autovacuum: string }>("select current_setting('autovacuum') as autovacuum");
    const upkeep = new TableUpkeep(testDb.database, quiet, { tables: ['upkeep_probe'], firstAfterRecords: 100 });
    upkeep.recordsWritten(99);
    await upkeep.settled();
    expect(await vacuumsOfProbe()).toEqual({ vacuums: 0, analyzes: 0 });

    upkeep.recordsWritten(1);
    await upkeep.settled();
    // With autovacuum on the server does this itself, on its own schedule: the hub leaves it alone.
    expect(await vacuumsOfProbe()).toEqual(autovacuum === 'on' ? { vacuums: 0, analyzes: 0 } : { vacuums: 1, analyzes: 1 });
  });

  it('waits for a quarter more records before the next pass', async () => {
    const [{ autovacuum }] = await testDb.database.query<{ autovacuum: string }>("select current_setting('autovacuum') as autovacuum");
    // The real database, with the statements it is sent written down.
    const statements: string[] = [];
    const recording = { query: <Row>(text: string, params?: unknown[]) => (statements.push(text), testDb.database.query<Row>(text, params)) };
    const upkeep = new TableUpkeep(recording, quiet, { tables: ['upkeep_probe'], firstAfterRecords: 1000 });
    for (let written = 0; written < 3000; written += 100) {
      upkeep.recordsWritten(100);
      await upkeep.settled();
    }
    // Passes after 1000, 1300 (1000 × 1.25, reached at the next batch), 1700, 2200 and 2800 records.
    expect(statements.filter((text) => text.startsWith('vacuum'))).toHaveLength(autovacuum === 'on' ? 0 : 5);
  });

  it('refuses a table name that is not a plain identifier', () => {
    expect(() => new TableUpkeep(testDb.database, quiet, { tables: ['traits; drop table profiles'] })).toThrow('not plain table names');
  });
});

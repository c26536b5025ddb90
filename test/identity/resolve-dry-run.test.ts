import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHub } from '../support/cli';
import { testServices } from '../support/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

let testDb: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  testDb = await createTestDatabase('resolve_dry_run');
  env = { DATABASE_URL: testDb.url, HUB_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-dry-run-')) };
  const ingestion = testServices(testDb.database).ingestion;
  // Namesakes of one city and nothing else are a review under the default rules; two with the same birth date are linked by score.
  await ingestion.ingest('shop', [{ external_id: 's1', first_name: 'Hong', last_name: 'Zhu', city: '南京' }, { external_id: 's2', first_name: 'Rui', last_name: 'Chen', date_of_birth: '1988-08-08', city: '苏州' }]);
  await ingestion.ingest('pos', [{ external_id: 'p1', first_name: 'Hong', last_name: 'Zhu', city: '南京' }, { external_id: 'p2', first_name: 'Rui', last_name: 'Chen', date_of_birth: '1988-08-08', city: 'Suzhou' }]);
});
afterAll(async () => testDb?.drop());

const snapshot = () => testDb.database.query('select id, profile_id from source_records order by id');

describe('hub resolve --dry-run', () => {
  it('prints what other rules would merge and split in the store, and changes nothing', async () => {
    const before = await snapshot();
    const result = await runHub(['resolve', '--dry-run', '--rules', '{"thresholds": {"link": 0.8, "review": 0.5}}'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^dry run: 4 records re-resolved, 3 profiles → 2; 1 merges \(of 2 profiles\), 0 splits, 0 for review; nothing was changed\n/);
    expect(result.stdout).toMatch(/^merge: prof_\w+ \+ prof_\w+ \(srec_\w+, srec_\w+\)$/m);
    const stricter = await runHub(['resolve', '--dry-run', '--rules', '{"thresholds": {"link": 0.999999, "review": 0.5}}'], env);
    expect(stricter.stdout).toMatch(/1 splits/);
    expect(await snapshot()).toEqual(before);
  });

  it('exits 2 on rules it cannot use, naming the setting', async () => {
    const result = await runHub(['resolve', '--dry-run', '--rules', '{"thresholds": {"link": 2}}'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('hub: Invalid identity rules: thresholds.link: must be at most 1\n');
    const usage = await runHub(['resolve'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--input and --output are required \(or --dry-run/);
  });
});

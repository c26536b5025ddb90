import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHub } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { identityRules, testServices } from '../support/services';

/** `hub identity reresolve [--dry-run]`, run as the real executable against this file's own database. */

let testDb: TestDatabase;
let env: Record<string, string>;
let profiles: Record<string, string>;

beforeAll(async () => {
  testDb = await createTestDatabase('cli_identity_reresolve');
  env = { DATABASE_URL: testDb.url, HUB_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-reresolve-')) };
  // Stored under older rules: a shared phone did not link on its own, only a near-certain score did.
  const old = testServices(testDb.database, identityRules({ identityRules: { phone: { linkOn: 'score' } }, thresholds: { link: 0.999999, review: 0.99 } })).ingestion;
  await old.ingest('shop', [{ external_id: 'w1', first_name: 'Wei', last_name: 'Zhang', phone: '13900001111' }, { external_id: 'h1', first_name: 'Hong', last_name: 'Zhu', city: '南京' }]);
  await old.ingest('crm', [{ external_id: 'w2', first_name: 'Wei', last_name: 'Zhang', phone: '139 0000 1111' }]);
  const rows = await testDb.database.query<{ external_id: string; profile_id: string }>('select external_id, profile_id from source_records');
  profiles = Object.fromEntries(rows.map((row) => [row.external_id, row.profile_id]));
});
afterAll(async () => testDb?.drop());

const snapshot = () => testDb.database.query('select id, profile_id from source_records order by id');

describe('hub identity reresolve', () => {
  it('with --dry-run prints what it would split and merge, ids and reasons only, and changes nothing', async () => {
    const before = await snapshot();
    const result = await runHub(['identity', 'reresolve', '--dry-run'], env);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'dry run: re-resolved 3 records: 3 profiles → 2 (0 split into 0, 1 merged); nothing was changed\n' +
        `merge: ${profiles.w2} into ${profiles.w1}: they share a phone, and nothing in their records conflicts\n`,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('makes the changes it printed, and a second run finds nothing to change', async () => {
    const result = await runHub(['identity', 'reresolve'], env);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: `re-resolved 3 records: 3 profiles → 2 (0 split into 0, 1 merged)\nmerge: ${profiles.w2} into ${profiles.w1}: they share a phone, and nothing in their records conflicts\n`,
    });
    const [{ profile_id: merged }] = await testDb.database.query<{ profile_id: string }>("select profile_id from source_records where external_id = 'w2'");
    expect(merged).toBe(profiles.w1);

    const again = await runHub(['identity', 'reresolve'], env);
    expect(again).toEqual({ code: 0, stderr: '', stdout: 're-resolved 3 records: 2 profiles → 2 (0 split into 0, 0 merged)\n' });
  });

  it('exits 75 (unavailable, retry) with the reason on stderr when the store cannot be reached', async () => {
    const result = await runHub(['identity', 'reresolve'], { ...env, DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere' });
    expect(result.code).toBe(75);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^hub: .*ECONNREFUSED/);
  });
});

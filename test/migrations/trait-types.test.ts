import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase('trait_types_migration', { migrateTo: 'Migration20261207235000_consents' });
});
afterAll(async () => testDb?.drop());

const query = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => testDb.database.query<T>(text, params);

/** A trait row as the store wrote it before typed traits: the JSON value the source sent, its text beside it. */
async function storeTrait(profileId: string, key: string, value: unknown, candidates: unknown[] = []): Promise<void> {
  await query('insert into profiles (id) values ($1) on conflict do nothing', [profileId]);
  await query("insert into traits (profile_id, key, value, value_text, source, source_record_id, observed_at, rule, candidates) values ($1, $2, $3, $4, 'csv', 'srec', now(), 'most_recent', $5)", [
    profileId,
    key,
    JSON.stringify(value),
    String(value),
    JSON.stringify(candidates.map((candidate) => ({ value: candidate, source: 'csv', sourceRecordId: 'srec_old', observedAt: '2026-01-01T00:00:00Z' }))),
  ]);
}

describe('the trait types migration', () => {
  it('infers the types of undeclared keys from every value stored, and stores numeric keys as numbers without touching text keys', async () => {
    await storeTrait('prof_a', 'points', '10000');
    await storeTrait('prof_b', 'points', 134);
    await storeTrait('prof_c', 'points', 'n/a');
    await storeTrait('prof_a', 'visits', '12');
    await storeTrait('prof_b', 'visits', 3);
    await storeTrait('prof_a', 'member_no', '123');
    await storeTrait('prof_b', 'member_no', '00123');
    // A candidate is a value seen too: one zip with a leading zero among the others makes the key text.
    await storeTrait('prof_a', 'zip_code', '200000', ['0123456']);
    await storeTrait('prof_a', 'member_card', '6225880012');
    await storeTrait('prof_a', 'tier', 'gold');

    expect(await testDb.database.migrate()).toContain('Migration20261207141000_trait_types');

    expect(await query('select key, type from trait_types order by key')).toEqual([
      { key: 'member_no', type: 'text' },
      { key: 'tier', type: 'text' },
      { key: 'visits', type: 'number' },
      { key: 'zip_code', type: 'text' },
    ]);
    const traits = await query<{ profile_id: string; key: string; value: unknown; value_text: string; value_number: string | null }>(
      'select profile_id, key, value, value_text, value_number::text from traits order by key, profile_id',
    );
    expect(traits).toEqual([
      { profile_id: 'prof_a', key: 'member_card', value: '6225880012', value_text: '6225880012', value_number: null },
      { profile_id: 'prof_a', key: 'member_no', value: '123', value_text: '123', value_number: null },
      { profile_id: 'prof_b', key: 'member_no', value: '00123', value_text: '00123', value_number: null },
      { profile_id: 'prof_a', key: 'points', value: 10000, value_text: '10000', value_number: '10000' },
      { profile_id: 'prof_b', key: 'points', value: 134, value_text: '134', value_number: '134' },
      { profile_id: 'prof_c', key: 'points', value: 'n/a', value_text: 'n/a', value_number: null },
      { profile_id: 'prof_a', key: 'tier', value: 'gold', value_text: 'gold', value_number: null },
      { profile_id: 'prof_a', key: 'visits', value: 12, value_text: '12', value_number: '12' },
      { profile_id: 'prof_b', key: 'visits', value: 3, value_text: '3', value_number: '3' },
      { profile_id: 'prof_a', key: 'zip_code', value: '200000', value_text: '200000', value_number: null },
    ]);
  });
});

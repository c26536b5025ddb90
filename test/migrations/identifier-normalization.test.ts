import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testServices } from '../support/services';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase('identifier_normalization', { migrateTo: 'Migration20261203000000_webhooks' });
});
afterAll(async () => testDb?.drop());

const query = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => testDb.database.query<T>(text, params);

async function storeRecord(profileId: string, recordId: string, payload: Record<string, unknown>, identities: [type: string, value: string][], firstSeen = '2026-01-01'): Promise<void> {
  await query('insert into profiles (id) values ($1) on conflict do nothing', [profileId]);
  await query("insert into source_records (id, source, external_id, profile_id, payload, content_hash, first_seen_at) values ($1, 'shop', $2, $3, $4, 'h', $5)", [
    recordId,
    payload.external_id,
    profileId,
    JSON.stringify(payload),
    firstSeen,
  ]);
  for (const [type, value] of identities) {
    await query("insert into identities (id, profile_id, type, value, raw_value, source, source_record_id) values ($1, $2, $3, $4, $4, 'shop', $5)", [`idn_${recordId}_${type}_${value}`, profileId, type, value, recordId]);
  }
}

describe('the identifier normalization migration', () => {
  it('brings stored e-mail identities to the provider rules and adds national ids, so profileByIdentity finds them as ingestion now stores them', async () => {
    // As ingestion stored them before: e-mail lower-cased only, no national ids.
    await storeRecord('prof_a', 'srec_a1', { external_id: 'a1', email: 'J.Doe+shop@GoogleMail.com', national_id: '11010519491231002x' }, [['email', 'j.doe+shop@googlemail.com']]);
    await storeRecord('prof_a', 'srec_a2', { external_id: 'a2', email: 'jdoe@gmail.com', national_id: '110105 19491231002X' }, [['email', 'jdoe@gmail.com']], '2026-02-01');
    await storeRecord('prof_b', 'srec_b1', { external_id: 'b1', email: 'ann+news@outlook.com', national_id: '110105********002X' }, [['email', 'ann+news@outlook.com']]);
    await storeRecord('prof_c', 'srec_c1', { external_id: 'c1', email: 'Li.Na@corp.cn', national_id: '000000000000000000' }, [['email', 'li.na@corp.cn']]);
    await storeRecord('prof_d', 'srec_d1', { external_id: 'd1', email: '+only@gmail.com' }, [['email', '+only@gmail.com']]);

    // Later migrations run after it; this one must be the first.
    expect((await testDb.database.migrate())[0]).toBe('Migration20261207000000_identifier_normalization');

    const identities = await query<{ profile_id: string; type: string; value: string; source_record_id: string }>('select profile_id, type, value, source_record_id from identities order by profile_id, type, value');
    expect(identities).toEqual([
      // Two spellings of one Gmail mailbox on one profile become one row; the national id is credited to the record seen first.
      { profile_id: 'prof_a', type: 'email', value: 'jdoe@gmail.com', source_record_id: expect.any(String) },
      { profile_id: 'prof_a', type: 'national_id', value: '11010519491231002X', source_record_id: 'srec_a1' },
      // A masked national id is evidence only; a tag is dropped where the provider drops it.
      { profile_id: 'prof_b', type: 'email', value: 'ann@outlook.com', source_record_id: 'srec_b1' },
      // Other domains keep their dots and tags; an id of one repeated digit is no identifier.
      { profile_id: 'prof_c', type: 'email', value: 'li.na@corp.cn', source_record_id: 'srec_c1' },
      // A mailbox that the rules leave empty is no address: its identity goes (prof_d has none left).
    ]);

    const { profiles } = testServices(testDb.database);
    expect((await profiles.findByIdentity('email', 'J.Doe@gmail.com'))?.id).toBe('prof_a');
    expect((await profiles.findByIdentity('national_id', '110105-19491231002x'))?.id).toBe('prof_a');
    expect((await profiles.findByIdentity('email', 'ann+other@outlook.com'))?.id).toBe('prof_b');
  });
});

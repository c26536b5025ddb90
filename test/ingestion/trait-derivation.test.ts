import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestionService } from '../../src/modules/ingestion';
import { rederiveProfiles } from '../../src/modules/profiles';
import type { SqlExecutor } from '../../src/platform/database/database';
import { testServices } from '../support/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

let testDb: TestDatabase;
let ingestion: IngestionService;

beforeAll(async () => {
  testDb = await createTestDatabase('trait_derivation');
  ingestion = testServices(testDb.database).ingestion;
});
afterAll(async () => testDb?.drop());

const query = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => testDb.database.query<T>(text, params);

/** The traits of a profile as the API shows them, by key. */
async function traitsOf(profileId: string, executor: SqlExecutor = testDb.database): Promise<Record<string, unknown>> {
  const rows = await executor.query<{ key: string; value: unknown; source_record_id: string; rule: string; candidates: unknown; observed_at: string }>(
    'select key, value, source_record_id, rule, candidates, observed_at from traits where profile_id = $1 order by key',
    [profileId],
  );
  return Object.fromEntries(rows.map(({ key, ...trait }) => [key, trait]));
}

/** What a full derivation of the profile from all its records writes. */
async function derivedWhole(profileId: string): Promise<Record<string, unknown>> {
  let whole: Record<string, unknown> = {};
  await testDb.database
    .transaction(async (tx) => {
      await rederiveProfiles(tx, new Map(), [profileId], { reading: { defaultRegion: 'CN' } });
      whole = await traitsOf(profileId, tx);
      throw new RolledBack();
    })
    .catch((error) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return whole;
}

class RolledBack extends Error {}

describe('traits kept by incremental ingestion', () => {
  it('equal a derivation of the whole profile after any sequence of joins, changes and merges', async () => {
    const value = (options: string[]) => fc.option(fc.constantFrom(...options), { nil: undefined });
    const record = fc.record({
      source: fc.constantFrom('shop', 'pos', 'crm'),
      id: fc.constantFrom('1', '2', '3'),
      // Records link by e-mail or phone; one carrying the e-mail of one profile and the phone of another merges them.
      email: value(['a', 'b']),
      phone: value(['13911110001', '13911110002']),
      city: value(['Hangzhou', 'Ningbo', '']),
      first_name: value(['Ting', 'Tingting']),
      points: value(['5', '7', '']),
    });
    let run = 0;
    let merges = 0;
    let updates = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 6 }), async (records) => {
        run++;
        const prefix = `r${run}`;
        for (const { source, id, email, phone, city, first_name, points } of records) {
          const result = await ingestion.ingest(source, [
            { external_id: `${prefix}-${id}`, email: email && `${prefix}.${email}@mail.cn`, phone, city, first_name, traits: points === undefined ? undefined : { points } },
          ]);
          merges += result.merges;
          updates += result.updated;
        }
        // Phones are shared between runs: the profiles of this run are the ones its records are in.
        const profiles = await query<{ profile_id: string }>('select distinct profile_id from source_records where external_id like $1', [`${prefix}-%`]);
        for (const { profile_id } of profiles) expect(await traitsOf(profile_id)).toEqual(await derivedWhole(profile_id));
      }),
      { numRuns: 40 },
    );
    // The sequences did join, change and merge profiles.
    expect(merges).toBeGreaterThan(0);
    expect(updates).toBeGreaterThan(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKeyHits } from '../../src/modules/identity/blocking-key.store';
import type { IngestionService } from '../../src/modules/ingestion';
import { identityRules, testServices } from '../support/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

let testDb: TestDatabase;
let ingestion: IngestionService;
const MAX_BLOCK_SIZE = 3;

beforeAll(async () => {
  testDb = await createTestDatabase('oversized_blocks');
  ingestion = testServices(testDb.database, identityRules({ maxBlockSize: MAX_BLOCK_SIZE })).ingestion;
});
afterAll(async () => testDb?.drop());

const query = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => testDb.database.query<T>(text, params);

// Same name, city and postcode, nothing else in common: namesakes, whose shared keys fill blocks.
const namesake = (index: number) => ({
  external_id: `n-${index}`,
  first_name: 'Fang',
  last_name: 'Wang',
  postcode: '200001',
  email: `fang.wang.${'abcdefghij'[index]}@mail.cn`,
  phone: `+86 138 0000 ${String(1000 + index * 37)}`,
});

const holdersOf = (keyHash: number, perKeyLimit: number, allSources = true) =>
  testDb.database.transaction((tx) => findKeyHits(tx, [keyHash], new Set(), perKeyLimit, ['shop', 'crm', 'pos'], allSources));

describe('blocking keys held by more records than a block may have', () => {
  it('are marked once a lookup finds them full, and later lookups leave them out', async () => {
    for (let index = 0; index < MAX_BLOCK_SIZE + 2; index++) await ingestion.ingest('shop', [namesake(index)]);
    const marks = await query<{ key_hash: string; holders: number }>('select key_hash, holders from oversized_blocking_keys');
    // The name, postcode + family name and postcode + given name blocks of the five namesakes.
    expect(marks.length).toBe(3);
    expect(marks.every((mark) => mark.holders === MAX_BLOCK_SIZE + 1)).toBe(true);
    const marked = Number(marks[0].key_hash);
    expect(await holdersOf(marked, MAX_BLOCK_SIZE + 1)).toEqual([]);
    // Looking up some sources only, the mark does not apply: the key is read, and still too full.
    expect(await holdersOf(marked, MAX_BLOCK_SIZE + 1, false)).toEqual([]);
    // A cap above the holders counted brings the key back.
    const holders = await holdersOf(marked, 51);
    const externalIds = await query<{ external_id: string }>('select external_id from source_records where id = any($1::text[]) order by external_id', [holders.map((hit) => hit.sourceRecordId)]);
    expect(externalIds.map((row) => row.external_id)).toEqual(['n-0', 'n-1', 'n-2', 'n-3', 'n-4']);
  });

  it('leave the clusters those of the cap: a namesake stays apart, an identifier still links', async () => {
    const profiles = async () => (await query<{ n: number }>('select count(*)::int as n from profiles where merged_into_id is null'))[0].n;
    const before = await profiles();
    await ingestion.ingest('crm', [{ ...namesake(7), external_id: 'crm-7' }]);
    expect(await profiles()).toBe(before + 1);
    await ingestion.ingest('crm', [{ ...namesake(8), external_id: 'crm-8', email: namesake(0).email }]);
    const [crm, first] = await Promise.all(
      ['crm-8', 'n-0'].map(async (externalId) => (await query<{ profile_id: string }>('select profile_id from source_records where external_id = $1', [externalId]))[0].profile_id),
    );
    expect(crm).toBe(first);
  });
});

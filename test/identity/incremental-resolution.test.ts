import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentVersion } from '../../src/modules/identity/blocking-key.store';
import type { IngestionService } from '../../src/modules/ingestion';
import { testServices } from '../support/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

let testDb: TestDatabase;
let ingestion: IngestionService;

beforeAll(async () => {
  testDb = await createTestDatabase('incremental_resolution');
  ingestion = testServices(testDb.database).ingestion;
});
afterAll(async () => testDb?.drop());

const query = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => testDb.database.query<T>(text, params);

async function profileOf(source: string, externalId: string): Promise<string> {
  const [row] = await query<{ profile_id: string }>('select profile_id from source_records where source = $1 and external_id = $2', [source, externalId]);
  return row.profile_id;
}

async function recordId(source: string, externalId: string): Promise<string> {
  const [row] = await query<{ id: string }>('select id from source_records where source = $1 and external_id = $2', [source, externalId]);
  return row.id;
}

describe('incremental resolution through stored blocking keys', () => {
  it('stores the blocking keys of every record, and replaces them when the record changes', async () => {
    await ingestion.ingest('shop', [{ external_id: 'k-1', first_name: 'Lan', last_name: 'Zhou', email: 'lan.zhou@mail.cn', postcode: '200001' }]);
    const id = await recordId('shop', 'k-1');
    const before = await query<{ key_hash: string }>('select key_hash from record_blocking_keys where source_record_id = $1 order by key_hash', [id]);
    expect(before.length).toBeGreaterThanOrEqual(5);
    await ingestion.ingest('shop', [{ external_id: 'k-1', first_name: 'Lan', last_name: 'Zhou', email: 'lan.zhou@mail.cn', postcode: '200002' }]);
    const after = await query<{ key_hash: string }>('select key_hash from record_blocking_keys where source_record_id = $1 order by key_hash', [id]);
    expect(after).toHaveLength(before.length);
    expect(after).not.toEqual(before);
  });

  it('links a record arriving later with a typo in the name and the same e-mail', async () => {
    await ingestion.ingest('shop', [{ external_id: 's-1', first_name: 'Xiaoming', last_name: 'Zhang', email: 'zhang.xm@mail.cn', city: '上海' }]);
    const later = await ingestion.ingest('crm', [{ external_id: 'c-1', first_name: 'Xiaomnig', last_name: 'Zhang', email: ' Zhang.XM@mail.cn ' }]);
    expect(later).toMatchObject({ created: 1, merges: 0 });
    expect(await profileOf('crm', 'c-1')).toBe(await profileOf('shop', 's-1'));
  });

  it('links a record with the same phone and a similar name, and says why', async () => {
    await ingestion.ingest('shop', [{ external_id: 's-2', first_name: 'Catherine', last_name: 'Li', phone: '139 1234 5678' }]);
    await ingestion.ingest('pos', [{ external_id: 'p-2', first_name: 'Katherine', last_name: 'Li', phone: '+86 13912345678', traits: { points: 10 } }]);
    const profile = await profileOf('shop', 's-2');
    expect(await profileOf('pos', 'p-2')).toBe(profile);

    // A third source with the same phone and name joins the same profile, not a new one.
    await ingestion.ingest('crm', [{ external_id: 'c-2', first_name: 'Catherine', last_name: 'Li', phone: '13912345678' }]);
    expect(await profileOf('crm', 'c-2')).toBe(profile);
  });

  it('keeps a household sharing a phone apart and at most queues the pair for review', async () => {
    await ingestion.ingest('shop', [{ external_id: 's-3', first_name: 'Jun', last_name: 'Wang', phone: '137 1111 2222' }]);
    await ingestion.ingest('pos', [{ external_id: 'p-3', first_name: 'Fang', last_name: 'Wang', phone: '13711112222' }]);
    expect(await profileOf('pos', 'p-3')).not.toBe(await profileOf('shop', 's-3'));
    const reviews = await query<{ status: string; probability: number; evidence: any }>(
      'select status, probability, evidence from match_reviews where left_record_id = any($1) and right_record_id = any($1)',
      [[await recordId('shop', 's-3'), await recordId('pos', 'p-3')]],
    );
    expect(reviews.length).toBeLessThanOrEqual(1);
    for (const review of reviews) {
      expect(review).toMatchObject({ status: 'open' });
      expect(review.probability).toBeLessThan(0.95);
      expect(review.evidence.fields.find((field: any) => field.field === 'phone')).toMatchObject({ agreement: 'exact' });
      expect(review.evidence.fields.find((field: any) => field.field === 'given_name')).toMatchObject({ agreement: 'different' });
    }
  });

  it('takes the fields hub resolve files carry (national id, house number, second address line) and links on a national id', async () => {
    const card = '110101199003074518';
    await ingestion.ingest('shop', [{ external_id: 's-7', full_name: '周杰', national_id: card, street: '淮海中路', street_number: '88', address_line2: '3号楼1201' }]);
    const later = await ingestion.ingest('crm', [{ external_id: 'c-7', first_name: 'Jie', last_name: 'Zhou', national_id: '110101 19900307 4518' }]);
    expect(later).toMatchObject({ created: 1, rejected: 0 });
    const profile = await profileOf('shop', 's-7');
    expect(await profileOf('crm', 'c-7')).toBe(profile);
    const traits = await query<{ key: string; value_text: string }>("select key, value_text from traits where profile_id = $1 and key in ('street_number', 'address_line2') order by key", [profile]);
    expect(traits).toEqual([
      { key: 'address_line2', value_text: '3号楼1201' },
      { key: 'street_number', value_text: '88' },
    ]);
  });

  it('keeps a household sharing a phone and an address apart: their given names conflict, so nobody is asked to review them', async () => {
    const home = { phone: '138 2468 1357', street: '淮海中路', street_number: '88', city: '上海', postcode: '200020' };
    await ingestion.ingest('shop', [{ external_id: 'h-1', full_name: '王伟', ...home }, { external_id: 'h-3', first_name: 'John', last_name: 'Smith', ...home }]);
    await ingestion.ingest('pos', [{ external_id: 'h-2', full_name: '李娜', ...home }, { external_id: 'h-4', first_name: 'Mary', last_name: 'Smith', ...home }]);
    expect(await profileOf('pos', 'h-2')).not.toBe(await profileOf('shop', 'h-1'));
    expect(await profileOf('pos', 'h-4')).not.toBe(await profileOf('shop', 'h-3'));
    // The same person at that home, the given name mistyped, still joins.
    await ingestion.ingest('crm', [{ external_id: 'h-5', first_name: 'Jon', last_name: 'Smith', ...home }]);
    expect(await profileOf('crm', 'h-5')).toBe(await profileOf('shop', 'h-3'));
    const reviews = await query<{ probability: number }>('select probability from match_reviews where left_record_id = any($1) and right_record_id = any($1)', [
      [await recordId('shop', 'h-1'), await recordId('pos', 'h-2')],
    ]);
    expect(reviews).toEqual([]);
  });

  it('links on a shared phone when nothing in the records conflicts: the phone is the member key of Chinese retail', async () => {
    await ingestion.ingest('shop', [{ external_id: 's-4', first_name: 'Haoran', last_name: 'Gao', phone: '136 5555 0101' }]);
    await ingestion.ingest('pos', [{ external_id: 'p-4', full_name: '高先生', phone: '13655550101' }]);
    expect(await profileOf('pos', 'p-4')).toBe(await profileOf('shop', 's-4'));
    // A record of that phone that is plainly someone else (another given name, another gender) stays apart.
    await ingestion.ingest('crm', [{ external_id: 'c-4', full_name: '高丽', gender: 'female', phone: '+86 136 5555 0101' }]);
    expect(await profileOf('crm', 'c-4')).not.toBe(await profileOf('shop', 's-4'));
  });

  it('merges two existing profiles when a record links both, recording the chain of links with their evidence', async () => {
    await ingestion.ingest('shop', [{ external_id: 's-5', first_name: 'Hui', last_name: 'Sun', email: 'sun.hui@mail.cn' }]);
    await ingestion.ingest('pos', [{ external_id: 'p-5', first_name: 'Hui', last_name: 'Sun', phone: '135 0000 1234' }]);
    const [shopProfile, posProfile] = [await profileOf('shop', 's-5'), await profileOf('pos', 'p-5')];
    expect(shopProfile).not.toBe(posProfile);
    const result = await ingestion.ingest('crm', [{ external_id: 'c-5', first_name: 'Hui', last_name: 'Sun', email: 'sun.hui@mail.cn', phone: '13500001234' }]);
    expect(result).toMatchObject({ merges: 1, profileIds: [shopProfile] });
    const [decision] = await query<{ rule: string; probability: number; evidence: any; actor: string }>('select * from merge_decisions where merged_profile_id = $1', [posProfile]);
    expect(decision).toMatchObject({ rule: 'identifier', actor: 'system:probabilistic' });
    expect(decision.evidence.links.map((link: any) => link.rule).sort()).toEqual(['identifier', 'identifier']);
  });

  it('leaves a batch that changes nothing without locks, reads of candidates or writes', async () => {
    const batch = [{ external_id: 's-6', first_name: 'Mei', last_name: 'Lin', email: 'lin.mei@mail.cn' }];
    await ingestion.ingest('shop', batch);
    const before = testDb.database.queryCount;
    expect(await ingestion.ingest('shop', batch)).toMatchObject({ unchanged: 1, profileIds: [] });
    // begin, savepoint, the erasure guard (a shared advisory lock, then whether any suppression is in force),
    // one read of the stored records, release, commit.
    expect(testDb.database.queryCount - before).toBe(7);
  });

  it('keeps the content version of each record in its key rows, as the migration computes it from the content hash', async () => {
    await ingestion.ingest('shop', [{ external_id: 'v-1', first_name: 'Qing', last_name: 'Hu', email: 'hu.qing@mail.cn', postcode: '200001' }]);
    await ingestion.ingest('shop', [{ external_id: 'v-1', first_name: 'Qing', last_name: 'Hu', email: 'hu.qing@mail.cn', postcode: '200009' }]);
    const rows = await query<{ version: string; expected: string; kept: string }>(
      `select b.content_version as version,
              ('x' || encode(substring(decode(translate(s.content_hash, '-_', '+/') || '=', 'base64') from 1 for 8), 'hex'))::bit(64)::bigint as expected,
              s.content_hash as kept
         from record_blocking_keys b join source_records s on s.id = b.source_record_id
        where s.external_id = 'v-1'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const row of rows) {
      expect(row.version).toBe(row.expected);
      expect(row.version).toBe(contentVersion(row.kept));
    }
  });

  it('scores a stored record as it is now, after another process changed the version this one normalized', async () => {
    const other = testServices(testDb.database).ingestion;
    await ingestion.ingest('shop', [{ external_id: 'w-1', first_name: 'Yue', last_name: 'Deng', city: 'Shanghai' }]);
    // Another worker adds what makes the record a match: this process still holds its first version.
    await other.ingest('shop', [{ external_id: 'w-1', first_name: 'Yue', last_name: 'Deng', city: 'Shanghai', date_of_birth: '1991-04-12', street: '88 Nanjing Road', postcode: '200001' }]);
    await ingestion.ingest('crm', [{ external_id: 'w-2', first_name: 'Yue', last_name: 'Deng', city: 'Shanghai', date_of_birth: '1991-04-12', street: '88 Nanjing Road', postcode: '200001' }]);
    expect(await profileOf('crm', 'w-2')).toBe(await profileOf('shop', 'w-1'));
  });
});

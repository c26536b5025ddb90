import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestionService } from '../../src/modules/ingestion';
import { identityRules, testServices } from '../support/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

let testDb: TestDatabase;
let ingestion: IngestionService;

beforeAll(async () => {
  testDb = await createTestDatabase('ingestion');
  ingestion = testServices(testDb.database).ingestion;
});
afterAll(async () => testDb?.drop());

const query = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => testDb.database.query<T>(text, params);

describe('ingestion', () => {
  it('creates one profile per new record and writes nothing when the same batch is sent again', async () => {
    const batch = [
      { external_id: 'c1', email: 'Ann@Example.com', first_name: 'Ann', events: [{ id: 'o1', type: 'order', occurred_at: '2026-01-02T00:00:00Z', amount: 12.5 }] },
      { external_id: 'c2', phone: '138 0013 8001', first_name: '芳' },
    ];
    const first = await ingestion.ingest('shop', batch);
    expect(first).toMatchObject({ read: 2, created: 2, updated: 0, unchanged: 0, rejected: 0, merges: 0 });
    expect(first.profileIds).toHaveLength(2);

    const before = await query<{ n: string }>('select count(*) as n from source_records where source = $1', ['shop']);
    const lastSeen = await query('select last_seen_at from source_records where source = $1 order by id', ['shop']);
    const again = await ingestion.ingest('shop', [{ ...batch[1] }, { first_name: 'Ann', email: 'Ann@Example.com', external_id: 'c1', events: batch[0].events }]);
    expect(again).toMatchObject({ read: 2, created: 0, updated: 0, unchanged: 2, rejected: 0, profileIds: [] });
    expect(await query('select count(*) as n from source_records where source = $1', ['shop'])).toEqual(before);
    expect(await query('select last_seen_at from source_records where source = $1 order by id', ['shop'])).toEqual(lastSeen);
    expect(await query('select count(*)::int as n from events')).toEqual([{ n: 1 }]);
  });

  // Linking tests use example.cn: example.com is a placeholder domain to the identity engine, like test@test.com.
  it('attaches a record from another source to the profile that owns its normalized e-mail', async () => {
    const shop = await ingestion.ingest('shop', [{ external_id: 's-10', email: 'li.lei@example.cn', city: '上海' }]);
    const crm = await ingestion.ingest('crm', [{ external_id: 'lead-7', email: '  LI.LEI@example.CN ', company: 'ACME' }]);
    expect(crm.created).toBe(1);
    expect(crm.profileIds).toEqual(shop.profileIds);
    const traits = await query<{ key: string; value: unknown; source: string; rule: string }>(
      'select key, value, source, rule from traits where profile_id = $1 order by key',
      [shop.profileIds[0]],
    );
    expect(traits.map((t) => [t.key, t.value, t.source, t.rule])).toEqual([
      ['city', '上海', 'shop', 'most_recent'],
      ['company', 'ACME', 'crm', 'most_recent'],
      ['email', 'LI.LEI@example.CN', 'crm', 'most_recent'],
    ]);
  });

  it('merges two profiles when one record links to both, and records why, link by link', async () => {
    const [byEmail] = (await ingestion.ingest('shop', [{ external_id: 'm-1', email: 'merge.me@example.cn', last_name: 'Old' }])).profileIds;
    const [byPhone] = (await ingestion.ingest('pos', [{ external_id: 'card-9', phone: '+86 139 0000 0009', first_name: 'Mo', last_name: 'New', traits: { points: 120 } }])).profileIds;
    expect(byEmail).not.toEqual(byPhone);

    // The same e-mail links x-1 to m-1; the same phone links it to card-9: nothing in the two records conflicts.
    const linking = await ingestion.ingest('crm', [{ external_id: 'x-1', email: 'merge.me@example.cn', phone: '13900000009', first_name: 'Mo', last_name: 'New', updated_at: '2030-01-01T00:00:00Z' }]);
    expect(linking).toMatchObject({ created: 1, merges: 1, profileIds: [byEmail] });

    const [decision] = await query<{ surviving_profile_id: string; merged_profile_id: string; rule: string; probability: number; evidence: any; merged_source_record_ids: string[] }>(
      'select * from merge_decisions where merged_profile_id = $1',
      [byPhone],
    );
    expect(decision).toMatchObject({ surviving_profile_id: byEmail, rule: 'identifier' });
    const [x1, m1, card9] = await Promise.all(['x-1', 'm-1', 'card-9'].map(async (id) => (await query<{ id: string }>('select id from source_records where external_id = $1', [id]))[0].id));
    expect(decision.evidence.links).toEqual([
      expect.objectContaining({ left: card9, right: x1, rule: 'identifier', identityType: 'phone' }),
      expect.objectContaining({ left: m1, right: x1, rule: 'identifier', identityType: 'email' }),
    ]);
    expect(decision.evidence.links[0].fields.find((field: any) => field.field === 'phone')).toMatchObject({ agreement: 'exact', left: '+8613900000009' });
    expect(decision.merged_source_record_ids).toHaveLength(1);

    expect(await query('select merged_into_id from profiles where id = $1', [byPhone])).toEqual([{ merged_into_id: byEmail }]);
    const owners = await query<{ profile_id: string }>('select distinct profile_id from source_records where source_records.external_id in ($1, $2, $3)', ['m-1', 'card-9', 'x-1']);
    expect(owners).toEqual([{ profile_id: byEmail }]);
    const traits = await query<{ key: string; value: unknown }>('select key, value from traits where profile_id = $1 order by key', [byEmail]);
    expect(Object.fromEntries(traits.map((t) => [t.key, t.value]))).toMatchObject({ last_name: 'New', points: 120, phone: '13900000009' });
  });

  it('links records of one batch and one source that share an identifier, even before either is stored', async () => {
    // Duplicate accounts in one source are one person: no per-source limit applies by default.
    const result = await ingestion.ingest('wechat', [
      { external_id: 'w1', wechat_unionid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M' },
      { external_id: 'w2', wechat_unionid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', phone: '13700000007' },
    ]);
    expect(result).toMatchObject({ created: 2, merges: 0 });
    expect(result.profileIds).toHaveLength(1);
  });

  it('keeps two records of one source apart when the rules allow one external id per source, and still links another source', async () => {
    const onePerSource = testServices(testDb.database, identityRules({ identityRules: { external_id: { maxPerSource: 1 } } })).ingestion;
    const oneSource = await onePerSource.ingest('wechat-limited', [
      { external_id: 'w1', wechat_unionid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL3M' },
      { external_id: 'w2', wechat_unionid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL3M', phone: '13700000008' },
    ]);
    expect(oneSource).toMatchObject({ created: 2, merges: 0 });
    expect(oneSource.profileIds).toHaveLength(2);
    const joining = await onePerSource.ingest('crm-limited', [{ external_id: 'c-9', wechat_unionid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL3M' }]);
    expect(joining.profileIds).toEqual([oneSource.profileIds[0]]);
  });

  it('joins a record to the customer record it names in customer_external_id, whichever arrives first, under a one-per-source limit', async () => {
    const onePerSource = testServices(testDb.database, identityRules({ identityRules: { external_id: { maxPerSource: 1 } } })).ingestion;
    // Nothing but the reference links these orders: no e-mail or phone in common with their customer.
    const [customer] = (await onePerSource.ingest('store', [{ external_id: 'cust-1', first_name: 'Ann', email: 'ann@mail.cn' }])).profileIds;
    const after = await onePerSource.ingest('store', [{ external_id: 'order-1', customer_external_id: 'cust-1', phone: '13711112222' }]);
    expect(after.profileIds).toEqual([customer]);
    const early = await onePerSource.ingest('store', [{ external_id: 'order-2', customer_external_id: 'cust-2', email: 'guest@mail.cn' }]);
    const late = await onePerSource.ingest('store', [{ external_id: 'cust-2', first_name: 'Bo', phone: '13733334444' }]);
    // The customer joins the profile its order started: a join, not a merge of two profiles.
    expect(late).toMatchObject({ created: 1, merges: 0, profileIds: [early.profileIds[0]] });
    // Two customers of one source stay apart: each order counts as its customer's record, not as a third id.
    expect(early.profileIds[0]).not.toEqual(customer);
    const traits = await query<{ key: string }>('select key from traits where profile_id = $1', [customer]);
    expect(traits.map((trait) => trait.key)).not.toContain('customer_external_id');
  });

  it('keeps a nickname as a trait and never links on it: two strangers called 阳光 stay two profiles', async () => {
    const alone = await ingestion.ingest('wecom', [{ external_id: 'wm-sun-1', nickname: '阳光' }]);
    const aloneAgain = await ingestion.ingest('wechat', [{ external_id: 'o-sun-1', nickname: '阳光' }]);
    expect(aloneAgain).toMatchObject({ created: 1, merges: 0 });
    expect(aloneAgain.profileIds).not.toEqual(alone.profileIds);
    const traits = await query<{ key: string; value: unknown; source: string }>('select key, value, source from traits where profile_id = $1', [alone.profileIds[0]]);
    expect(traits).toEqual([{ key: 'nickname', value: '阳光', source: 'wecom' }]);

    // The control: the same value, city and gender link as a name, and stay apart as a nickname.
    const person = { city: '杭州', gender: 'female' };
    const byName = await ingestion.ingest('wecom', [{ external_id: 'wm-sun-2', full_name: '王阳光', ...person }]);
    const byNameAgain = await ingestion.ingest('wechat', [{ external_id: 'o-sun-2', full_name: '王阳光', ...person }]);
    expect(byNameAgain.profileIds).toEqual(byName.profileIds);
    const byNickname = await ingestion.ingest('wecom', [{ external_id: 'wm-sun-3', nickname: '王阳光', ...person }]);
    const byNicknameAgain = await ingestion.ingest('wechat', [{ external_id: 'o-sun-3', nickname: '王阳光', ...person }]);
    expect(byNicknameAgain.profileIds).not.toEqual(byNickname.profileIds);
  });

  it('rejects malformed records with their position and reason and keeps the good ones', async () => {
    const result = await ingestion.ingest('pos', [
      { external_id: 'ok-1', phone: '13800000001' },
      { external_id: 'bad-1', phone: '12345' },
      { phone: '13800000002' },
      'not an object',
      { external_id: 'bad-2', email: 'no-at-sign' },
    ]);
    expect(result).toMatchObject({ read: 5, created: 1, rejected: 4 });
    expect(result.rejections.map((r) => r.index)).toEqual([1, 2, 3, 4]);
    expect(result.rejections[1].reason).toBe('external_id: is required');
    expect(result.rejections[2].reason).toBe('record must be a JSON object');
    expect(await query('select count(*)::int as n from source_records where external_id like $1', ['bad-%'])).toEqual([{ n: 0 }]);
  });

  it('replaces identities and events of a changed record', async () => {
    await ingestion.ingest('shop', [{ external_id: 'chg', email: 'before@example.com', events: [{ id: 'a', type: 'order', occurred_at: '2026-01-01', amount: 1 }, { id: 'b', type: 'order', occurred_at: '2026-01-02', amount: 2 }] }]);
    const changed = await ingestion.ingest('shop', [{ external_id: 'chg', email: 'after@example.com', events: [{ id: 'a', type: 'order', occurred_at: '2026-01-01', amount: 5 }] }]);
    expect(changed).toMatchObject({ updated: 1, created: 0 });
    const identities = await query<{ type: string; value: string }>('select type, value from identities where profile_id = $1 order by type', [changed.profileIds[0]]);
    expect(identities).toEqual([
      { type: 'email', value: 'after@example.com' },
      { type: 'external_id', value: 'shop:chg' },
    ]);
    expect(await query('select event_key, amount from events where profile_id = $1', [changed.profileIds[0]])).toEqual([{ event_key: 'a', amount: '5.00' }]);
  });

  it('refuses a source name that could not be used in ids', async () => {
    await expect(ingestion.ingest('bad source!', [{ external_id: '1' }])).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

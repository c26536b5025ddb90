import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileOfRecord, startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
const order = (id: string, days: number, amount: number) => ({ id, type: 'order', occurred_at: daysAgo(days), amount });
const share = (id: string, days: number) => ({ id, type: 'interaction', occurred_at: daysAgo(days), properties: { kind: 'share' } });

beforeAll(async () => {
  hub = await startTestHub('computed_traits');
});
afterAll(async () => hub?.stop());

const ingest = (source: string, records: Record<string, unknown>[]) => hub.services.ingestion.ingest(source, records);
const profileOf = (source: string, externalId: string) => profileOfRecord(hub, source, externalId);
const computed = async (profileId: string) => {
  const { body } = await hub.graphql('query($id: ID!) { profile(id: $id) { computedTraits { key value lineage { eventCount lastEventId } } portraitTags } }', { id: profileId });
  const profile = (body.data as { profile: { computedTraits: { key: string; value: unknown; lineage: { eventCount: number } }[]; portraitTags: string[] } }).profile;
  return { values: Object.fromEntries(profile.computedTraits.map((trait) => [trait.key, trait.value])), lineage: Object.fromEntries(profile.computedTraits.map((trait) => [trait.key, trait.lineage])), tags: profile.portraitTags };
};
const computedRows = async (profileId: string) => (await hub.testDb.database.query<{ n: number }>('select count(*)::int as n from computed_traits where profile_id = $1', [profileId]))[0]!.n;

describe('computed traits in the store', () => {
  it('show on the profile with their lineage and portrait tags after ingestion, and follow new events in the same commit', async () => {
    await ingest('shop', [{ external_id: 'a', email: 'a@mail.cn', events: [order('a1', 200, 1200), order('a2', 20, 4000), share('a3', 5)] }]);
    const a = await profileOf('shop', 'a');
    let { values, lineage, tags } = await computed(a);
    // Hand-computed: 2 orders, 5200 spent, last 20 days ago → R 5, F 2, M 5 → value round(3.5) = 4 → champions.
    expect(values).toMatchObject({ order_count: 2, total_spent: 5200, average_order_value: 2600, rfm_recency_score: 5, rfm_frequency_score: 2, rfm_monetary_score: 5, rfm_group: 'champions', consumption_level: 'high', share_count: 1, spread_ability: 'low' });
    expect(lineage.total_spent).toEqual({ eventCount: 2, lastEventId: expect.any(String) });
    expect(tags).toEqual(['consumption:high', 'rfm:champions', 'activity:inactive', 'spread:low']);

    await ingest('shop', [{ external_id: 'a', email: 'a@mail.cn', events: [order('a1', 200, 1200), order('a2', 20, 4000), share('a3', 5), order('a4', 1, 800)] }]);
    ({ values } = await computed(a));
    expect(values).toMatchObject({ order_count: 3, total_spent: 6000, average_order_value: 2000 });
  });

  it('move to the survivor of a merge, and a saved segment on a computed trait follows', async () => {
    await ingest('shop', [{ external_id: 'b', email: 'b@mail.cn', events: [order('b1', 10, 100)] }]);
    await ingest('pos', [{ external_id: 'm-b', phone: '+8613800138000', events: [order('m-b1', 5, 150)] }]);
    const [shopB, posB] = [await profileOf('shop', 'b'), await profileOf('pos', 'm-b')];
    expect(shopB).not.toBe(posB);
    const segment = await hub.services.segments.create({ name: 'repeat buyers', definition: { computed: { key: 'order_count', op: 'GTE', value: 2 } } });
    const members = async () => (await hub.testDb.database.query<{ profile_id: string }>('select profile_id from segment_memberships where segment_id = $1 order by profile_id', [segment.id])).map((row) => row.profile_id);
    const a = await profileOf('shop', 'a');
    expect(await members()).toEqual([a]);

    // A person merges the two profiles (the same customer, as the store clerk confirmed).
    const decision = await hub.services.identity.decisions.mergeProfiles(shopB, posB, 'user:test');
    const survivor = decision.survivingProfileId;
    expect(await profileOf('pos', 'm-b')).toBe(survivor);
    expect((await computed(survivor)).values).toMatchObject({ order_count: 2, total_spent: 250 });
    const merged = survivor === shopB ? posB : shopB;
    expect(await computedRows(merged)).toBe(0);
    expect(await members()).toEqual([a, survivor].sort());

    // Undoing it splits the orders again: each side has one, and the survivor leaves the segment.
    const [{ id: posRecord }] = await hub.testDb.database.query<{ id: string }>("select id from source_records where source = 'pos' and external_id = 'm-b'");
    const { profileIds } = await hub.services.identity.decisions.splitProfile(survivor, [posRecord!], 'user:test');
    for (const profileId of profileIds) expect((await computed(profileId)).values).toMatchObject({ order_count: 1 });
    expect(await members()).toEqual([a]);
  });

  it('are recomputed on schedule where time moves them, and the segments on them follow', async () => {
    const a = await profileOf('shop', 'a');
    const recent = await hub.services.segments.create({ name: 'recent champions', definition: { computed: { key: 'rfm_group', op: 'EQ', value: 'champions' } } });
    const inRecent = async () => (await hub.testDb.database.query<{ n: number }>('select count(*)::int as n from segment_memberships where segment_id = $1 and profile_id = $2', [recent.id, a]))[0]!.n;
    expect(await inRecent()).toBe(1);
    // A year on, the last order is 366 days old: recency 1, and a champion with F 3 M 5 is one they can't lose.
    const result = await hub.services.computedTraitRefresh.refresh(new Date(Date.now() + 365 * DAY_MS));
    expect(result.profiles).toBeGreaterThanOrEqual(2);
    expect((await computed(a)).values).toMatchObject({ rfm_recency_score: 1, rfm_group: 'cant_lose' });
    expect(await inRecent()).toBe(0);
    // Run again at the same time: nothing changes.
    expect((await hub.services.computedTraitRefresh.refresh(new Date(Date.now() + 365 * DAY_MS))).changed).toBe(0);
  });

  it('are listed in the registry, and a segment naming an unknown one is refused with the path', async () => {
    const { body } = await hub.graphql('{ computedTraitDefinitions { key inputs timeRelative } }');
    const keys = (body.data as { computedTraitDefinitions: { key: string }[] }).computedTraitDefinitions.map((definition) => definition.key);
    expect(keys).toEqual(expect.arrayContaining(['order_count', 'rfm_group', 'membership_tier', 'sentiment_label', 'open_ticket_count', 'portrait_tags']));
    const refused = await hub.graphql('query($d: SegmentConditionInput!) { previewSegment(definition: $d) { count } }', { d: { computed: { key: 'ltv', op: 'GT', value: 1 } } });
    expect(refused.body.errors?.[0]).toMatchObject({ message: expect.stringContaining("definition.computed.key: unknown computed trait 'ltv'"), extensions: { code: 'BAD_USER_INPUT' } });
  });
});

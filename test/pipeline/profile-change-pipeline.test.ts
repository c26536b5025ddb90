import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HubServices } from '../../src/app/services';
import type { ProfileChangeStageName } from '../../src/modules/profiles';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testServices } from '../support/services';

const ALL_STAGES: ProfileChangeStageName[] = ['computed-traits', 'segments', 'outbox'];
const DAY_MS = 86_400_000;

let testDb: TestDatabase;
let services: HubServices;
/** The stages each change went through, in order, with what the change said after each. */
let trace: { stage: ProfileChangeStageName; changed: string[]; created: string[]; merged: number; deleted: string[]; computed: number; segmentMoves: number }[];

beforeAll(async () => {
  testDb = await createTestDatabase('profile_change_pipeline');
  services = testServices(testDb.database, {}, {
    traceProfileChanges: (stage, change) =>
      trace.push({ stage, changed: change.changed, created: change.created, merged: change.merged.length, deleted: change.deleted, computed: change.computed.length, segmentMoves: change.segments.length }),
  });
});
afterAll(async () => testDb?.drop());
beforeEach(() => {
  trace = [];
});

const stagesSeen = () => trace.map((entry) => entry.stage);
const order = (id: string, daysAgo: number, amount: number) => ({ id, type: 'order', occurred_at: new Date(Date.now() - daysAgo * DAY_MS).toISOString(), amount });

describe('the profile-change pipeline', () => {
  it('takes every producer of profile changes through computed traits, segments and the outbox, in that order', async () => {
    // Ingestion.
    const shop = await services.ingestion.ingest('shop', [
      { external_id: 'a', email: 'ann@mail.cn', first_name: 'Ann', events: [order('o1', 2, 600), order('o2', 3, 500)] },
      { external_id: 'b', email: 'bo@mail.cn', first_name: 'Bo' },
    ]);
    expect(stagesSeen()).toEqual(ALL_STAGES);
    expect(trace[0]).toMatchObject({ created: expect.arrayContaining(shop.profileIds) });
    // Computed traits ran first: the stages after it see what moved.
    expect(trace[1].computed).toBeGreaterThan(0);
    const [ann, bo] = shop.profileIds;

    // A whole segment evaluation: its entries go to the outbox only (it evaluated segments itself).
    trace = [];
    await services.segments.create({ name: 'buyers', definition: { computed: { key: 'order_count', op: 'GTE', value: 1 } } });
    expect(stagesSeen()).toEqual(['outbox']);
    expect(trace[0].segmentMoves).toBe(1);

    // A merge a person decides.
    trace = [];
    const merge = await services.identity.decisions.mergeProfiles(ann, bo, 'user:test');
    expect(stagesSeen()).toEqual(ALL_STAGES);
    expect(trace[0]).toMatchObject({ merged: 1 });

    // A split.
    trace = [];
    const records = await services.profileDetails.sourceRecords([merge.survivingProfileId]);
    const bosRecord = records.get(merge.survivingProfileId)!.find((record) => record.externalId === 'b')!;
    const split = await services.identity.decisions.splitProfile(merge.survivingProfileId, [bosRecord.id], 'user:test');
    expect(stagesSeen()).toEqual(ALL_STAGES);
    expect(trace[0].created).toEqual([split.profileIds[1]]);

    // The scheduled computed-trait refresh did the first stage's work itself: it goes on from segments.
    trace = [];
    const refreshed = await services.computedTraitRefresh.refresh(new Date(Date.now() + 400 * DAY_MS));
    expect(refreshed.changed).toBeGreaterThan(0);
    expect(stagesSeen()).toEqual(['segments', 'outbox']);

    // Erasure.
    trace = [];
    await services.profileErasure.deleteProfile(split.profileIds[1]);
    expect(stagesSeen()).toEqual(ALL_STAGES);
    expect(trace[0].deleted).toEqual([split.profileIds[1]]);
  });

  it('goes through the pipeline when a queued review is accepted', async () => {
    // Namesakes whose birth dates are a typo apart, in two cities: scored between the thresholds, queued for a person.
    await services.ingestion.ingest('crm', [{ external_id: 'c1', first_name: 'Min', last_name: 'Xu', date_of_birth: '1990-01-02', city: '南京' }]);
    await services.ingestion.ingest('pos', [{ external_id: 'p1', first_name: 'Min', last_name: 'Xu', date_of_birth: '1991-01-02', city: '上海' }]);
    const { rows } = await services.identity.reviews.list({ status: 'open', first: 10 });
    expect(rows).toHaveLength(1);
    trace = [];
    const resolved = await services.identity.decisions.resolveReview(rows[0].id, true, 'user:test');
    expect(resolved.decision).not.toBeNull();
    expect(stagesSeen()).toEqual(ALL_STAGES);
  });
});

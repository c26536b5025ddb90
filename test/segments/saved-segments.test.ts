import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateSegmentDocument } from '../../src/graphql/client/graphql';
import { definitionsById } from '../../src/modules/segments/segment-preview.service';
import { profileOfRecord, startTestHub, type TestHub } from '../support/hub';
import { typedClient } from '../support/typed-client';

let hub: TestHub;
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

beforeAll(async () => {
  hub = await startTestHub('saved_segments');
});
afterAll(async () => hub?.stop());

const ingest = (source: string, records: Record<string, unknown>[]) => hub.services.ingestion.ingest(source, records);
const query = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => hub.testDb.database.query<T>(text, params);
const profileOf = (source: string, externalId: string) => profileOfRecord(hub, source, externalId);
const members = async (segmentId: string) => (await query<{ profile_id: string }>('select profile_id from segment_memberships where segment_id = $1 order by profile_id', [segmentId])).map((row) => row.profile_id);
const changes = async (segmentId: string) =>
  (await query<{ profile_id: string; change: string }>('select profile_id, change from segment_changes where segment_id = $1 order by id', [segmentId])).map((row) => `${row.change} ${row.profile_id}`);
/** The members a fresh evaluation of the definition gives now. */
const evaluated = async (segmentId: string) => {
  const saved = await hub.services.segments.list();
  const prepared = hub.services.segmentPreview.prepareSaved(
    saved.find((segment) => segment.id === segmentId)!.definition,
    new Date(),
    await hub.services.segmentPreview.traitTypes(),
    [],
    'population',
    definitionsById(saved),
  );
  return (await hub.services.segmentPreview.list(prepared, 500)).map((profile) => profile.id);
};

describe('saved segments', () => {
  it('compute their members when created, and list them on the segment, on profiles and through profiles(segment:)', async () => {
    await ingest('shop', [
      { external_id: 'a', email: 'a@mail.cn', city: 'Shanghai', events: [{ id: 'a1', type: 'order', occurred_at: daysAgo(3), amount: 50 }] },
      { external_id: 'b', email: 'b@mail.cn', city: 'Shanghai' },
      { external_id: 'c', email: 'c@mail.cn', city: 'Hangzhou', events: [{ id: 'c1', type: 'order', occurred_at: daysAgo(5), amount: 20 }] },
    ]);
    const created = (
      await typedClient(hub.url, hub.keys.admin)(CreateSegmentDocument, {
        input: { name: 'Shanghai buyers', definition: { all: [{ trait: { key: 'city', op: 'EQ', value: 'Shanghai' } }, { event: { type: 'order', withinDays: 30 } }] } },
      })
    ).createSegment;
    const a = await profileOf('shop', 'a');
    expect(created).toMatchObject({ name: 'Shanghai buyers', count: 1, timeRelative: true, profiles: { totalCount: 1, edges: [{ node: { id: a } }] } });
    expect(await changes(created.id)).toEqual([`entered ${a}`]);

    const { body } = await hub.graphql('query($id: ID!, $segment: ID!) { profile(id: $id) { segments { id name } } profiles(segment: $segment) { totalCount } }', { id: a, segment: created.id });
    expect(body.data).toEqual({ profile: { segments: [{ id: created.id, name: 'Shanghai buyers' }] }, profiles: { totalCount: 1 } });
  });

  it('follow profile changes: a record that starts to match enters, a change that stops it exits, a merge carries membership', async () => {
    // A definition may only name traits the store knows: the POS has sent tiers before.
    await ingest('pos', [{ external_id: 'm0', phone: '139 0000 0000', traits: { tier: 'silver' } }]);
    const { body } = await hub.graphql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id count } }', {
      input: { name: 'Gold members', definition: { trait: { key: 'tier', op: 'EQ', value: 'gold' } } },
    });
    const segment = body.data.createSegment.id;
    expect(body.data.createSegment.count).toBe(0);

    await ingest('pos', [{ external_id: 'm1', phone: '139 0000 1111', traits: { tier: 'gold' } }]);
    const member = await profileOf('pos', 'm1');
    expect(await members(segment)).toEqual([member]);

    await ingest('pos', [{ external_id: 'm1', phone: '139 0000 1111', traits: { tier: 'silver' } }]);
    expect(await members(segment)).toEqual([]);
    expect(await changes(segment)).toEqual([`entered ${member}`, `exited ${member}`]);

    // A person merges the POS member with shop customer b (who is no gold member): the survivor holds the tier.
    await ingest('pos', [{ external_id: 'm1', phone: '139 0000 1111', traits: { tier: 'gold' } }]);
    const b = await profileOf('shop', 'b');
    await hub.services.identity.decisions.mergeProfiles(b, member, 'test');
    const survivor = await profileOf('pos', 'm1');
    expect(await profileOf('shop', 'b')).toBe(survivor);
    expect(await members(segment)).toEqual([survivor]);
    expect(await members(segment)).toEqual(await evaluated(segment));
    // Split off again, the POS record's new profile is the member, and the other one is not.
    const split = await hub.services.identity.decisions.splitProfile(survivor, [(await query<{ id: string }>("select id from source_records where external_id = 'm1'"))[0].id], 'test');
    expect(await members(segment)).toEqual([split.profileIds[1]]);
    expect(await members(segment)).toEqual(await evaluated(segment));
    expect([member, b]).toContain(survivor);
  });

  it('keep members equal to a fresh evaluation after any sequence of ingestions, whatever the segment reads', async () => {
    // One segment on record-derived data, one on computed traits alone (a change re-evaluates it only for
    // profiles whose computed traits moved, or that were created or merged away), one on both.
    const definitions = {
      records: { any: [{ all: [{ source: { name: 'crm' } }, { not: { trait: { key: 'city', op: 'EXISTS' } } }] }, { event: { type: 'order', count: { gte: 2 } } }] },
      computed: { not: { computed: { key: 'order_count', op: 'GTE', value: 2 } } },
      both: { all: [{ computed: { key: 'order_count', op: 'GTE', value: 1 } }, { trait: { key: 'city', op: 'EXISTS' } }] },
    };
    const segments: string[] = [];
    for (const [name, definition] of Object.entries(definitions)) {
      const { body } = await hub.graphql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id } }', { input: { name: `property ${name}`, definition } });
      segments.push(body.data.createSegment.id);
    }
    const step = fc.record({
      source: fc.constantFrom('shop', 'crm'),
      id: fc.constantFrom('p1', 'p2', 'p3', 'p4'),
      email: fc.constantFrom('x@mail.cn', 'y@mail.cn', undefined),
      city: fc.constantFrom('Shanghai', undefined),
      orders: fc.integer({ min: 0, max: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        for (const { source, id, email, city, orders } of steps) {
          const events = Array.from({ length: orders }, (_, index) => ({ id: `${id}-o${index}`, type: 'order', occurred_at: daysAgo(index + 1) }));
          await ingest(source, [{ external_id: `prop-${id}`, email, city, events }]);
        }
        for (const segment of segments) expect(await members(segment)).toEqual(await evaluated(segment));
      }),
      { numRuns: 25 },
    );
  });

  it('lose members that time moved out once the scheduled refresh runs', async () => {
    const { body } = await hub.graphql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id count } }', {
      input: { name: 'Recent buyers', definition: { event: { type: 'order', withinDays: 7 } } },
    });
    const segment = body.data.createSegment.id;
    const before = await members(segment);
    expect(before).toContain(await profileOf('shop', 'a'));
    // Ten days pass for shop customer a's order.
    await query("update events set occurred_at = occurred_at - interval '10 days' where event_key = 'a1'");
    expect(await members(segment)).toEqual(before);
    await hub.services.intervalJobs.find((job) => job.handlers()['segments-refresh'])!.handlers()['segments-refresh']!({}, { attempt: 1, finalAttempt: true });
    expect(await members(segment)).not.toContain(await profileOf('shop', 'a'));
    expect(await members(segment)).toEqual(await evaluated(segment));
  });

  it('refuse a writer without the segments scope, a taken name, an invalid definition and an unknown id', async () => {
    const create = 'mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id } }';
    const denied = await hub.graphql(create, { input: { name: 'x', definition: { source: { name: 'shop' } } } }, hub.keys.read);
    expect(denied.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const taken = await hub.graphql(create, { input: { name: 'Gold members', definition: { source: { name: 'shop' } } } });
    expect(taken.body.errors[0]).toMatchObject({ message: "A segment named 'Gold members' exists already; pick another name or update that one.", extensions: { code: 'CONFLICT' } });
    const invalid = await hub.graphql(create, { input: { name: 'y', definition: { all: [] } } });
    expect(invalid.body.errors[0]).toMatchObject({ message: "definition.all: 'all' needs at least one condition", extensions: { code: 'BAD_USER_INPUT' } });
    const unknown = await hub.graphql('mutation { updateSegment(id: "seg_nope", input: { name: "z" }) { id } }');
    expect(unknown.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await hub.graphql('mutation { deleteSegment(id: "seg_nope") }')).body.data.deleteSegment).toBe(false);
    const unknownSegment = await hub.graphql('{ profiles(segment: "seg_nope") { totalCount } }');
    expect(unknownSegment.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('re-compute members when the definition changes, recording who entered and who left', async () => {
    const { body } = await hub.graphql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id count } }', {
      input: { name: 'Hangzhou', definition: { trait: { key: 'city', op: 'EQ', value: 'Hangzhou' } } },
    });
    const segment = body.data.createSegment.id;
    const c = await profileOf('shop', 'c');
    expect(await members(segment)).toEqual([c]);
    const updated = await hub.graphql('mutation($id: ID!, $input: UpdateSegmentInput!) { updateSegment(id: $id, input: $input) { name count definition } }', {
      id: segment,
      input: { name: 'Shanghai', definition: { trait: { key: 'city', op: 'EQ', value: 'Shanghai' } } },
    });
    expect(updated.body.data.updateSegment).toMatchObject({ name: 'Shanghai', definition: { trait: { key: 'city', op: 'EQ', value: 'Shanghai' } } });
    expect(await members(segment)).toEqual(await evaluated(segment));
    expect((await changes(segment)).filter((change) => change.startsWith('exited'))).toEqual([`exited ${c}`]);
    expect((await hub.graphql('mutation($id: ID!) { deleteSegment(id: $id) }', { id: segment })).body.data.deleteSegment).toBe(true);
    expect(await members(segment)).toEqual([]);
  });

  it('take a saved segment as a condition, follow it when it changes, and refuse cycles, unknown ids and deleting what is in use', async () => {
    const create = (name: string, definition: unknown) => hub.graphql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id count } }', { input: { name, definition } });
    const shanghai = (await create('In Shanghai', { trait: { key: 'city', op: 'EQ', value: 'Shanghai' } })).body.data.createSegment.id;
    const buyers = (await create('Shanghai buyers again', { all: [{ segment: { id: shanghai } }, { event: { type: 'order' } }] })).body.data.createSegment.id;
    expect(await members(buyers)).toEqual(await evaluated(buyers));
    expect((await members(buyers)).length).toBeGreaterThan(0);
    expect(await members(buyers)).not.toContain(await profileOf('shop', 'c'));

    // The named segment changes: the one that names it is re-evaluated with it.
    await hub.services.segments.update(shanghai, { definition: { trait: { key: 'city', op: 'EQ', value: 'Hangzhou' } } });
    expect(await members(buyers)).toEqual(await evaluated(buyers));
    expect(await members(buyers)).toContain(await profileOf('shop', 'c'));

    // And it follows profile changes like any other segment.
    await ingest('shop', [{ external_id: 'hz-new', email: 'hz@mail.cn', city: 'Hangzhou', events: [{ id: 'hz1', type: 'order', occurred_at: daysAgo(1), amount: 9 }] }]);
    expect(await members(buyers)).toContain(await profileOf('shop', 'hz-new'));
    expect(await members(buyers)).toEqual(await evaluated(buyers));

    const cycle = await hub.graphql('mutation($id: ID!, $input: UpdateSegmentInput!) { updateSegment(id: $id, input: $input) { id } }', { id: shanghai, input: { definition: { not: { segment: { id: buyers } } } } });
    expect(cycle.body.errors[0]).toMatchObject({ message: expect.stringContaining(`leads back to itself (${shanghai} → ${buyers} → ${shanghai})`), extensions: { code: 'BAD_USER_INPUT' } });
    const unknown = await create('Nobody', { segment: { id: 'seg_missing' } });
    expect(unknown.body.errors[0].message).toBe('definition.segment.id: no saved segment seg_missing; the segments query lists them');
    const inUse = await hub.graphql('mutation($id: ID!) { deleteSegment(id: $id) }', { id: shanghai });
    expect(inUse.body.errors[0]).toMatchObject({ message: expect.stringContaining("is used by 'Shanghai buyers again'"), extensions: { code: 'CONFLICT' } });
  });
});

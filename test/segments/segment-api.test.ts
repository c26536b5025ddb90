import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreviewSegmentDocument } from '../../src/graphql/client/graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { typedClient } from '../support/typed-client';

let hub: TestHub;
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
const order = (id: string, days: number, amount: number) => ({ id, type: 'order', occurred_at: daysAgo(days), amount });

beforeAll(async () => {
  hub = await startTestHub('segment_api');
  await hub.services.ingestion.ingest('shop', [
    { external_id: 'a', email: 'a@mail.cn', city: 'Shanghai', events: [order('a1', 10, 120), order('a2', 40, 80)] },
    { external_id: 'b', email: 'b@mail.cn', city: 'Shanghai', events: [order('b1', 400, 99)] },
    { external_id: 'c', email: 'c@mail.cn', city: 'Hangzhou', events: [order('c1', 100, 15), { id: 'c2', type: 'interaction', occurred_at: daysAgo(2), properties: { kind: 'comment' } }] },
    { external_id: 'd', email: 'd@mail.cn', city: 'Shanghai' },
  ]);
  await hub.services.ingestion.ingest('pos', [{ external_id: 'm-a', email: 'a@mail.cn', traits: { tier: 'gold', points: 1200 } }]);
});
afterAll(async () => hub?.stop());

const preview = (definition: unknown, sample = 10) => typedClient(hub.url, hub.keys.read)(PreviewSegmentDocument, { definition: definition as never, sample });

describe('previewSegment', () => {
  it('counts the profiles with an order in the last 365 days as a direct query does', async () => {
    const { previewSegment } = await preview({ all: [{ event: { type: 'order', withinDays: 365, count: { gte: 1 } } }] });
    const [{ count }] = await hub.testDb.database.query<{ count: number }>(
      `select count(distinct p.id)::int as count from profiles p join events e on e.profile_id = p.id
        where p.merged_into_id is null and e.type = 'order' and e.occurred_at >= now() - interval '365 days'`,
    );
    expect(count).toBe(2);
    expect(previewSegment.count).toBe(count);
  });

  it('combines traits, events with amounts, sources and negation, and samples the matches in creation order', async () => {
    const definition = {
      all: [
        { trait: { key: 'city', op: 'EQ', value: 'Shanghai' } },
        { event: { type: 'order', withinDays: 90, sumAmount: { gte: 150 } } },
        { source: { name: 'pos' } },
        { not: { trait: { key: 'points', op: 'LT', value: 1000 } } },
      ],
    };
    const { previewSegment } = await preview(definition);
    expect(previewSegment.count).toBe(1);
    expect(previewSegment.sample[0].traits.find((trait) => trait.key === 'tier')?.value).toBe('gold');

    const everyone = await preview({ any: [{ identity: { type: 'email' } }] }, 2);
    expect(everyone.previewSegment.count).toBe(4);
    expect(everyone.previewSegment.sample.map((profile) => profile.id)).toEqual([...everyone.previewSegment.sample.map((profile) => profile.id)].sort());
    expect(everyone.previewSegment.sample).toHaveLength(2);
    const none = await preview({ event: { type: 'order', count: { lte: 0 } } });
    expect(none.previewSegment.count).toBe(1);
  });

  it('refuses an invalid definition with the path of the condition at fault, and a reader without the scope', async () => {
    const unknown = await hub.graphql('query($d: SegmentConditionInput!) { previewSegment(definition: $d) { count } }', {
      d: { all: [{ trait: { key: 'favourite_colour', op: 'EQ', value: 'red' } }] },
    });
    expect(unknown.body.errors[0]).toMatchObject({ message: expect.stringMatching(/^definition\.all\[0\]\.trait\.key: unknown trait 'favourite_colour'; known traits: .*city/), extensions: { code: 'BAD_USER_INPUT' } });
    const empty = await hub.graphql('{ previewSegment(definition: { any: [] }) { count } }');
    expect(empty.body.errors[0]).toMatchObject({ message: "definition.any: 'any' needs at least one condition", extensions: { code: 'BAD_USER_INPUT' } });
    const operator = await hub.graphql('{ previewSegment(definition: { trait: { key: "city", op: LIKE, value: "x" } }) { count } }');
    expect(operator.body.errors[0].message).toMatch(/ConditionOperator/);
    const big = await hub.graphql('{ previewSegment(definition: { source: { name: "shop" } }) { sample(first: 1000) { id } } }');
    expect(big.body.errors[0]).toMatchObject({ message: 'sample(first) must be from 1 to 100.', extensions: { code: 'BAD_USER_INPUT' } });
    const anonymous = await hub.graphql('{ previewSegment(definition: { source: { name: "shop" } }) { count } }', undefined, hub.keys.write);
    expect(anonymous.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

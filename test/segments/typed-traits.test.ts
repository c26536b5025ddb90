import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileOfRecord, startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub('typed_traits');
});
afterAll(async () => hub?.stop());

const ingest = (source: string, records: Record<string, unknown>[]) => hub.services.ingestion.ingest(source, records);
const preview = async (trait: Record<string, unknown>) => hub.graphql('query($d: SegmentConditionInput!) { previewSegment(definition: $d) { count sample(first: 100) { id } } }', { d: { trait } });
const ids = async (trait: Record<string, unknown>) => {
  const { body } = await preview(trait);
  if (body.errors) throw new Error(body.errors[0].message);
  return (body.data.previewSegment.sample as { id: string }[]).map((profile) => profile.id).sort();
};
const traitOf = async (profileId: string, key: string) => {
  const { body } = await hub.graphql('query($id: ID!) { profile(id: $id) { traits { key value } } }', { id: profileId });
  return (body.data.profile.traits as { key: string; value: unknown }[]).find((trait) => trait.key === key)?.value;
};

describe('typed traits', () => {
  it('compare a numeric key as numbers whatever JSON type its values and the condition used', async () => {
    // points (declared a number by pos-file) as a CSV gives it, as a JSON number, and one value that is no number.
    const points: [string, unknown][] = [
      ['p134', '134'],
      ['p230', 230],
      ['p492', '492'],
      ['p9999', '9999.5'],
      ['p10000s', '10000'],
      ['p10000n', 10000],
      ['p25000', '25000'],
      ['pna', 'n/a'],
    ];
    await ingest('csv', points.map(([id, value], index) => ({ external_id: id, email: `${id}@mail.cn`, phone: `139 0000 ${String(index).padStart(4, '0')}`, traits: { points: value } })));
    const profile = Object.fromEntries(await Promise.all(points.map(async ([id]) => [id, await profileOfRecord(hub, 'csv', id)] as const)));
    const expected = [profile.p10000s, profile.p10000n, profile.p25000].sort();

    // As text, "134" >= "10000": the bug this fixes. Both spellings of the bound now give the same three.
    expect(await ids({ key: 'points', op: 'GTE', value: '10000' })).toEqual(expected);
    expect(await ids({ key: 'points', op: 'GTE', value: 10000 })).toEqual(expected);
    expect(await ids({ key: 'points', op: 'LT', value: '500' })).toEqual([profile.p134, profile.p230, profile.p492].sort());
    expect(await ids({ key: 'points', op: 'EQ', value: '10000.0' })).toEqual([profile.p10000s, profile.p10000n].sort());
    expect(await ids({ key: 'points', op: 'IN', value: ['230', 492] })).toEqual([profile.p230, profile.p492].sort());
    // Stored as a number, as the API returns it; the value that is no number is kept, and matches no numeric test.
    expect(await traitOf(profile.p10000s, 'points')).toBe(10000);
    expect(await traitOf(profile.pna, 'points')).toBe('n/a');
    expect(await ids({ key: 'points', op: 'NEQ', value: 10000 })).toEqual([profile.p134, profile.p230, profile.p492, profile.p9999, profile.p25000, profile.pna].sort());
  });

  it('keep member numbers text: "00123" stays "00123", and a number asks for its own text', async () => {
    await ingest('csv', [
      { external_id: 'm1', email: 'm1@mail.cn', traits: { member_no: '00123', member_card: '00123' } },
      { external_id: 'm2', email: 'm2@mail.cn', traits: { member_no: '123', member_card: '123' } },
    ]);
    const m1 = await profileOfRecord(hub, 'csv', 'm1');
    const m2 = await profileOfRecord(hub, 'csv', 'm2');
    expect(await traitOf(m1, 'member_no')).toBe('00123');
    expect(await traitOf(m1, 'member_card')).toBe('00123');
    expect(await ids({ key: 'member_no', op: 'EQ', value: '00123' })).toEqual([m1]);
    expect(await ids({ key: 'member_card', op: 'EQ', value: 123 })).toEqual([m2]);
  });

  it('infer a key nothing declares as a number while every value is a plain number, and as text from the first that is not', async () => {
    await ingest('csv', [
      { external_id: 'v1', email: 'v1@mail.cn', traits: { visits: '3' } },
      { external_id: 'v2', email: 'v2@mail.cn', traits: { visits: 12 } },
    ]);
    const v2 = await profileOfRecord(hub, 'csv', 'v2');
    expect(await ids({ key: 'visits', op: 'GTE', value: '10' })).toEqual([v2]);

    await ingest('csv', [{ external_id: 'v3', email: 'v3@mail.cn', traits: { visits: '007' } }]);
    expect(await traitOf(await profileOfRecord(hub, 'csv', 'v3'), 'visits')).toBe('007');
    const { body } = await preview({ key: 'visits', op: 'GTE', value: '10' });
    expect(body.errors[0]).toMatchObject({
      message: "definition.trait.op: GTE does not apply: trait 'visits' is text (inferred from its values); use EXISTS, EQ, NEQ, IN, CONTAINS",
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('refuse a comparison that does not fit the key, naming the key, its type and the operator', async () => {
    await ingest('csv', [{ external_id: 'c1', email: 'c1@mail.cn', postcode: '0123456', traits: { member_card: '6225880123456789' } }]);
    const cases: [Record<string, unknown>, string][] = [
      [{ key: 'member_card', op: 'GTE', value: '10000' }, "definition.trait.op: GTE does not apply: trait 'member_card' is text (declared by pos-file); use EXISTS, EQ, NEQ, IN, CONTAINS"],
      [{ key: 'postcode', op: 'LT', value: '2' }, "definition.trait.op: LT does not apply: trait 'postcode' is text (a canonical field); use EXISTS, EQ, NEQ, IN, CONTAINS"],
      [{ key: 'points', op: 'GTE', value: 'lots' }, 'definition.trait.value: trait \'points\' is a number (declared by pos-file); GTE needs a number, not "lots"'],
      [{ key: 'points', op: 'CONTAINS', value: '1' }, "definition.trait.op: CONTAINS does not apply: trait 'points' is a number (declared by pos-file); use EXISTS, EQ, NEQ, IN, GT, GTE, LT, LTE"],
    ];
    for (const [trait, message] of cases) {
      const { body } = await preview(trait);
      expect(body.data).toBeNull();
      expect(body.errors[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
    }
  });

  it('answer traitDefinitions with each key, its type and where the type comes from', async () => {
    const { body } = await hub.graphql('{ traitDefinitions { key type origin connectors } }', {}, hub.keys.read);
    const byKey = new Map((body.data.traitDefinitions as { key: string }[]).map((definition) => [definition.key, definition]));
    expect(byKey.get('points')).toEqual({ key: 'points', type: 'NUMBER', origin: 'CONNECTOR', connectors: ['pos-file'] });
    expect(byKey.get('member_card')).toEqual({ key: 'member_card', type: 'TEXT', origin: 'CONNECTOR', connectors: ['pos-file'] });
    expect(byKey.get('postcode')).toEqual({ key: 'postcode', type: 'TEXT', origin: 'CANONICAL', connectors: [] });
    expect(byKey.get('date_of_birth')).toMatchObject({ type: 'DATE', origin: 'CANONICAL' });
    expect(byKey.get('member_no')).toEqual({ key: 'member_no', type: 'TEXT', origin: 'INFERRED', connectors: [] });
    expect(byKey.get('visits')).toEqual({ key: 'visits', type: 'TEXT', origin: 'INFERRED', connectors: [] });
    const { body: refused } = await hub.graphql('{ traitDefinitions { key } }', {}, null);
    expect(refused.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('keep a saved segment on a key that turned text: it matches no one on it, and ingestion goes on', async () => {
    await ingest('csv', [{ external_id: 's1', email: 's1@mail.cn', traits: { stamps: '4' } }]);
    const { body } = await hub.graphql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id count } }', {
      input: { name: 'Stamp collectors', definition: { trait: { key: 'stamps', op: 'GTE', value: 2 } } },
    });
    expect(body.data.createSegment.count).toBe(1);
    const result = await ingest('csv', [{ external_id: 's2', email: 's2@mail.cn', traits: { stamps: 'A12' } }]);
    expect(result.rejected).toBe(0);
    const segment = body.data.createSegment.id as string;
    await hub.services.segments.refresh([segment]);
    expect((await hub.services.segments.countMembers([segment])).get(segment) ?? 0).toBe(0);
  });
});

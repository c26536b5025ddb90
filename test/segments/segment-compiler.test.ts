import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TraitTypes } from '../../src/modules/profiles';
import { compileSegment, NUMBER_PATTERN, type CompiledShape } from '../../src/modules/segments/segment-compiler';
import { CONDITION_OPERATORS, validateSegment, type SegmentConditionInput, type SegmentVocabulary, type ValueConditionInput } from '../../src/modules/segments/segment-definition';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { evaluateSegment, type ProfileFacts } from './segment-evaluator';

let testDb: TestDatabase;
const NOW = new Date('2026-12-01T12:00:00Z');
const DAY_MS = 86_400_000;

const TRAIT_KEYS = ['city', 'points', 'tier', 'first_name', 'signup'];
const COMPUTED_KEYS = ['order_count', 'rfm_group', 'portrait_tags', 'interaction_count.wecom'];
const TEXTS = ['Shanghai', 'shanghai', 'Hangzhou', 'hai', '5', '7', '-2.5', '10', '10.00', 'gold', 'Gold', '2026-03-01', '2025-11-30', '王芳', '芳', ''];
const NUMBERS = [-3, -2.5, 0, 5, 7, 10, 12.75];
// points is numeric (its stored values that are numbers carry value_number, the others not), signup a date, the rest text.
const traitTypes = new TraitTypes(
  new Map([['signup', { key: 'signup', type: 'date', origin: 'connector', connectors: ['shop'] }]]),
  new Map([
    ['city', 'text'],
    ['points', 'number'],
    ['tier', 'text'],
    ['first_name', 'text'],
  ]),
);
const vocabulary: SegmentVocabulary = { traitKeys: new Set(TRAIT_KEYS), traitTypes, eventTypes: ['order', 'interaction'], identityTypes: ['email', 'phone', 'wechat_unionid'] };
const NUMERIC_TEXTS = TEXTS.filter((text) => new RegExp(NUMBER_PATTERN).test(text));
const DATES = ['2026-03-01', '2025-11-30', '2026-01-15'];

const scalar = fc.oneof(fc.constantFrom(...TEXTS), fc.constantFrom(...NUMBERS), fc.boolean());
const valueCondition = (keys: string[]): fc.Arbitrary<ValueConditionInput> =>
  fc.constantFrom(...CONDITION_OPERATORS).chain((op): fc.Arbitrary<ValueConditionInput> => {
    const key = fc.constantFrom(...keys);
    switch (op) {
      case 'EXISTS':
        return fc.record({ key, op: fc.constant(op) });
      case 'IN':
        return fc.record({ key, op: fc.constant(op), value: fc.array(scalar, { minLength: 1, maxLength: 4 }) });
      case 'CONTAINS':
        return fc.record({ key, op: fc.constant(op), value: fc.constantFrom(...TEXTS.filter(Boolean)) });
      case 'EQ':
      case 'NEQ':
        return fc.record({ key, op: fc.constant(op), value: scalar });
      default:
        return fc.record({ key, op: fc.constant(op), value: fc.oneof(fc.constantFrom(...TEXTS), fc.constantFrom(...NUMBERS)) });
    }
  });
const range = fc.oneof(
  fc.record({ gte: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ lte: fc.integer({ min: 0, max: 4 }) }),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([a, b]) => ({ gte: Math.min(a, b), lte: Math.max(a, b) })),
);
const amountRange = fc.oneof(fc.record({ gte: fc.integer({ min: 0, max: 600 }) }), fc.record({ lte: fc.integer({ min: 0, max: 600 }) }));
const eventCondition = fc.record(
  {
    type: fc.constantFrom('order', 'interaction'),
    withinDays: fc.constantFrom(7, 30, 90, 365),
    between: fc.constantFrom({ from: '2026-01-01T00:00:00Z' }, { to: '2026-06-01T00:00:00Z' }, { from: '2026-03-01T00:00:00Z', to: '2026-10-01T00:00:00Z' }),
    where: fc.array(valueCondition(['channel', 'rating']), { maxLength: 2 }),
    count: range,
    sumAmount: amountRange,
  },
  { requiredKeys: ['type'] },
);
/** Trait conditions that fit their keys' types: any comparison on points (numbers, or text that is one), dates on signup, no order on text. */
const traitCondition: fc.Arbitrary<ValueConditionInput> = fc.oneof(
  valueCondition(['city', 'tier', 'first_name', 'signup']).filter((condition) => !['GT', 'GTE', 'LT', 'LTE'].includes(condition.op)),
  fc.record({ key: fc.constant('signup'), op: fc.constantFrom('GT' as const, 'GTE' as const, 'LT' as const, 'LTE' as const), value: fc.constantFrom(...DATES) }),
  fc
    .record({ op: fc.constantFrom(...CONDITION_OPERATORS.filter((op) => op !== 'CONTAINS')), value: fc.oneof(fc.constantFrom(...NUMBERS), fc.constantFrom(...NUMERIC_TEXTS)), list: fc.array(fc.oneof(fc.constantFrom(...NUMBERS), fc.constantFrom(...NUMERIC_TEXTS)), { minLength: 1, maxLength: 4 }) })
    .map(({ op, value, list }): ValueConditionInput => (op === 'EXISTS' ? { key: 'points', op } : { key: 'points', op, value: op === 'IN' ? list : value })),
);
const leaf: fc.Arbitrary<SegmentConditionInput> = fc.oneof(
  traitCondition.map((trait) => ({ trait })),
  eventCondition.map((event) => ({ event })),
  fc.constantFrom('email', 'phone', 'wechat_unionid').map((type) => ({ identity: { type } })),
  fc.constantFrom('shop', 'pos', 'crm').map((name) => ({ source: { name } })),
  valueCondition(COMPUTED_KEYS).map((computed) => ({ computed })),
);
const definition: fc.Arbitrary<SegmentConditionInput> = fc.letrec<{ node: SegmentConditionInput }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    tie('node').map((not) => ({ not })),
  ),
})).node.filter((node) => depthOf(node) <= 6);

function depthOf(node: SegmentConditionInput): number {
  const children = [...(node.all ?? []), ...(node.any ?? []), ...(node.not ? [node.not] : [])];
  return 1 + Math.max(0, ...children.map(depthOf));
}

const profileFacts = (id: string): fc.Arbitrary<ProfileFacts> =>
  fc.record({
    id: fc.constant(id),
    merged: fc.boolean().map((merged) => merged && id.endsWith('7')),
    traits: fc.dictionary(fc.constantFrom(...TRAIT_KEYS), fc.constantFrom(...TEXTS.filter(Boolean)), { maxKeys: 4 }),
    computed: fc.dictionary(fc.constantFrom(...COMPUTED_KEYS), fc.constantFrom(...TEXTS.filter(Boolean)), { maxKeys: 2 }),
    events: fc.array(
      fc.record({
        type: fc.constantFrom('order', 'interaction'),
        occurredAt: fc.integer({ min: 0, max: 420 }).map((days) => new Date(NOW.getTime() - days * DAY_MS - 3_600_000)),
        amountCents: fc.option(fc.integer({ min: 0, max: 30_000 }), { nil: null }),
        properties: fc.dictionary(fc.constantFrom('channel', 'rating'), fc.oneof(fc.constantFrom('wechat', 'weibo', 'pos', 'WeChat'), fc.integer({ min: 1, max: 5 })), { maxKeys: 2 }),
      }),
      { maxLength: 5 },
    ),
    identityTypes: fc.subarray(['email', 'phone', 'wechat_unionid']),
    sources: fc.subarray(['shop', 'pos', 'crm'], { minLength: 1 }),
  });

let population: ProfileFacts[];

beforeAll(async () => {
  testDb = await createTestDatabase('segment_compiler');
  population = fc.sample(fc.tuple(...Array.from({ length: 120 }, (_, index) => profileFacts(`prof_${String(index).padStart(3, '0')}`))), { numRuns: 1, seed: 20261202 })[0];
  await store(population);
});
afterAll(async () => testDb?.drop());

async function store(profiles: ProfileFacts[]): Promise<void> {
  const db = testDb.database;
  await db.query('insert into profiles (id) select unnest($1::text[])', [profiles.map((profile) => profile.id)]);
  const survivor = profiles.find((profile) => !profile.merged)!.id;
  await db.query('update profiles set merged_into_id = $1 where id = any($2::text[])', [survivor, profiles.filter((profile) => profile.merged).map((profile) => profile.id)]);
  await db.copyRows(
    'source_records',
    ['id', 'source', 'external_id', 'profile_id', 'payload', 'content_hash'],
    profiles.flatMap((profile) => profile.sources.map((source) => [`sr_${profile.id}_${source}`, source, profile.id, profile.id, '{}', 'x'])),
  );
  await db.copyRows(
    'traits',
    ['profile_id', 'key', 'value', 'value_text', 'value_number', 'source', 'source_record_id', 'observed_at', 'rule'],
    profiles.flatMap((profile) =>
      Object.entries(profile.traits).map(([key, text]) => {
        // As the trait store writes them: a numeric key's numbers carry value_number; its other values do not.
        const number = traitTypes.typeOf(key) === 'number' && new RegExp(NUMBER_PATTERN).test(text) ? text : null;
        return [profile.id, key, JSON.stringify(number === null ? text : Number(text)), text, number, 'shop', 'sr', NOW, 'most_recent'];
      }),
    ),
  );
  await db.copyRows(
    'computed_traits',
    ['profile_id', 'key', 'value', 'value_text', 'lineage'],
    profiles.flatMap((profile) => Object.entries(profile.computed).map(([key, text]) => [profile.id, key, JSON.stringify(text), text, '{}'])),
  );
  await db.copyRows(
    'events',
    ['id', 'profile_id', 'source_record_id', 'source', 'event_key', 'type', 'occurred_at', 'amount', 'properties'],
    profiles.flatMap((profile) =>
      profile.events.map((event, index) => [
        `evt_${profile.id}_${index}`,
        profile.id,
        `sr_${profile.id}`,
        'shop',
        String(index),
        event.type,
        event.occurredAt,
        event.amountCents === null ? null : (event.amountCents / 100).toFixed(2),
        event.properties,
      ]),
    ),
  );
  await db.copyRows(
    'identities',
    ['id', 'profile_id', 'type', 'value', 'raw_value', 'source', 'source_record_id'],
    profiles.flatMap((profile) => profile.identityTypes.map((type) => [`idn_${profile.id}_${type}`, profile.id, type, `${type}-${profile.id}`, 'raw', 'shop', 'sr'])),
  );
}

async function matchingIds(input: SegmentConditionInput, shape: CompiledShape = 'population'): Promise<string[]> {
  const { where, params } = compileSegment(validateSegment(input, vocabulary), NOW, [], shape);
  const rows = await testDb.database.query<{ id: string }>(`select p.id from profiles p where p.merged_into_id is null and ${where} order by p.id`, params);
  return rows.map((row) => row.id);
}

describe('the segment compiler', () => {
  it.each(['population', 'profiles'] as const)('selects exactly the profiles the brute-force evaluator selects, for random definitions (%s shape)', async (shape) => {
    let nonTrivial = 0;
    await fc.assert(
      fc.asyncProperty(definition, async (input) => {
        const segment = validateSegment(input, vocabulary);
        const expected = population.filter((profile) => !profile.merged && evaluateSegment(segment, profile, NOW)).map((profile) => profile.id);
        if (expected.length > 0 && expected.length < population.length - 10) nonTrivial++;
        expect(await matchingIds(input, shape)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
    // The definitions did split the population, rather than match all or nothing.
    expect(nonTrivial).toBeGreaterThan(100);
  });

  it('compares a numeric trait on the traits (key, value_number) index, a range rather than a test of every value of the key', async () => {
    const { where, params } = compileSegment(validateSegment({ trait: { key: 'points', op: 'GTE', value: '7' } }, vocabulary), NOW);
    const plan = await testDb.database.transaction(async (tx) => {
      // 120 profiles fit in a page: without this the planner rightly reads the table; the question is which index a large store gets.
      await tx.query('set local enable_seqscan = off');
      return tx.query<{ 'QUERY PLAN': string }>(`explain select count(*) from profiles p where p.merged_into_id is null and ${where}`, params);
    });
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index Only Scan using traits_key_value_number_idx on traits t/);
    expect(text).toMatch(/Index Cond: \(\(key = \$1\) AND \(value_number >= \$2\)\)|Index Cond: \(\(key = 'points'::text\) AND \(value_number >= '7'::numeric\)\)/);
  });

  it('keeps every string of a definition out of the SQL text: an injection attempt is just a value that matches nothing', async () => {
    const attacks = ["'; drop table profiles; --", "x' or '1'='1", '$1', '\\', '") or true --', "city' or 1=1 --"];
    for (const attack of attacks) {
      const inputs: SegmentConditionInput[] = [
        { trait: { key: 'city', op: 'EQ', value: attack } },
        { trait: { key: 'city', op: 'CONTAINS', value: attack } },
        { trait: { key: 'city', op: 'IN', value: [attack, 'Shanghai'] } },
        { trait: { key: 'city', op: 'NEQ', value: attack } },
        { trait: { key: 'first_name', op: 'IN', value: [attack] } },
        { event: { type: 'order', where: [{ key: attack, op: 'EQ', value: attack }] } },
        { source: { name: attack } },
        { computed: { key: 'rfm_group', op: 'EQ', value: attack } },
      ];
      for (const input of inputs) {
        const { where, params } = compileSegment(validateSegment(input, vocabulary), NOW);
        // '$1' and a lone backslash occur in any statement (placeholders, the number pattern): the others must not.
        if (attack.length > 2) expect(where).not.toContain(attack);
        expect(params.flat()).toContain(attack);
      }
      expect(await matchingIds({ trait: { key: 'city', op: 'EQ', value: attack } })).toEqual([]);
      expect(await matchingIds({ source: { name: attack } })).toEqual([]);
      expect(await matchingIds({ event: { type: 'order', where: [{ key: attack, op: 'EXISTS' }] } })).toEqual([]);
    }
    const [{ count }] = await testDb.database.query<{ count: number }>('select count(*)::int as count from profiles');
    expect(count).toBe(population.length);
  });
});

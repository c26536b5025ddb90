import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveRecords } from './engine';
import type { ModelParameters } from './fellegi-sunter';
import { FIELD_COMPARISONS } from './field-comparisons';
import { resolutionConfig } from './resolution-config';
import type { ResolutionRecord } from './resolution-record';
import { recordsArbitrary } from '../../../test/support/resolution-records.arbitrary';

const record = (id: string, fields: ResolutionRecord['fields'], source = 'shop', externalId?: string): ResolutionRecord => ({ id, source, externalId, fields });

// A configured model keeps these small examples independent of what EM would make of five records.
const model: ModelParameters = {
  prior: 0.1,
  fields: Object.fromEntries(
    FIELD_COMPARISONS.map(({ field, levels }) => {
      const m = levels.map((_, level) => (level === 0 ? 0.9 : level === levels.length - 1 ? 0.02 : 0.08 / (levels.length - 2)));
      const u = levels.map((_, level) => (level === 0 ? 0.01 : level === levels.length - 1 ? 0.97 : 0.02 / (levels.length - 2)));
      return [field, { m: normalise(m), u: normalise(u) }];
    }),
  ),
};
function normalise(values: number[]) {
  const sum = values.reduce((a, b) => a + b, 0);
  return values.map((value) => value / sum);
}
const config = resolutionConfig({ model: { kind: 'configured', parameters: model } });
const profileOf = (profiles: string[][], id: string) => profiles.findIndex((profile) => profile.includes(id));

describe('resolveRecords', () => {
  it('keeps the members of a household apart, though they share a phone and an address, and reviews them', () => {
    const home = { phone: '13812345678', street: '淮海中路', street_number: '88', city: '上海', postcode: '200020' };
    const household = [record('a', { full_name: '王伟', ...home }, 'shop'), record('b', { full_name: '李娜', ...home }, 'pos'), record('c', { full_name: '王芳', ...home }, 'crm')];
    const { profiles, reviews } = resolveRecords(household, config);
    expect(profiles).toHaveLength(3);
    expect(reviews.length).toBeGreaterThan(0);
  });

  const people = [
    record('shop-1', { full_name: '王芳', phone: '13812348000', date_of_birth: '1990-04-03', city: 'Shanghai' }, 'shop', 'C1'),
    record('crm-1', { first_name: 'Fang', last_name: 'Wang', phone: '+86 138 1234 8000', date_of_birth: '19900403', city: 'shanghai' }, 'crm', 'L9'),
    record('pos-1', { full_name: 'Wang Fang', phone: '138****8000', date_of_birth: '1990-04-03', city: 'Shanghai' }, 'pos'),
    // Same household phone, another person.
    record('shop-2', { full_name: '李强', phone: '13812348000', date_of_birth: '1962-11-20', city: 'Shanghai' }, 'shop', 'C2'),
    record('shop-3', { email: 'J.Doe+promo@gmail.com', first_name: 'John' }, 'shop', 'C3'),
    record('crm-3', { email: 'jdoe@googlemail.com', first_name: 'Jon' }, 'crm', 'L3'),
  ];

  it('links 王芳 across sources and a masked phone to its full number, but not her housemate on the shared phone', () => {
    const { profiles } = resolveRecords(people, config);
    expect(profileOf(profiles, 'crm-1')).toBe(profileOf(profiles, 'shop-1'));
    expect(profileOf(profiles, 'pos-1')).toBe(profileOf(profiles, 'shop-1'));
    expect(profileOf(profiles, 'shop-2')).not.toBe(profileOf(profiles, 'shop-1'));
  });

  it('links records on an equal e-mail after the provider rules, and says which identifier did it', () => {
    const resolution = resolveRecords(people, config);
    expect(profileOf(resolution.profiles, 'crm-3')).toBe(profileOf(resolution.profiles, 'shop-3'));
    expect(resolution.links).toContainEqual({ left: 'shop-3', right: 'crm-3', rule: 'identifier', identityType: 'email' });
  });

  it('keeps a split pair apart and joins a manually merged one', () => {
    const { profiles } = resolveRecords(people, config, { cannotLink: [['shop-1', 'crm-1']], mustLink: [['shop-2', 'shop-3']] });
    expect(profileOf(profiles, 'crm-1')).not.toBe(profileOf(profiles, 'shop-1'));
    expect(profileOf(profiles, 'shop-3')).toBe(profileOf(profiles, 'shop-2'));
  });

  it('explains any pair of the run field by field', () => {
    const explanation = resolveRecords(people, config).explain('shop-1', 'shop-2');
    expect(explanation.decision).toBe('apart');
    expect(explanation.fields.find((field) => field.field === 'phone')).toMatchObject({ agreement: 'exact', left: '+8613812348000' });
    expect(explanation.fields.find((field) => field.field === 'date_of_birth')?.weight).toBeLessThan(0);
  });

  it('sends pairs between the thresholds to review instead of linking them', () => {
    const pair = [record('a', { first_name: 'Anna', last_name: 'Berg', city: 'Oslo' }), record('b', { first_name: 'Anna', last_name: 'Berg', city: 'Bergen' })];
    const resolution = resolveRecords(pair, resolutionConfig({ ...config, thresholds: { link: 0.999, review: 0.5 } }));
    expect(resolution.profiles).toHaveLength(2);
    expect(resolution.reviews).toEqual([expect.objectContaining({ left: 'a', right: 'b', rule: 'score' })]);
  });

  it('estimates its own model when none is configured', () => {
    const resolution = resolveRecords(people);
    expect(resolution.stats.estimation?.iterations).toBeGreaterThan(0);
    expect(Object.keys(resolution.model.fields)).toEqual(FIELD_COMPARISONS.map(({ field }) => field));
  });

  it('refuses two records with one id', () => {
    expect(() => resolveRecords([record('x', {}), record('x', {})], config)).toThrow("record id 'x' occurs twice");
  });

  it('resolves exactly as well with a helper thread taking part as without', () => {
    const [records] = fc.sample(recordsArbitrary({ minLength: 600, maxLength: 600 }), { seed: 7, numRuns: 1 });
    const alone = resolveRecords(records, config, {}, { threads: 1 });
    const helped = resolveRecords(records, config, {}, { threads: 2 });
    const { explain: _alone, ...expected } = alone;
    const { explain: _helped, ...actual } = helped;
    expect({ ...actual, stats: { ...actual.stats, millis: undefined } }).toEqual({ ...expected, stats: { ...expected.stats, millis: undefined } });
  });
});

describe('resolveRecords on a file with no duplicates', () => {
  it('does not trust an estimate that takes shared postcodes for people, and keeps namesakes apart', () => {
    // 3,000 different people drawn from few names, cities, postcodes and companies; every e-mail and phone their own.
    const random = seeded(7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const given = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋'];
    const family = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵'];
    const cities = [['上海', 200000], ['北京', 100000], ['杭州', 310000]] as const;
    const records = Array.from({ length: 3000 }, (_, i) => {
      const [city, postcode] = pick(cities);
      return record(`r${i}`, {
        first_name: pick(given),
        last_name: pick(family),
        email: `m${i}.${Math.floor(random() * 1000)}@mail.cn`,
        phone: `139${String(10_000_000 + i * 7919).slice(-8)}`,
        city,
        postcode: String(postcode + Math.floor(random() * 100)),
        company: `${city}${pick(['远', '金', '盛', '天', '博', '华'])}${pick(['景', '桥', '世', '合', '雅'])}科技有限公司`,
      });
    });
    const resolution = resolveRecords(records, resolutionConfig());
    expect(resolution.stats.estimation?.rejected).toMatch(/^a different (email|phone) came out as/);
    // What is left are namesakes at one postcode whose companies' trade names are one syllable apart.
    expect(resolution.profiles.length).toBeGreaterThan(records.length * 0.94);
  });
});

/** mulberry32: the same people in every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

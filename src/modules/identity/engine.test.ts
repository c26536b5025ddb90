import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveRecords } from './engine';
import { explainMatch } from './explain';
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
  it('keeps the members of a household apart, though they share a phone and an address: their given names conflict, so not even a review asks', () => {
    const home = { phone: '13812345678', street: '淮海中路', street_number: '88', city: '上海', postcode: '200020' };
    const household = [record('a', { full_name: '王伟', ...home }, 'shop'), record('b', { full_name: '李娜', ...home }, 'pos'), record('c', { full_name: '王芳', ...home }, 'crm')];
    const { profiles, reviews } = resolveRecords(household, config);
    expect(profiles).toHaveLength(3);
    expect(reviews).toEqual([]);
  });

  it('links a household phone to the one member a record of it fits, and not a record that fits both', () => {
    const home = { phone: '13812345678', city: '上海' };
    const records = [
      record('wei', { full_name: '王伟', ...home, gender: 'm' }, 'shop'),
      record('na', { full_name: '李娜', ...home, gender: 'f' }, 'crm'),
      // 王先生: a surname and a gender, which only 王伟 fits.
      record('till', { full_name: '王先生', phone: '138 1234 5678' }, 'pos'),
      // A phone alone fits either of them.
      record('bare', { phone: '+86 13812345678' }, 'wechat'),
    ];
    const { profiles } = resolveRecords(records, config);
    expect(profileOf(profiles, 'till')).toBe(profileOf(profiles, 'wei'));
    expect(profileOf(profiles, 'bare')).not.toBe(profileOf(profiles, 'wei'));
    expect(profileOf(profiles, 'bare')).not.toBe(profileOf(profiles, 'na'));
  });

  it('links nothing on a value many people share, and no chain of links joins two people whose records conflict', () => {
    const agency = (id: string, name: string, birth: string) => record(id, { full_name: name, email: 'info@travel-agency.cn', date_of_birth: birth }, 'crm');
    const records = [agency('a', '张伟', '1980-01-01'), agency('b', '李娜', '1975-05-05'), agency('c', '刘洋', '1990-09-09'), agency('d', '陈静', '1985-03-03')];
    expect(resolveRecords(records, config).profiles).toHaveLength(4);
    // A phone and an e-mail each shared by two, chaining 1 to 2 to 3: 1 and 3 have different birth dates.
    const chain = [
      record('one', { first_name: 'Ann', last_name: 'Lee', phone: '13911112222', date_of_birth: '1970-01-01' }, 'shop'),
      record('two', { last_name: 'Lee', phone: '13911112222', email: 'lee.family@mail.cn' }, 'pos'),
      record('three', { first_name: 'Ann', last_name: 'Lee', email: 'lee.family@mail.cn', date_of_birth: '1999-12-31' }, 'crm'),
    ];
    const { profiles } = resolveRecords(chain, config);
    expect(profileOf(profiles, 'one')).not.toBe(profileOf(profiles, 'three'));
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
    expect(resolution.links).toContainEqual({ left: 'crm-3', right: 'shop-3', rule: 'identifier', identityType: 'email' });
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

  it('sends pairs between the thresholds to review instead of linking them, when two kinds of evidence agree', () => {
    const pair = [
      record('a', { first_name: 'Anna', last_name: 'Berg', date_of_birth: '1980-04-05', city: 'Oslo' }),
      record('b', { first_name: 'Anna', last_name: 'Berg', date_of_birth: '1981-04-05', city: 'Bergen' }),
    ];
    const resolution = resolveRecords(pair, resolutionConfig({ ...config, thresholds: { link: 0.999, review: 0.5 } }));
    expect(resolution.profiles).toHaveLength(2);
    expect(resolution.reviews).toEqual([expect.objectContaining({ left: 'a', right: 'b', rule: 'score' })]);
  });

  it('neither links nor reviews a pair that agrees on one kind of evidence only, a name or a phone', () => {
    const namesakes = [record('a', { first_name: 'Anna', last_name: 'Berg', city: 'Oslo' }), record('b', { first_name: 'Anna', last_name: 'Berg', city: 'Bergen' })];
    const thresholds = { link: 0.999, review: 0.5 };
    expect(explainMatch(namesakes[0], namesakes[1], model, resolutionConfig({ ...config, thresholds })).probability).toBeGreaterThan(thresholds.review);
    const resolution = resolveRecords(namesakes, resolutionConfig({ ...config, thresholds }));
    expect(resolution.profiles).toHaveLength(2);
    expect(resolution.reviews).toEqual([]);
  });

  it('takes a street with two different house numbers for two addresses', () => {
    const neighbours = [
      record('a', { full_name: '王芳', street: '中山路613号', city: '上海', postcode: '200001', phone: '13812348000' }),
      record('b', { full_name: '王芳', street: '中山路220号', city: '上海', postcode: '200001', phone: '13912349000' }),
    ];
    const explanation = explainMatch(neighbours[0], neighbours[1], model, config);
    const { m, u } = model.fields.street;
    expect(explanation.fields.find((field) => field.field === 'street')).toEqual(expect.objectContaining({ left: '中山路', right: '中山路', agreement: 'different', weight: Math.log2(m[3] / u[3]) }));
    const withoutNumbers = explainMatch(record('a', { ...neighbours[0].fields, street: '中山路' }), record('b', { ...neighbours[1].fields, street: '中山路' }), model, config);
    expect(withoutNumbers.fields.find((field) => field.field === 'street')).toMatchObject({ agreement: 'exact', weight: Math.log2(m[0] / u[0]) });
    expect(explanation.weight).toBeLessThan(withoutNumbers.weight - (Math.log2(m[0] / u[0]) - Math.log2(m[3] / u[3])));
    // The run scores the pair as explained: the same probability decides.
    const thresholds = { link: explanation.probability + (withoutNumbers.probability - explanation.probability) / 2, review: 0.01 };
    const strict = resolutionConfig({ ...config, thresholds });
    expect(resolveRecords(neighbours, strict).profiles).toHaveLength(2);
    expect(resolveRecords([record('a', { ...neighbours[0].fields, street: '中山路' }), record('b', { ...neighbours[1].fields, street: '中山路' })], strict).profiles).toHaveLength(1);
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

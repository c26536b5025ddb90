import { describe, expect, it } from 'vitest';
import { explainMatch } from './explain';
import type { ModelParameters } from './fellegi-sunter';
import { FIELD_COMPARISONS } from './field-comparisons';
import { resolutionConfig } from './resolution-config';
import type { ResolutionRecord } from './resolution-record';

const model: ModelParameters = {
  prior: 0.01,
  fields: Object.fromEntries(
    FIELD_COMPARISONS.map(({ field, levels }) => [
      field,
      { m: levels.map((_, level) => (level === 0 ? 0.7 : 0.3 / (levels.length - 1))), u: levels.map((_, level) => (level === 0 ? 0.01 : 0.99 / (levels.length - 1))) },
    ]),
  ),
};
const config = resolutionConfig();
const weightOfExact = Math.log2(0.7 / 0.01);

describe('explainMatch', () => {
  const a: ResolutionRecord = { id: '1', source: 'shop', fields: { first_name: 'Sophie', last_name: 'Pascoe', date_of_birth: '1994-11-27', email: 's.pascoe@gmail.com' } };
  const b: ResolutionRecord = { id: '2', source: 'crm', fields: { first_name: 'sophie', last_name: 'PASCOE', date_of_birth: '1994-11-27', postcode: '3284' } };

  it('shows each field with both normalized values, its agreement level and its weight', () => {
    const explanation = explainMatch(a, b, model, config);
    expect(explanation.fields.find((field) => field.field === 'family_name')).toEqual({ field: 'family_name', left: 'pascoe', right: 'pascoe', agreement: 'exact', weight: weightOfExact });
    expect(explanation.fields.find((field) => field.field === 'postcode')).toEqual({ field: 'postcode', left: undefined, right: '3284', agreement: 'missing', weight: 0 });
  });

  it('shows a name written in hanzi with its characters, and a Chinese company with its industry', () => {
    const shop: ResolutionRecord = { id: '4', source: 'shop', fields: { full_name: '王芳', company: '上海盛世科技有限公司' } };
    const crm: ResolutionRecord = { id: '5', source: 'crm', fields: { full_name: '王方', company: '上海盛世贸易有限公司' } };
    const pos: ResolutionRecord = { id: '6', source: 'pos', fields: { first_name: 'Fang', last_name: 'Wang' } };
    const fieldOf = (x: ResolutionRecord, y: ResolutionRecord, name: string) => explainMatch(x, y, model, config).fields.find((field) => field.field === name);
    expect(fieldOf(shop, crm, 'given_name')).toMatchObject({ left: 'fang (芳)', right: 'fang (方)', agreement: 'close' });
    expect(fieldOf(shop, pos, 'given_name')).toMatchObject({ left: 'fang (芳)', right: 'fang', agreement: 'exact' });
    expect(fieldOf(shop, crm, 'company')).toMatchObject({ left: 'shengshi (keji)', right: 'shengshi (maoyi)', agreement: 'similar' });
  });

  it('sums the weights into a score, a probability and a decision', () => {
    const explanation = explainMatch(a, b, model, config);
    expect(explanation.weight).toBeCloseTo(3 * weightOfExact);
    expect(explanation.probability).toBeGreaterThan(0.95);
    expect(explanation.decision).toBe('link');
    expect(explanation.sharedIdentifiers).toEqual([]);
  });

  it('decides link on a shared identifier that links on equality, whatever the score, unless the records conflict', () => {
    const c: ResolutionRecord = { id: '3', source: 'pos', fields: { last_name: 'Pascoe', email: 'spascoe+x@googlemail.com' } };
    const explanation = explainMatch(a, c, model, config);
    expect(explanation.sharedIdentifiers).toEqual([{ type: 'email', value: 'spascoe@gmail.com', people: 1 }]);
    expect(explanation).toMatchObject({ decision: 'link', conflict: null });
    const sam: ResolutionRecord = { id: '4', source: 'pos', fields: { first_name: 'Sam', email: 'spascoe+x@googlemail.com' } };
    expect(explainMatch(a, sam, model, config)).toMatchObject({ decision: 'apart', conflict: { field: 'given_name', left: 'sophie', right: 'sam' } });
  });

  it('takes log2 of the people sharing an identifier off its weight, all of it when they are many, and shows it', () => {
    const c: ResolutionRecord = { id: '3', source: 'pos', fields: { last_name: 'Pascoe', email: 'spascoe@gmail.com' } };
    const email = (peopleOf?: (type: string, value: string) => number) => explainMatch(a, c, model, config, peopleOf).fields.find((field) => field.field === 'email')!;
    expect(email()).toMatchObject({ weight: weightOfExact, sharedBy: { people: 1, adjustment: 0 } });
    expect(email(() => 2)).toMatchObject({ agreement: 'exact', weight: weightOfExact - 1, sharedBy: { people: 2, adjustment: -1 } });
    // Shared by that many, it is generic: it weighs nothing and links nothing on its own.
    expect(email(() => 4)).toMatchObject({ agreement: 'exact', weight: 0, sharedBy: { people: 4, adjustment: -weightOfExact } });
    expect(explainMatch(a, c, model, config, () => 4).sharedIdentifiers).toEqual([{ type: 'email', value: 'spascoe@gmail.com', people: 4 }]);
  });
});

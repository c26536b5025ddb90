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

  it('decides link on a shared identifier that links on equality, whatever the score', () => {
    const c: ResolutionRecord = { id: '3', source: 'pos', fields: { first_name: 'Sam', email: 'spascoe+x@googlemail.com' } };
    const explanation = explainMatch(a, c, model, config);
    expect(explanation.sharedIdentifiers).toEqual([{ type: 'email', value: 'spascoe@gmail.com' }]);
    expect(explanation.decision).toBe('link');
  });
});

import { describe, expect, it } from 'vitest';
import { compareRecords, FIELD_COMPARISONS, MISSING } from './field-comparisons';
import { normalizeRecord } from './normalized-record';
import { resolutionConfig } from './resolution-config';
import type { ResolutionRecord } from './resolution-record';

const config = resolutionConfig();
const levelOf = (field: string, a: Partial<ResolutionRecord>, b: Partial<ResolutionRecord>) => {
  const index = FIELD_COMPARISONS.findIndex((comparison) => comparison.field === field);
  const levels = compareRecords(
    normalizeRecord({ id: 'a', source: 'shop', fields: {}, ...a }, config),
    normalizeRecord({ id: 'b', source: 'shop', fields: {}, ...b }, config),
  );
  return levels[index] === MISSING ? 'missing' : FIELD_COMPARISONS[index].levels[levels[index]];
};

describe('field comparisons', () => {
  it('agrees on 王芳 and Fang Wang, whichever order the Latin source wrote', () => {
    expect(levelOf('family_name', { fields: { full_name: '王芳' } }, { fields: { first_name: 'Fang', last_name: 'Wang' } })).toBe('exact');
    expect(levelOf('family_name', { fields: { full_name: '王芳' } }, { fields: { full_name: 'Wang Fang' } })).toBe('close');
    expect(levelOf('given_name', { fields: { full_name: '王芳' } }, { fields: { full_name: 'Wang Fang' } })).toBe('close');
  });

  it('counts swapped address lines as close', () => {
    const a = { fields: { street: 'taroona place', address_line2: 'trail view' } };
    const b = { fields: { street: 'trail view', address_line2: 'taroona place' } };
    expect(levelOf('street', a, b)).toBe('close');
    expect(levelOf('address_line2', a, b)).toBe('close');
  });

  it('never compares openids of different apps', () => {
    const a = { source: 'wechat-oa', fields: { wechat_openid: 'oABC' } };
    expect(levelOf('wechat_openid', a, { source: 'mini-program', fields: { wechat_openid: 'oABC' } })).toBe('missing');
    expect(levelOf('wechat_openid', a, { source: 'wechat-oa', fields: { wechat_openid: 'oABC' } })).toBe('exact');
    expect(levelOf('wechat_openid', a, { source: 'wechat-oa', fields: { wechat_openid: 'oXYZ' } })).toBe('different');
  });

  it('reports a field that either record lacks as missing', () => {
    expect(levelOf('date_of_birth', { fields: { date_of_birth: '1990-04-03' } }, { fields: {} })).toBe('missing');
  });
});

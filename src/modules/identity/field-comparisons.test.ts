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

  it('tells two names written in hanzi apart by their characters, however alike their pinyin', () => {
    // li and lin, xiuying and xiulan: alike to Jaro-Winkler and Double Metaphone, two names in hanzi.
    expect(levelOf('family_name', { fields: { full_name: '李娜' } }, { fields: { full_name: '林娜' } })).toBe('different');
    expect(levelOf('given_name', { fields: { full_name: '王秀英' } }, { fields: { first_name: '秀兰', last_name: '王' } })).toBe('different');
  });

  it('counts other characters of the same pinyin as close: the wrong character picked for the right sound', () => {
    expect(levelOf('given_name', { fields: { full_name: '王芳' } }, { fields: { full_name: '王方' } })).toBe('close');
    expect(levelOf('family_name', { fields: { full_name: '张伟' } }, { fields: { last_name: '章', first_name: '伟' } })).toBe('close');
  });

  it('counts the same characters as exact, however the source split or spaced the name', () => {
    expect(levelOf('given_name', { fields: { full_name: '欧阳娜娜' } }, { fields: { last_name: '欧阳', first_name: '娜 娜' } })).toBe('exact');
    expect(levelOf('family_name', { fields: { full_name: '欧阳娜娜' } }, { fields: { last_name: '欧阳', first_name: '娜 娜' } })).toBe('exact');
  });

  it('compares hanzi with a Latin spelling by pinyin, as before', () => {
    expect(levelOf('given_name', { fields: { full_name: '王芳' } }, { fields: { first_name: 'Fang', last_name: 'Wang' } })).toBe('exact');
    // One side in hanzi is not enough to tell li from lin: Jaro-Winkler and the phonetic code decide.
    expect(levelOf('family_name', { fields: { last_name: '林' } }, { fields: { last_name: 'Li' } })).toBe(levelOf('family_name', { fields: { last_name: 'Lin' } }, { fields: { last_name: 'Li' } }));
    expect(levelOf('family_name', { fields: { last_name: '林' } }, { fields: { last_name: 'Li' } })).toBe('similar');
    expect(levelOf('given_name', { fields: { first_name: '秀英' } }, { fields: { first_name: 'xiulan' } })).toBe('similar');
  });

  it('tells two trades of one Chinese trade name apart, and lets a missing industry say nothing', () => {
    const company = (name: string) => ({ fields: { company: name } });
    expect(levelOf('company', company('上海盛世科技有限公司'), company('盛世（上海）科技有限公司'))).toBe('exact');
    expect(levelOf('company', company('上海盛世科技有限公司'), company('上海盛世贸易有限公司'))).toBe('similar');
    expect(levelOf('company', company('上海盛世科技有限公司'), company('上海盛世有限公司'))).toBe('exact');
    expect(levelOf('company', company('上海盛世科技有限公司'), company('Shengshi Ltd'))).toBe('exact');
  });

  it('never lets a shared industry bring two trade names closer', () => {
    const company = (name: string) => ({ fields: { company: name } });
    expect(levelOf('company', company('上海盛世科技有限公司'), company('上海远雅科技有限公司'))).toBe('different');
    expect(levelOf('company', company('上海盛世科技有限公司'), company('上海远雅科技有限公司'))).toBe(levelOf('company', company('上海盛世有限公司'), company('上海远雅有限公司')));
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

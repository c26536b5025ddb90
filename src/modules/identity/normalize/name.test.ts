import { describe, expect, it } from 'vitest';
import { organisationTokens, personName, phoneticKey } from './name';

describe('personName', () => {
  it('reads a hanzi name as pinyin, family name first, so 王芳 meets Wang Fang', () => {
    expect(personName({ full_name: '王芳' })).toEqual({ family: 'wang', given: 'fang' });
    expect(personName({ last_name: '王', first_name: '芳' })).toEqual({ family: 'wang', given: 'fang' });
    expect(personName({ first_name: 'Fang', last_name: 'WANG' })).toEqual({ family: 'wang', given: 'fang' });
  });

  it('knows two-character surnames and reads polyphonic characters as surnames', () => {
    expect(personName({ full_name: '欧阳娜娜' })).toEqual({ family: 'ouyang', given: 'nana' });
    expect(personName({ full_name: '单雄信' })).toEqual({ family: 'shan', given: 'xiongxin' });
    expect(personName({ last_name: '曾', first_name: '国藩' })).toEqual({ family: 'zeng', given: 'guofan' });
  });

  it('folds case, accents, titles, hyphens and spacing', () => {
    expect(personName({ full_name: 'Dr. José  García-Márquez' })).toEqual({ given: 'jose', family: 'garciamarquez' });
    expect(personName({ first_name: 'Mary Ann', last_name: "O'Brien" })).toEqual({ given: 'maryann', family: 'obrien' });
  });

  it('reads "Family, Given" with the family name first', () => {
    expect(personName({ full_name: 'Wang, Xiao Ming' })).toEqual({ family: 'wang', given: 'xiaoming' });
  });

  it('prefers the split fields over the full name when a source sends both', () => {
    expect(personName({ first_name: 'Ann', last_name: 'Lee', full_name: 'Annie Lee' })).toEqual({ given: 'ann', family: 'lee' });
  });
});

describe('phoneticKey', () => {
  it('gives names that sound alike one key', () => {
    expect(phoneticKey('catherine')).toBe(phoneticKey('kathryn'));
    expect(phoneticKey('smith')).not.toBe(phoneticKey('jones'));
  });
});

describe('organisationTokens', () => {
  it('keeps the distinct words, sorted, without legal-form noise', () => {
    expect(organisationTokens(' Salvation Army - Temple / Salvation Army')).toEqual(['army', 'salvation', 'temple']);
    expect(organisationTokens('The Acme Company Ltd.')).toEqual(['acme']);
  });

  it('reads a Chinese enterprise name as its trade name alone, whatever region, industry and legal form surround it', () => {
    expect(organisationTokens('上海盛世科技有限公司')).toEqual(['shengshi']);
    expect(organisationTokens('盛世（上海）科技有限公司')).toEqual(['shengshi']);
    expect(organisationTokens('北京市华信贸易有限责任公司')).toEqual(['huaxin']);
    expect(organisationTokens('上海远雅科技有限公司')).not.toEqual(organisationTokens('上海盛世科技有限公司'));
  });
});

import { describe, expect, it } from 'vitest';
import { organisationName, personName, phoneticKey } from './name';

describe('personName', () => {
  it('reads a hanzi name as pinyin, family name first, so 王芳 meets Wang Fang', () => {
    const wangFang = { family: 'wang', given: 'fang', familyHanzi: '王', givenHanzi: '芳' };
    expect(personName({ full_name: '王芳' })).toEqual(wangFang);
    expect(personName({ last_name: '王', first_name: '芳' })).toEqual(wangFang);
    expect(personName({ first_name: 'Fang', last_name: 'WANG' })).toEqual({ family: 'wang', given: 'fang' });
  });

  it('knows two-character surnames and reads polyphonic characters as surnames', () => {
    expect(personName({ full_name: '欧阳娜娜' })).toEqual({ family: 'ouyang', given: 'nana', familyHanzi: '欧阳', givenHanzi: '娜娜' });
    expect(personName({ full_name: '单雄信' })).toMatchObject({ family: 'shan', given: 'xiongxin' });
    expect(personName({ last_name: '曾', first_name: '国藩' })).toMatchObject({ family: 'zeng', given: 'guofan' });
  });

  it('keeps the hanzi a part was written in, without spaces, and none for a part written in Latin', () => {
    expect(personName({ last_name: ' 欧阳 ', first_name: '娜 娜' })).toMatchObject({ familyHanzi: '欧阳', givenHanzi: '娜娜' });
    expect(personName({ last_name: '王', first_name: 'Fang' })).toEqual({ family: 'wang', given: 'fang', familyHanzi: '王' });
    expect(personName({ full_name: 'Wang Fang' })).toEqual({ given: 'wang', family: 'fang' });
  });

  it('folds case, accents, titles, hyphens and spacing', () => {
    expect(personName({ full_name: 'Dr. José  García-Márquez' })).toEqual({ given: 'jose', family: 'garciamarquez' });
    expect(personName({ first_name: 'Mary Ann', last_name: "O'Brien" })).toEqual({ given: 'maryann', family: 'obrien' });
  });

  it('reads "Family, Given" with the family name first', () => {
    expect(personName({ full_name: 'Wang, Xiao Ming' })).toEqual({ family: 'wang', given: 'xiaoming' });
  });

  it('reads a surname with an honorific as the surname and the gender it states, nothing more', () => {
    expect(personName({ full_name: '高先生' })).toEqual({ family: 'gao', familyHanzi: '高', gender: 'm' });
    expect(personName({ full_name: '王女士' })).toEqual({ family: 'wang', familyHanzi: '王', gender: 'f' });
    expect(personName({ full_name: '张总' })).toEqual({ family: 'zhang', familyHanzi: '张' });
    expect(personName({ full_name: '欧阳老师' })).toEqual({ family: 'ouyang', familyHanzi: '欧阳' });
    // A till that puts the whole of it in the first-name field, or splits it over both fields.
    expect(personName({ first_name: '李小姐' })).toEqual({ family: 'li', familyHanzi: '李', gender: 'f' });
    expect(personName({ last_name: '高', first_name: '先生' })).toEqual({ family: 'gao', familyHanzi: '高', gender: 'm' });
    // A real given name that merely ends like one stays a name: 王总 is an honorific, 王总成 is not.
    expect(personName({ full_name: '王总成' })).toMatchObject({ family: 'wang', given: 'zongcheng' });
  });

  it('reads a single word as a surname, with the gender a title before it states', () => {
    expect(personName({ full_name: 'Mrs Smith' })).toEqual({ family: 'smith', gender: 'f' });
    expect(personName({ full_name: 'Mr. John Smith' })).toEqual({ given: 'john', family: 'smith', gender: 'm' });
    // A register's "LECLERCQ", a till's "Green": a given name alone comes in first_name.
    expect(personName({ full_name: 'Smith' })).toEqual({ family: 'smith' });
    expect(personName({ first_name: 'Ann' })).toEqual({ given: 'ann' });
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

describe('organisationName', () => {
  it('keeps the distinct words, sorted, without legal-form noise', () => {
    expect(organisationName(' Salvation Army - Temple / Salvation Army')).toEqual({ words: ['army', 'salvation', 'temple'] });
    expect(organisationName('The Acme Company Ltd.')).toEqual({ words: ['acme'] });
  });

  it('reads a Chinese enterprise name as its trade name, whatever region and legal form surround it, and its industry apart', () => {
    expect(organisationName('上海盛世科技有限公司')).toEqual({ words: ['shengshi'], industry: 'keji' });
    expect(organisationName('盛世（上海）科技有限公司')).toEqual({ words: ['shengshi'], industry: 'keji' });
    expect(organisationName('北京市华信贸易有限责任公司')).toEqual({ words: ['huaxin'], industry: 'maoyi' });
    expect(organisationName('上海远雅科技有限公司').words).not.toEqual(organisationName('上海盛世科技有限公司').words);
  });

  it('reads every industry a Chinese enterprise name gives, in order, and none where it gives none', () => {
    expect(organisationName('杭州盛世科技发展有限公司')).toEqual({ words: ['shengshi'], industry: 'keji fazhan' });
    expect(organisationName('深圳盛世餐饮管理有限公司')).toEqual({ words: ['shengshi'], industry: 'canyinguanli' });
    expect(organisationName('上海盛世有限公司')).toEqual({ words: ['shengshi'] });
  });
});

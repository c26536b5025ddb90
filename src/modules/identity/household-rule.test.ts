import { describe, expect, it } from 'vitest';
import { compareRecords } from './field-comparisons';
import { scoreMayLink } from './household-rule';
import { normalizeRecord } from './normalized-record';
import { DEFAULT_RESOLUTION_CONFIG } from './resolution-config';
import type { ResolutionRecord } from './resolution-record';

const home = { phone: '13812345678', street: '淮海中路', street_number: '88', city: '上海', postcode: '200020' };
const levelsOf = (a: ResolutionRecord['fields'], b: ResolutionRecord['fields']) =>
  compareRecords(normalizeRecord({ id: 'a', source: 'shop', fields: a }, DEFAULT_RESOLUTION_CONFIG), normalizeRecord({ id: 'b', source: 'pos', fields: b }, DEFAULT_RESOLUTION_CONFIG));

describe('scoreMayLink', () => {
  it('refuses a link by score to two given names that differ, however much of a household they share', () => {
    expect(scoreMayLink(levelsOf({ full_name: '王伟', ...home }, { full_name: '李娜', ...home }))).toBe(false);
    expect(scoreMayLink(levelsOf({ full_name: '王伟', ...home }, { full_name: '王芳', ...home }))).toBe(false);
    expect(scoreMayLink(levelsOf({ first_name: 'John', last_name: 'Smith', ...home }, { first_name: 'Mary', last_name: 'Smith', ...home }))).toBe(false);
  });

  it('lets a score link given names that are alike, or missing on one side', () => {
    expect(scoreMayLink(levelsOf({ first_name: 'John', last_name: 'Smith', ...home }, { first_name: 'Jon', last_name: 'Smith', ...home }))).toBe(true);
    expect(scoreMayLink(levelsOf({ full_name: '王芳', ...home }, { first_name: 'Fang', last_name: 'Wang', ...home }))).toBe(true);
    expect(scoreMayLink(levelsOf({ full_name: '王芳', ...home }, { ...home }))).toBe(true);
  });

  it('lets a score link different given names when something personal agrees: a national id, a birth date, a WeChat id', () => {
    const william = { first_name: 'William', last_name: 'Wang', ...home };
    const wei = { full_name: '王伟', ...home };
    expect(scoreMayLink(levelsOf({ ...william, date_of_birth: '1988-02-14' }, { ...wei, date_of_birth: '1988-02-14' }))).toBe(true);
    expect(scoreMayLink(levelsOf({ ...william, national_id: '110101198802144518' }, { ...wei, national_id: '110101198802144518' }))).toBe(true);
    expect(scoreMayLink(levelsOf({ ...william, wechat_unionid: 'oU1' }, { ...wei, wechat_unionid: 'oU1' }))).toBe(true);
    expect(scoreMayLink(levelsOf({ ...william, date_of_birth: '1988-02-14' }, { ...wei, date_of_birth: '1990-07-01' }))).toBe(false);
  });
});

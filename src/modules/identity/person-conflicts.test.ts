import { describe, expect, it } from 'vitest';
import { normalizeRecord } from './normalized-record';
import { conflictBetween, evidenceOf, type PersonEvidence } from './person-conflicts';
import { DEFAULT_RESOLUTION_CONFIG } from './resolution-config';
import type { ResolutionRecord } from './resolution-record';

const evidence = (fields: ResolutionRecord['fields']): PersonEvidence | undefined => evidenceOf(normalizeRecord({ id: 'r', source: 'shop', fields }, DEFAULT_RESOLUTION_CONFIG));
const conflict = (a: ResolutionRecord['fields'], b: ResolutionRecord['fields']) => conflictBetween(evidence(a)!, evidence(b)!);

describe('evidence of a person', () => {
  it('has none in a record of a phone, a nickname-free address, or a Latin family name alone', () => {
    expect(evidence({ phone: '13812348000' })).toBeUndefined();
    expect(evidence({ street: '中山路613号', city: '上海' })).toBeUndefined();
    expect(evidence({ last_name: 'Smith' })).toBeUndefined();
  });

  it('takes a surname in hanzi, an honorific surname and its gender, or a pinyin name as a Chinese name', () => {
    expect(evidence({ full_name: '高先生' })).toMatchObject({ family: 'gao', familyHanzi: '高', gender: 'm', chineseName: true });
    expect(evidence({ full_name: 'WAN WEICHENG' })).toMatchObject({ chineseName: true });
    expect(evidence({ full_name: 'Emma Johnson' })?.chineseName).toBeUndefined();
  });
});

describe('conflictBetween', () => {
  it('finds households and namesakes: other given names, other birth dates, other national ids, other genders', () => {
    expect(conflict({ first_name: 'John', last_name: 'Smith', date_of_birth: '1970-03-04' }, { first_name: 'Mary', last_name: 'Smith', date_of_birth: '1972-11-20' })).toBeDefined();
    expect(conflict({ first_name: 'John', last_name: 'Smith' }, { first_name: 'Mary', last_name: 'Smith' })).toEqual({ field: 'given_name', left: 'john', right: 'mary' });
    expect(conflict({ national_id: '110101199003071234' }, { national_id: '110101198511224321' })).toMatchObject({ field: 'national_id' });
    // A father and son of one name: the birth dates tell them apart.
    expect(conflict({ full_name: 'John Smith', date_of_birth: '1950-03-04' }, { full_name: 'John Smith', date_of_birth: '1979-08-12' })).toMatchObject({ field: 'date_of_birth' });
    expect(conflict({ full_name: '王先生' }, { full_name: '王女士' })).toMatchObject({ field: 'gender' });
  });

  it('explains typing errors away: one date component, a swapped day and month, one id digit, a typo, a diminutive', () => {
    expect(conflict({ date_of_birth: '1980-04-05' }, { date_of_birth: '1981-04-05' })).toBeUndefined();
    expect(conflict({ date_of_birth: '1980-04-05' }, { date_of_birth: '1980-05-04' })).toBeUndefined();
    expect(conflict({ national_id: '11010119900307123X' }, { national_id: '11010119900307124X' })).toBeUndefined();
    expect(conflict({ first_name: 'Katherine' }, { first_name: 'Katharine' })).toBeUndefined();
    expect(conflict({ first_name: 'Bob' }, { first_name: 'Robert' })).toBeUndefined();
    // A diminutive of a mistyped formal name.
    expect(conflict({ first_name: 'Liz' }, { first_name: 'Elizaeth' })).toBeUndefined();
    expect(conflict({ first_name: 'J.' }, { first_name: 'John' })).toBeUndefined();
  });

  it('lets agreement on one person’s own fields outweigh one conflict: a replaced given name with the birth date and id', () => {
    // Data entry replaces a name; two people in one household rarely share a birth date and an id.
    expect(conflict({ first_name: 'Allegra', date_of_birth: '1979-01-21', national_id: '2438295' }, { first_name: 'Kieren', date_of_birth: '1979-01-21', national_id: '2428295' })).toBeUndefined();
    expect(conflict({ first_name: 'Annabelle', date_of_birth: '1996-07-03', national_id: '9692668' }, { first_name: 'Annabelle', date_of_birth: '1977-05-13', national_id: '9692668' })).toBeUndefined();
    // What households share (a family name, an address, a phone) never outweighs a conflict: it is not evidence here.
    expect(conflict({ full_name: 'Mary Smith', date_of_birth: '1972-11-20', phone: '13812348000' }, { full_name: 'John Smith', date_of_birth: '1970-03-04', phone: '13812348000' })).toBeDefined();
    // Two conflicts outweigh an equal birth date: twins of two genders.
    expect(conflict({ first_name: 'Tom', gender: 'm', date_of_birth: '2001-02-03' }, { first_name: 'Anna', gender: 'f', date_of_birth: '2001-02-03' })).toBeDefined();
  });

  it('compares Chinese names whole, in either order, as hanzi or pinyin', () => {
    // Hanzi and a Latin spelling in the other order; a surname with an honorific.
    expect(conflict({ full_name: '万伟诚' }, { full_name: 'WAN WEICHENG' })).toBeUndefined();
    expect(conflict({ full_name: '刘洋' }, { full_name: 'Liu Yang' })).toBeUndefined();
    expect(conflict({ full_name: '高先生' }, { full_name: 'GAO HAORAN' })).toBeUndefined();
    // 张 and 章: one sound typed with another character.
    expect(conflict({ full_name: '张伟' }, { full_name: '章伟' })).toBeUndefined();
    // Chinese family names do not change with marriage: two of them are two people, as two given names are.
    expect(conflict({ full_name: '夏侯先生' }, { full_name: '康先生' })).toMatchObject({ field: 'family_name' });
    expect(conflict({ full_name: 'Yang Yang' }, { full_name: 'YANG WENTAO' })).toMatchObject({ field: 'given_name' });
    expect(conflict({ full_name: 'Yuxuan Wan' }, { full_name: 'WAN YU' })).toBeDefined();
    expect(conflict({ full_name: '王芳' }, { full_name: '李芳' })).toMatchObject({ field: 'family_name' });
  });

  it('reads nothing into a Latin family name alone: a married name is not another person', () => {
    expect(conflict({ first_name: 'Anna', last_name: 'Berg' }, { first_name: 'Anna', last_name: 'Larsen' })).toBeUndefined();
  });
});

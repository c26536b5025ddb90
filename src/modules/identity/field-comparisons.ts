import {
  CODE_LEVELS,
  codeLevel,
  dateLevel,
  EMAIL_LEVELS,
  emailLevel,
  EQUALITY_LEVELS,
  equalityLevel,
  nameLevel,
  organisationLevel,
  PHONE_LEVELS,
  phoneLevel,
  TEXT_LEVELS,
  textLevel,
} from './comparators';
import { dateKey } from './normalize/date';
import type { OrganisationName } from './normalize/name';
import type { NormalizedRecord } from './normalized-record';

/** The level a comparison returns when either record lacks the field: it adds no weight either way. */
export const MISSING = -1;

/** One column of the comparison vector: how two records agree on one field. */
export interface FieldComparison {
  field: string;
  levels: readonly string[];
  compare(a: NormalizedRecord, b: NormalizedRecord): number;
  /** The normalized value, as an explanation shows it. */
  valueOf(record: NormalizedRecord): string | undefined;
}

function field<T>(
  name: string,
  levels: readonly string[],
  read: (record: NormalizedRecord) => T | undefined,
  level: (a: T, b: T) => number,
  show: (value: T) => string = String,
): FieldComparison {
  return {
    field: name,
    levels,
    compare(a, b) {
      const valueA = read(a);
      const valueB = read(b);
      return valueA === undefined || valueB === undefined ? MISSING : level(valueA, valueB);
    },
    valueOf(record) {
      const value = read(record);
      return value === undefined ? undefined : show(value);
    },
  };
}

const DIFFERENT = TEXT_LEVELS.indexOf('different');

/**
 * A name part that matches the other record's opposite part exactly counts as close: sources swap given and
 * family names, and Chinese order (王芳 → wang fang) meets Western order ("Fang Wang"). Where both records
 * wrote the part in hanzi, the characters decide: the same pinyin in other characters is the wrong character
 * picked for the right sound (张, 章: close), other pinyin is another name (李 li, 林 lin: different), however
 * alike it sounds or is spelt. Pinyin and its phonetic code stay what meets a Latin spelling, and the key.
 */
function namePart(name: string, own: 'given' | 'family', other: 'given' | 'family'): FieldComparison {
  const phonetic = (record: NormalizedRecord) => (own === 'given' ? record.givenPhonetic : record.familyPhonetic);
  const hanzi = (record: NormalizedRecord) => (own === 'given' ? record.givenHanzi : record.familyHanzi);
  return {
    ...field(name, TEXT_LEVELS, (record) => record[own], textLevel),
    // "fang (芳)": pinyin alone would show 芳 and 方 as one name compared as close.
    valueOf: (record) => (hanzi(record) === undefined ? record[own] : `${record[own]} (${hanzi(record)})`),
    compare(a, b) {
      const [valueA, valueB] = [a[own], b[own]];
      const [hanziA, hanziB] = [hanzi(a), hanzi(b)];
      const bothHanzi = hanziA !== undefined && hanziB !== undefined;
      if (bothHanzi && hanziA === hanziB) return 0;
      if (valueA !== undefined && valueA === valueB) return bothHanzi ? 1 : 0;
      const swapped = valueA !== undefined && valueA === b[other] && a[other] !== undefined && a[other] === valueB;
      if (swapped) return 1;
      if (valueA === undefined || valueB === undefined) return MISSING;
      return bothHanzi ? DIFFERENT : nameLevel(valueA, valueB, phonetic(a), phonetic(b));
    },
  };
}

/** An address line that matches the other record's other line exactly counts as close: sources swap the two. */
function addressLine(name: string, own: 'street' | 'line2', other: 'street' | 'line2'): FieldComparison {
  return {
    ...field(name, TEXT_LEVELS, (record) => record.address[own], textLevel),
    compare(a, b) {
      const valueA = a.address[own];
      const valueB = b.address[own];
      if (valueA === undefined || valueB === undefined) return MISSING;
      const direct = textLevel(valueA, valueB);
      return direct > 1 && (valueA === b.address[other] || valueB === a.address[other]) ? 1 : direct;
    },
  };
}

export const FIELD_COMPARISONS: readonly FieldComparison[] = [
  namePart('given_name', 'given', 'family'),
  namePart('family_name', 'family', 'given'),
  field('company', TEXT_LEVELS, (r) => r.company, organisationLevel, showOrganisation),
  field('email', EMAIL_LEVELS, (r) => r.email, emailLevel, (email) => email.address),
  field('phone', PHONE_LEVELS, (r) => r.phone, phoneLevel, (phone) => phone.masked ?? phone.e164 ?? phone.digits),
  field('date_of_birth', CODE_LEVELS, (r) => r.dateOfBirth, dateLevel, dateKey),
  field('national_id', CODE_LEVELS, (r) => r.nationalId, codeLevel),
  field('wechat_unionid', EQUALITY_LEVELS, (r) => r.wechatUnionid, equalityLevel),
  field('wechat_openid', EQUALITY_LEVELS, (r) => r.wechatOpenid, (a, b) => (appOf(a) === appOf(b) ? equalityLevel(a, b) : MISSING)),
  addressLine('street', 'street', 'line2'),
  field('street_number', CODE_LEVELS, (r) => r.address.streetNumber, codeLevel),
  addressLine('address_line2', 'line2', 'street'),
  field('city', TEXT_LEVELS, (r) => r.address.city, textLevel),
  field('postcode', CODE_LEVELS, (r) => r.address.postcode, codeLevel),
  field('state', EQUALITY_LEVELS, (r) => r.address.state, equalityLevel),
  field('country', EQUALITY_LEVELS, (r) => r.address.country, equalityLevel),
  field('gender', EQUALITY_LEVELS, (r) => r.gender, equalityLevel),
];

/** "shengshi (keji)": the words, and the industry that sets one trade apart from another. */
function showOrganisation({ words, industry }: OrganisationName): string {
  return industry === undefined ? words.join(' ') : `${words.join(' ')} (${industry})`;
}

/** Openids are stored as `app:openid`; only openids of one app compare. */
function appOf(scopedOpenid: string): string {
  return scopedOpenid.slice(0, scopedOpenid.lastIndexOf(':'));
}

/** The comparison vector of a pair: one level per field comparison. */
export function compareRecords(a: NormalizedRecord, b: NormalizedRecord, comparisons: readonly FieldComparison[] = FIELD_COMPARISONS): Int8Array {
  const levels = new Int8Array(comparisons.length);
  for (let i = 0; i < comparisons.length; i++) levels[i] = comparisons[i].compare(a, b);
  return levels;
}

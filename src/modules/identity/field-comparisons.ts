import {
  CODE_LEVELS,
  codeLevel,
  dateLevel,
  EMAIL_LEVELS,
  emailLevel,
  EQUALITY_LEVELS,
  equalityLevel,
  nameLevel,
  PHONE_LEVELS,
  phoneLevel,
  TEXT_LEVELS,
  textLevel,
  tokenSetLevel,
} from './comparators';
import { dateKey } from './normalize/date';
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

/**
 * A name part that matches the other record's opposite part exactly counts as close: sources swap given and
 * family names, and Chinese order (王芳 → wang fang) meets Western order ("Fang Wang").
 */
function namePart(name: string, own: 'given' | 'family', other: 'given' | 'family'): FieldComparison {
  const phonetic = (record: NormalizedRecord) => (own === 'given' ? record.givenPhonetic : record.familyPhonetic);
  return {
    ...field(name, TEXT_LEVELS, (record) => record[own], textLevel),
    compare(a, b) {
      const [valueA, valueB] = [a[own], b[own]];
      if (valueA !== undefined && valueA === valueB) return 0;
      const swapped = valueA !== undefined && valueA === b[other] && a[other] !== undefined && a[other] === valueB;
      if (swapped) return 1;
      return valueA === undefined || valueB === undefined ? MISSING : nameLevel(valueA, valueB, phonetic(a), phonetic(b));
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
  field('company', TEXT_LEVELS, (r) => r.company, tokenSetLevel, (words) => words.join(' ')),
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

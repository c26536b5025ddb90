import { type ScopedIdentifier } from './identity-rules';
import { IDENTITY_TYPES, type IdentityType, type NormalizedEmail, type NormalizedPhone } from '../../../connectors/sdk/records';
import type { CalendarDate } from './normalize/date';
import type { OrganisationName } from './normalize/name';
import type { NormalizedRecord } from './normalized-record';
import { personEvidence, type PersonEvidence } from './person-conflicts';
import { ValueDictionary } from './value-dictionary';

/** The distinct values of one field, and per record the index of its value (-1: the record has none). */
export interface ValueColumn<T> {
  ids: Int32Array;
  values: T[];
}

/**
 * A run's normalized records as columns. Every distinct value is stored once and records point at it, so
 * equal values have equal indices: blocking keys and most agreements are integer work, nothing is allocated
 * per record, and the whole is typed arrays plus value lists that a worker thread can be handed.
 * `recordAt` reads one record back in the form `normalizeRecord` gives.
 */
export interface RecordColumns {
  count: number;
  source: ValueColumn<string>;
  /** Given and family names share one value list, so a name written in the other field compares by index. */
  given: ValueColumn<string>;
  family: ValueColumn<string>;
  /** Phonetic code of every name in `given.values` (= `family.values`), as an index into `phonetics`; -1: none. */
  phoneticOfName: Int32Array;
  phonetics: string[];
  /** Each name part as written in hanzi, for the records that wrote it so (one value list for both). */
  givenHanzi: ValueColumn<string>;
  familyHanzi: ValueColumn<string>;
  company: ValueColumn<OrganisationName>;
  email: ValueColumn<NormalizedEmail>;
  phone: ValueColumn<NormalizedPhone>;
  dateOfBirth: ValueColumn<CalendarDate>;
  nationalId: ValueColumn<string>;
  wechatUnionid: ValueColumn<string>;
  wechatOpenid: ValueColumn<string>;
  /** Street and second line share one value list: sources swap the two. */
  street: ValueColumn<string>;
  line2: ValueColumn<string>;
  streetNumber: ValueColumn<string>;
  city: ValueColumn<string>;
  postcode: ValueColumn<string>;
  state: ValueColumn<string>;
  country: ValueColumn<string>;
  gender: ValueColumn<string>;
  /** Identifier values per type, as compared (an identifier's source is its record's source). */
  identifiers: Record<IdentityType, ValueColumn<string>>;
}

/** The value of `record` in `column`, or undefined. */
export function valueAt<T>(column: ValueColumn<T>, record: number): T | undefined {
  const id = column.ids[record];
  return id < 0 ? undefined : column.values[id];
}

/** The identifiers record `record` contributes, in the order `identifiersOf` gives them. */
export function identifiersInColumns(columns: RecordColumns, record: number): ScopedIdentifier[] {
  const source = columns.source.values[columns.source.ids[record]];
  const found: ScopedIdentifier[] = [];
  for (const type of IDENTITY_TYPES) {
    const value = valueAt(columns.identifiers[type], record);
    if (value !== undefined) found.push({ type, value, source });
  }
  return found;
}

/** Record `record` as a NormalizedRecord (with the given id): what `normalizeRecord` makes of it. */
export function recordAt(columns: RecordColumns, record: number, id: string): NormalizedRecord {
  const phoneticOf = (column: ValueColumn<string>) => {
    const name = column.ids[record];
    return name < 0 || columns.phoneticOfName[name] < 0 ? undefined : columns.phonetics[columns.phoneticOfName[name]];
  };
  return {
    id,
    source: columns.source.values[columns.source.ids[record]],
    given: valueAt(columns.given, record),
    family: valueAt(columns.family, record),
    givenPhonetic: phoneticOf(columns.given),
    familyPhonetic: phoneticOf(columns.family),
    givenHanzi: valueAt(columns.givenHanzi, record),
    familyHanzi: valueAt(columns.familyHanzi, record),
    company: valueAt(columns.company, record),
    email: valueAt(columns.email, record),
    phone: valueAt(columns.phone, record),
    dateOfBirth: valueAt(columns.dateOfBirth, record),
    address: {
      street: valueAt(columns.street, record),
      streetNumber: valueAt(columns.streetNumber, record),
      line2: valueAt(columns.line2, record),
      city: valueAt(columns.city, record),
      state: valueAt(columns.state, record),
      postcode: valueAt(columns.postcode, record),
      country: valueAt(columns.country, record),
    },
    gender: valueAt(columns.gender, record),
    nationalId: valueAt(columns.nationalId, record),
    wechatUnionid: valueAt(columns.wechatUnionid, record),
    wechatOpenid: valueAt(columns.wechatOpenid, record),
    identifiers: identifiersInColumns(columns, record),
  };
}

/** For every value, the index of a key derived from it among the distinct keys; -1 where it has none (or ''). */
export function indexBy<T>(values: readonly T[], keyOf: (value: T) => string | undefined): Int32Array {
  const keys = new ValueDictionary<string>();
  return Int32Array.from(values, (value) => {
    const key = keyOf(value) || undefined;
    return keys.intern(key, key);
  });
}

/** The last 7 digits of an unmasked phone as a number (the subscriber number), -1 when it has fewer. */
export function subscriberNumber(phone: NormalizedPhone): number {
  return !phone.masked && phone.digits.length >= 7 ? Number(phone.digits.slice(-7)) : -1;
}

/**
 * Reads each record's evidence (person-conflicts.ts) from the columns, as `evidenceOf` reads it from the record
 * `recordAt` gives, once per record: a run asks for it only of records that take part in links, many times each.
 */
export function columnEvidenceReader(columns: RecordColumns): (record: number) => PersonEvidence | undefined {
  const read = new Array<PersonEvidence | null>(columns.count);
  return (record) => {
    let evidence = read[record];
    if (evidence === undefined) {
      const given = columns.given.ids[record];
      const phonetic = given >= 0 ? columns.phoneticOfName[given] : -1;
      const own = personEvidence({
        given: valueAt(columns.given, record),
        givenHanzi: valueAt(columns.givenHanzi, record),
        givenPhonetic: phonetic >= 0 ? columns.phonetics[phonetic] : undefined,
        family: valueAt(columns.family, record),
        familyHanzi: valueAt(columns.familyHanzi, record),
        dateOfBirth: valueAt(columns.dateOfBirth, record),
        nationalId: valueAt(columns.identifiers.national_id, record),
        gender: valueAt(columns.gender, record),
      });
      read[record] = evidence = own ?? null;
    }
    return evidence ?? undefined;
  };
}

import { maskParts, type NormalizedEmail, type NormalizedPhone } from '../../../connectors/sdk/records';
import type { OrganisationName } from './normalize/name';
import { indexBy, subscriberNumber, type RecordColumns, type ValueColumn } from './record-columns';
import { textSignature } from './text-signatures';
import { SEPARATE_ARRAYS, type ArrayAllocator } from './typed-arrays';

/** Where each number sits in a record's row. */
export const SLOT = {
  given: 0,
  family: 1,
  givenPhonetic: 2,
  familyPhonetic: 3,
  givenShape: 4,
  givenBuckets: 5,
  familyShape: 6,
  familyBuckets: 7,
  company: 8,
  email: 9,
  /** -1 for a masked e-mail. */
  mailbox: 10,
  emailShape: 11,
  emailBuckets: 12,
  phone: 13,
  /** Index of the phone's digits among all digit strings; -1 for a masked phone. */
  phoneDigits: 14,
  /** The last 7 digits as a number, -1 with fewer digits (or masked). */
  phoneSubscriber: 15,
  /** year·10000 + month·100 + day. */
  date: 16,
  nationalId: 17,
  nationalIdShape: 18,
  nationalIdBuckets: 19,
  unionid: 20,
  openid: 21,
  openidApp: 22,
  street: 23,
  streetShape: 24,
  streetBuckets: 25,
  line2: 26,
  line2Shape: 27,
  line2Buckets: 28,
  streetNumber: 29,
  streetNumberShape: 30,
  streetNumberBuckets: 31,
  city: 32,
  cityShape: 33,
  cityBuckets: 34,
  postcode: 35,
  postcodeShape: 36,
  postcodeBuckets: 37,
  state: 38,
  country: 39,
  gender: 40,
  /** A name part's index among hanzi spellings; -1 when it was not written in hanzi. */
  givenHanzi: 41,
  familyHanzi: 42,
} as const;

export const ROW_WIDTH = 43;

/** The visible head and tail of a masked value (see masked-values.ts), taken apart once per value. */
export type MaskParts = { head: string; tail: string } | undefined;

/**
 * A run's records laid out for comparing pairs: one row of numbers per record (value indices, and the text
 * signatures of text-signatures.ts), so that the two rows of a pair are most of what a comparison reads.
 * Values are kept for the comparisons the rows cannot decide. Rows are in shared memory when `arrays` is.
 */
export interface ComparisonRows {
  count: number;
  rows: Int32Array;
  names: string[];
  companies: OrganisationName[];
  emails: NormalizedEmail[];
  /** Per e-mail: the parts of a masked mailbox. */
  emailMasks: MaskParts[];
  phones: NormalizedPhone[];
  /** Per phone: the parts of a masked number. */
  phoneMasks: MaskParts[];
  /** Streets and second lines. */
  lines: string[];
  cities: string[];
  streetNumbers: string[];
  postcodes: string[];
  nationalIds: string[];
  /** Fields at least one record of the run has; the others are missing in every pair. */
  present: { company: boolean; nationalId: boolean; unionid: boolean; openid: boolean; line2: boolean; state: boolean; country: boolean };
}

export function comparisonRows(columns: RecordColumns, arrays: ArrayAllocator = SEPARATE_ARRAYS): ComparisonRows {
  // What goes in each slot: a column's value index, or a number derived from its value.
  const slots: { slot: number; ids: Int32Array; perValue?: Int32Array }[] = [];
  const put = (column: ValueColumn<unknown>, slot: number, perValue?: Int32Array) => slots.push({ slot, ids: column.ids, perValue });
  const putText = (column: ValueColumn<string>, slot: number, shapeSlot: number) => {
    const signatures = column.values.map(textSignature);
    put(column, slot);
    put(column, shapeSlot, Int32Array.from(signatures, (signature) => signature.lengthAndFirst));
    put(column, shapeSlot + 1, Int32Array.from(signatures, (signature) => signature.buckets));
  };
  const { email, phone } = columns;
  putText(columns.given, SLOT.given, SLOT.givenShape);
  putText(columns.family, SLOT.family, SLOT.familyShape);
  put(columns.given, SLOT.givenPhonetic, columns.phoneticOfName);
  put(columns.family, SLOT.familyPhonetic, columns.phoneticOfName);
  put(columns.givenHanzi, SLOT.givenHanzi);
  put(columns.familyHanzi, SLOT.familyHanzi);
  put(columns.company, SLOT.company);
  putText({ ids: email.ids, values: email.values.map((value) => value.address) }, SLOT.email, SLOT.emailShape);
  put(email, SLOT.mailbox, indexBy(email.values, (value) => (value.masked ? undefined : value.mailbox)));
  put(phone, SLOT.phone);
  put(phone, SLOT.phoneDigits, indexBy(phone.values, (value) => (value.masked ? undefined : value.digits)));
  put(phone, SLOT.phoneSubscriber, Int32Array.from(phone.values, subscriberNumber));
  put(columns.dateOfBirth, SLOT.date, Int32Array.from(columns.dateOfBirth.values, (date) => date.year * 10000 + date.month * 100 + date.day));
  putText(columns.nationalId, SLOT.nationalId, SLOT.nationalIdShape);
  put(columns.wechatUnionid, SLOT.unionid);
  put(columns.wechatOpenid, SLOT.openid);
  // Openids are stored as `app:openid`; only openids of one app compare.
  put(columns.wechatOpenid, SLOT.openidApp, indexBy(columns.wechatOpenid.values, (openid) => openid.slice(0, openid.lastIndexOf(':'))));
  putText(columns.street, SLOT.street, SLOT.streetShape);
  putText(columns.line2, SLOT.line2, SLOT.line2Shape);
  putText(columns.streetNumber, SLOT.streetNumber, SLOT.streetNumberShape);
  putText(columns.city, SLOT.city, SLOT.cityShape);
  putText(columns.postcode, SLOT.postcode, SLOT.postcodeShape);
  put(columns.state, SLOT.state);
  put(columns.country, SLOT.country);
  put(columns.gender, SLOT.gender);

  // Row by row, so that each row is written in one go.
  const n = columns.count;
  const rows = arrays.int32(n * ROW_WIDTH);
  for (let record = 0, row = 0; record < n; record++, row += ROW_WIDTH) {
    for (const { slot, ids, perValue } of slots) {
      const id = ids[record];
      rows[row + slot] = id < 0 || perValue === undefined ? id : perValue[id];
    }
  }
  return {
    count: n,
    rows,
    names: columns.given.values,
    companies: columns.company.values,
    emails: email.values,
    emailMasks: email.values.map((value) => (value.masked ? maskParts(value.mailbox) : undefined)),
    phones: phone.values,
    phoneMasks: phone.values.map((value) => (value.masked !== undefined ? maskParts(value.masked) : undefined)),
    lines: columns.street.values,
    cities: columns.city.values,
    streetNumbers: columns.streetNumber.values,
    postcodes: columns.postcode.values,
    nationalIds: columns.nationalId.values,
    present: {
      company: columns.company.values.length > 0,
      nationalId: columns.nationalId.values.length > 0,
      unionid: columns.wechatUnionid.values.length > 0,
      openid: columns.wechatOpenid.values.length > 0,
      // Second lines share their value list with streets: only the records tell.
      line2: columns.line2.ids.some((id) => id >= 0),
      state: columns.state.values.length > 0,
      country: columns.country.values.length > 0,
    },
  };
}

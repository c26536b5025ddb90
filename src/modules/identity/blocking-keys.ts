import { IDENTITY_TYPES } from '../../../connectors/sdk/records';
import { streetStem } from './normalize/address';
import { indexBy, subscriberNumber, type RecordColumns } from './record-columns';
import { SEPARATE_ARRAYS, type ArrayAllocator } from './typed-arrays';

/** One blocking rule's key for every record: records with equal keys are compared. NaN: no key. */
export interface BlockingKeyColumn {
  /** Names the rule in reports (`names`, `birth`, `id.email`, …); values stay out of reports. */
  kind: string;
  keys: Float64Array;
}

/**
 * Blocking keys: only records that share at least one key are compared. Each key tolerates the errors
 * the others do not (a typo in the name, a changed address, a missing birth date), so a true pair is
 * missed only when every key of it is damaged. A key is a number made of value indices of the columns
 * (equal values, equal indices), so a million records are keyed without building a string.
 */
export function blockingKeyColumns(columns: RecordColumns, arrays: ArrayAllocator = SEPARATE_ARRAYS): BlockingKeyColumn[] {
  const n = columns.count;
  const { given, family, phoneticOfName, phonetics, postcode, street, streetNumber, company, email, phone } = columns;
  const phoneticOf = (names: Int32Array, record: number) => (names[record] < 0 ? -1 : phoneticOfName[names[record]]);
  const keyColumn = (kind: string, keyOf: (record: number) => number): BlockingKeyColumn => {
    const keys = arrays.float64(n);
    for (let record = 0; record < n; record++) keys[record] = keyOf(record);
    return { kind, keys };
  };
  // A key of two parts: both must be present.
  const pair = (first: number, second: number, secondCount: number) => (first < 0 || second < 0 ? NaN : first * secondCount + second);
  const mailboxOfEmail = indexBy(email.values, (value) => (value.masked ? undefined : value.mailbox));
  const subscriberOfPhone = Int32Array.from(phone.values, subscriberNumber);
  // On a company's words alone, as stored-blocking-keys.ts: two trades of one trade name are compared.
  const wordsOfCompany = indexBy(company.values, (name) => name.words.join(' '));
  const stemOfStreet = indexBy(street.values, streetStem);
  const stems = stemOfStreet.reduce((most, stem) => Math.max(most, stem + 1), 0);

  return [
    ...IDENTITY_TYPES.map((type) => {
      const { ids } = columns.identifiers[type];
      return keyColumn(`id.${type}`, (record) => (ids[record] < 0 ? NaN : ids[record]));
    }),
    keyColumn('phone7', (record) => (phone.ids[record] < 0 || subscriberOfPhone[phone.ids[record]] < 0 ? NaN : subscriberOfPhone[phone.ids[record]])),
    keyColumn('mailbox', (record) => (email.ids[record] < 0 || mailboxOfEmail[email.ids[record]] < 0 ? NaN : mailboxOfEmail[email.ids[record]])),
    // Phonetic codes in either order: swapped given and family names still meet.
    keyColumn('names', (record) => {
      const [a, b] = [phoneticOf(given.ids, record), phoneticOf(family.ids, record)];
      return pair(Math.min(a, b), Math.max(a, b), phonetics.length);
    }),
    keyColumn('birth', (record) => (columns.dateOfBirth.ids[record] < 0 ? NaN : columns.dateOfBirth.ids[record])),
    keyColumn('postcode.family', (record) => pair(postcode.ids[record], phoneticOf(family.ids, record), phonetics.length)),
    keyColumn('postcode.given', (record) => pair(postcode.ids[record], phoneticOf(given.ids, record), phonetics.length)),
    keyColumn('street', (record) => pair(streetNumber.ids[record], stemOf(record), stems)),
    keyColumn('postcode.street', (record) => pair(postcode.ids[record], stemOf(record), stems)),
    keyColumn('company.postcode', (record) => pair(company.ids[record] < 0 ? -1 : wordsOfCompany[company.ids[record]], postcode.ids[record], postcode.values.length)),
  ];

  function stemOf(record: number): number {
    return street.ids[record] < 0 ? -1 : stemOfStreet[street.ids[record]];
  }
}

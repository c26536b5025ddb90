import { streetStem } from './normalize/address';
import { dateKey } from './normalize/date';
import type { NormalizedRecord } from './normalized-record';

/**
 * The engine's blocking rules (blocking-keys.ts) for one record, as text that means the same in every run,
 * so the keys can be stored and looked up by later batches. The engine's own keys are value indices of one
 * run's columns and cannot be stored. Keep the two in step: the same kinds, the same parts
 * (blocking-keys.property.test.ts checks that both pair the same records, rule by rule).
 */
export function storedBlockingKeys(record: NormalizedRecord): string[] {
  const keys: string[] = [];
  const add = (kind: string, ...parts: (string | undefined)[]) => {
    if (parts.every((part) => part !== undefined && part !== '')) keys.push(`${kind}:${parts.join(':')}`);
  };
  for (const identifier of record.identifiers) add(`id.${identifier.type}`, identifier.value);
  const { phone, email, address } = record;
  if (phone && !phone.masked && phone.digits.length >= 7) add('phone7', phone.digits.slice(-7));
  if (email && !email.masked) add('mailbox', email.mailbox);
  // Phonetic codes in either order: swapped given and family names still meet.
  const names = [record.givenPhonetic, record.familyPhonetic].filter((code) => code !== undefined).sort();
  if (names.length === 2) add('names', ...names);
  if (record.dateOfBirth) add('birth', dateKey(record.dateOfBirth));
  add('postcode.family', address.postcode, record.familyPhonetic);
  add('postcode.given', address.postcode, record.givenPhonetic);
  const street = address.street === undefined ? undefined : streetStem(address.street);
  add('street', address.streetNumber, street);
  add('postcode.street', address.postcode, street);
  // On the words alone: two trades of one trade name are compared, and their industries tell them apart there.
  if (record.company) add('company.postcode', record.company.words.join(' '), address.postcode);
  return keys;
}

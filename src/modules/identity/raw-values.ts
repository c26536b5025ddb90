import type { ValueNormalizers } from './normalized-record';
import type { ValueColumn } from './record-columns';
import type { ResolutionRecord } from './resolution-record';
import { SEPARATE_ARRAYS, type ArrayAllocator } from './typed-arrays';
import { ValueDictionary } from './value-dictionary';

/** The raw fields the engine reads; each is normalized on its own, whatever else the record holds. */
export const RAW_FIELDS = [
  'first_name',
  'last_name',
  'full_name',
  'company',
  'email',
  'phone',
  'date_of_birth',
  'national_id',
  'wechat_unionid',
  'wechat_openid',
  'street',
  'street_number',
  'address_line2',
  'city',
  'state',
  'postcode',
  'country',
  'gender',
] as const;

export type RawField = (typeof RAW_FIELDS)[number];

/** A run's raw values: per field the distinct strings, and per record the index of its string (-1: blank). */
export type RawValues = Record<RawField | 'source', ValueColumn<string>>;

/**
 * One pass over the records that finds the distinct raw values of `fields` (and sources). A name, a city, a
 * birth date or a person's phone recurs across a million records; everything after this pass reads each once.
 */
export function collectRawValues<F extends RawField>(
  records: readonly ResolutionRecord[],
  fields: readonly F[],
  arrays: ArrayAllocator = SEPARATE_ARRAYS,
  rawValueOf: (record: ResolutionRecord, field: F) => string | undefined = (record, field) => record.fields[field],
): Record<F | 'source', ValueColumn<string>> {
  const n = records.length;
  const dictionaries = [...fields, 'source'].map(() => new ValueDictionary<string>());
  const ids = dictionaries.map(() => arrays.int32(n));
  const sourceSlot = fields.length;
  for (let record = 0; record < n; record++) {
    const { source } = records[record];
    for (let f = 0; f < fields.length; f++) {
      const raw = rawValueOf(records[record], fields[f]);
      // Blank is absent, as every normalizer reads it.
      ids[f][record] = raw ? dictionaries[f].intern(raw, raw) : -1;
    }
    ids[sourceSlot][record] = dictionaries[sourceSlot].intern(source, source);
  }
  return Object.fromEntries([...fields, 'source'].map((field, f) => [field, { ids: ids[f], values: dictionaries[f].values }])) as Record<F | 'source', ValueColumn<string>>;
}

/** What one raw field becomes on its own, by the same normalizers `normalizeRecord` uses. */
export function rawFieldNormalizer(field: RawField, normalizers: ValueNormalizers): (raw: string) => unknown {
  const { names, address } = normalizers;
  const byField: Record<RawField, (raw: string) => unknown> = {
    first_name: names.given,
    last_name: names.family,
    full_name: names.full,
    company: normalizers.organisation,
    email: normalizers.email,
    phone: normalizers.phone,
    date_of_birth: normalizers.date,
    national_id: normalizers.nationalId,
    wechat_unionid: normalizers.wechatUnionid,
    wechat_openid: normalizers.wechatOpenid,
    street: address.street,
    street_number: address.houseNumber,
    address_line2: address.addressText,
    city: address.city,
    state: address.plainText,
    postcode: address.postcode,
    country: address.plainText,
    gender: normalizers.gender,
  };
  return byField[field];
}

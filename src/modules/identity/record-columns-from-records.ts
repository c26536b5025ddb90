import { scopeOpenid } from './identity-rules';
import { IDENTITY_TYPES, isIdentifyingNationalId, type IdentityType, type NormalizedEmail, type NormalizedPhone } from '../../../connectors/sdk/records';
import type { StreetLine } from './normalize/address';
import { dateKey, type CalendarDate } from './normalize/date';
import type { OrganisationName, PersonName } from './normalize/name';
import { valueNormalizers } from './normalized-record';
import { beginNormalizing } from './helper-task-runs';
import type { HelperThreads } from './helper-threads';
import { regionalPhoneOf } from './regional-phone';
import { collectRawValues, RAW_FIELDS, rawFieldNormalizer, type RawField, type RawValues } from './raw-values';
import type { RecordColumns, ValueColumn } from './record-columns';
import type { ResolutionConfig } from './resolution-config';
import type { ResolutionRecord } from './resolution-record';
import { SEPARATE_ARRAYS, type ArrayAllocator } from './typed-arrays';
import { ValueDictionary } from './value-dictionary';

/**
 * A run's records as columns, each record exactly as `normalizeRecord` reads it: every distinct raw value of
 * a field is normalized once, then records are put together from value indices (which name parts, which
 * house number, which identifiers) without touching a string. Phones cost the most per distinct value
 * (tens of microseconds in libphonenumber): with helper threads they start on them while this thread
 * reads and normalizes the other fields, then this thread joins in.
 */
export function recordColumns(records: readonly ResolutionRecord[], config: ResolutionConfig, helpers?: HelperThreads, arrays: ArrayAllocator = SEPARATE_ARRAYS): RecordColumns {
  // A phone is read in its record's region, so the distinct raw values are of numbers with their regions.
  const { phone } = collectRawValues(records, ['phone'], arrays, (record) => regionalPhoneOf(record, config.defaultRegion));
  const phones = helpers && beginNormalizing(helpers, [{ field: 'phone', raws: phone.values }], config);
  const others = RAW_FIELDS.filter((field) => field !== 'phone');
  const raw: RawValues = { ...collectRawValues(records, others, arrays), phone };
  const jobs = others.map((field) => ({ field, raws: raw[field].values }));
  // This thread takes the other fields while the helpers are on the phones, then helps with what is left of them.
  const otherValues = helpers ? beginNormalizing(helpers, jobs, config).finish() : jobs.map(({ field, raws }) => raws.map(rawFieldNormalizer(field, valueNormalizers(config))));
  const phoneValues = phones ? phones.finish()[0] : phone.values.map(rawFieldNormalizer('phone', valueNormalizers(config)));
  const normalized = Object.fromEntries([...others.map((field, f) => [field, otherValues[f]]), ['phone', phoneValues]]) as unknown as NormalizedValues;
  return assemble(records, raw, normalized, config, arrays);
}

/** Per raw field, what each of its distinct raw values normalized to. */
interface NormalizedValues {
  first_name: PersonName[];
  last_name: PersonName[];
  full_name: PersonName[];
  company: (OrganisationName | undefined)[];
  email: (NormalizedEmail | undefined)[];
  phone: (NormalizedPhone | undefined)[];
  date_of_birth: (CalendarDate | undefined)[];
  national_id: (string | undefined)[];
  wechat_unionid: (string | undefined)[];
  wechat_openid: string[];
  street: StreetLine[];
  street_number: (string | undefined)[];
  address_line2: (string | undefined)[];
  city: (string | undefined)[];
  state: (string | undefined)[];
  postcode: (string | undefined)[];
  country: (string | undefined)[];
  gender: (string | undefined)[];
}

function assemble(records: readonly ResolutionRecord[], raw: RawValues, normalized: NormalizedValues, config: ResolutionConfig, arrays: ArrayAllocator): RecordColumns {
  const n = records.length;
  const dictionary = <T>() => new ValueDictionary<T>();
  const [names, hanziNames, lines] = [dictionary<string>(), dictionary<string>(), dictionary<string>()];
  const [companies, emails, phones, dates] = [dictionary<OrganisationName>(), dictionary<NormalizedEmail>(), dictionary<NormalizedPhone>(), dictionary<CalendarDate>()];
  const [nationalIds, unionids, openids, streetNumbers] = [dictionary<string>(), dictionary<string>(), dictionary<string>(), dictionary<string>()];
  const [cities, states, postcodes, countries, genders] = [dictionary<string>(), dictionary<string>(), dictionary<string>(), dictionary<string>(), dictionary<string>()];
  const externalIds = dictionary<string>();
  const text = (target: ValueDictionary<string>) => (value: string | undefined) => target.intern(value, value);
  const [name, hanzi] = [text(names), text(hanziNames)];

  // Per distinct raw value: the index of the value it normalizes to.
  // A first-name field may hold a surname with an honorific (高先生): its family part backs the family field's.
  const given = indices(normalized.first_name, (parts) => name(parts.given));
  const givenHanzi = indices(normalized.first_name, (parts) => hanzi(parts.givenHanzi));
  const familyOfGiven = indices(normalized.first_name, (parts) => name(parts.family));
  const familyHanziOfGiven = indices(normalized.first_name, (parts) => hanzi(parts.familyHanzi));
  const family = indices(normalized.last_name, (parts) => name(parts.family));
  const familyHanzi = indices(normalized.last_name, (parts) => hanzi(parts.familyHanzi));
  const fullGiven = indices(normalized.full_name, (full) => name(full.given));
  const fullFamily = indices(normalized.full_name, (full) => name(full.family));
  const fullGivenHanzi = indices(normalized.full_name, (full) => hanzi(full.givenHanzi));
  const fullFamilyHanzi = indices(normalized.full_name, (full) => hanzi(full.familyHanzi));
  // The gender an honorific or a title states, for records that give none of their own.
  const genderOfGiven = indices(normalized.first_name, (parts) => genders.intern(parts.gender, parts.gender));
  const genderOfFamily = indices(normalized.last_name, (parts) => genders.intern(parts.gender, parts.gender));
  const genderOfFull = indices(normalized.full_name, (full) => genders.intern(full.gender, full.gender));
  const company = indices(normalized.company, (value) => companies.intern(value && organisationKey(value), value));
  const email = indices(normalized.email, (value) => emails.intern(value?.address, value));
  const phone = indices(normalized.phone, (value) => phones.intern(value && phoneKey(value), value));
  const date = indices(normalized.date_of_birth, (value) => dates.intern(value && dateKey(value), value));
  const nationalId = indices(normalized.national_id, text(nationalIds));
  const unionid = indices(normalized.wechat_unionid, text(unionids));
  const streetText = indices(normalized.street, (line) => lines.intern(line.text, line.text));
  const numberInStreet = indices(normalized.street, (line) => streetNumbers.intern(line.houseNumber, line.houseNumber));
  const streetWithoutNumber = indices(normalized.street, (line) => lines.intern(line.rest, line.rest));
  const houseNumber = indices(normalized.street_number, text(streetNumbers));
  const line2 = indices(normalized.address_line2, text(lines));
  const city = indices(normalized.city, text(cities));
  const state = indices(normalized.state, text(states));
  const postcode = indices(normalized.postcode, text(postcodes));
  const country = indices(normalized.country, text(countries));
  const gender = indices(normalized.gender, text(genders));
  // An identifier's value is its field's normalized value (the address of an unmasked e-mail, the E.164
  // number of a valid phone, an identifying national id, a unionid), and distinct values are distinct
  // identifiers: the identifier takes its value's index. Which values give one is as identifiersOf decides.
  const isIdentifier = {
    email: Int8Array.from(emails.values, (value) => Number(!value.masked)),
    phone: Int8Array.from(phones.values, (value) => Number(value.e164 !== undefined)),
    national_id: Int8Array.from(nationalIds.values, (value) => Number(isIdentifyingNationalId(value))),
  };

  const column = <T>(values: T[]): ValueColumn<T> => ({ ids: arrays.int32(n), values });
  const identifierColumns: RecordColumns['identifiers'] = {
    external_id: column(externalIds.values),
    wechat_unionid: column(unionids.values),
    wechat_openid: column(openids.values),
    national_id: column(nationalIds.values),
    email: column(emails.values.map((value) => value.address)),
    phone: column(phones.values.map((value) => value.e164 ?? '')),
  };
  const columns: RecordColumns = {
    count: n,
    source: raw.source,
    given: column(names.values),
    family: column(names.values),
    phoneticOfName: new Int32Array(0),
    phonetics: [],
    givenHanzi: column(hanziNames.values),
    familyHanzi: column(hanziNames.values),
    company: column(companies.values),
    email: column(emails.values),
    phone: column(phones.values),
    dateOfBirth: column(dates.values),
    nationalId: column(nationalIds.values),
    wechatUnionid: column(unionids.values),
    wechatOpenid: column(openids.values),
    street: column(lines.values),
    line2: column(lines.values),
    streetNumber: column(streetNumbers.values),
    city: column(cities.values),
    postcode: column(postcodes.values),
    state: column(states.values),
    country: column(countries.values),
    gender: column(genders.values),
    identifiers: identifierColumns,
  };

  // Per record: the normalized value of each field through its raw value; a few fields need more.
  const through = (rawField: RawField, valueOfRaw: Int32Array, target: Int32Array) => {
    const rawIds = raw[rawField].ids;
    for (let r = 0; r < n; r++) target[r] = rawIds[r] < 0 ? -1 : valueOfRaw[rawIds[r]];
  };
  through('first_name', given, columns.given.ids);
  through('last_name', family, columns.family.ids);
  through('first_name', givenHanzi, columns.givenHanzi.ids);
  through('last_name', familyHanzi, columns.familyHanzi.ids);
  through('street_number', houseNumber, columns.streetNumber.ids);
  through('street', streetText, columns.street.ids);
  through('address_line2', line2, columns.line2.ids);
  through('city', city, columns.city.ids);
  through('state', state, columns.state.ids);
  through('postcode', postcode, columns.postcode.ids);
  through('country', country, columns.country.ids);
  through('gender', gender, columns.gender.ids);
  through('company', company, columns.company.ids);
  through('date_of_birth', date, columns.dateOfBirth.ids);
  through('email', email, columns.email.ids);
  through('phone', phone, columns.phone.ids);
  through('national_id', nationalId, columns.nationalId.ids);
  through('wechat_unionid', unionid, columns.wechatUnionid.ids);
  const identifierOf = (values: Int32Array, identifies: Int8Array | undefined, target: Int32Array) => {
    for (let r = 0; r < n; r++) target[r] = values[r] >= 0 && (identifies === undefined || identifies[values[r]] === 1) ? values[r] : -1;
  };
  identifierOf(columns.email.ids, isIdentifier.email, identifierColumns.email.ids);
  identifierOf(columns.phone.ids, isIdentifier.phone, identifierColumns.phone.ids);
  identifierOf(columns.nationalId.ids, isIdentifier.national_id, identifierColumns.national_id.ids);
  identifierOf(columns.wechatUnionid.ids, undefined, identifierColumns.wechat_unionid.ids);

  const [givenIds, familyIds, fullIds, streetIds, numberIds, rawStreets] = [columns.given.ids, columns.family.ids, raw.full_name.ids, columns.street.ids, columns.streetNumber.ids, raw.street.ids];
  const [givenHanziIds, familyHanziIds, genderIds] = [columns.givenHanzi.ids, columns.familyHanzi.ids, columns.gender.ids];
  const [rawGiven, rawFamily] = [raw.first_name.ids, raw.last_name.ids];
  const [sourceIds, openidRaws] = [raw.source.ids, raw.wechat_openid.ids];
  for (let r = 0; r < n; r++) {
    // Given and family from their own fields (a surname with an honorific in the first-name field backs the
    // family field), as joinParts reads them; the full name only when neither gave anything.
    const [givenRaw, familyRaw] = [rawGiven[r], rawFamily[r]];
    if (familyIds[r] < 0 && givenRaw >= 0 && familyOfGiven[givenRaw] >= 0) [familyIds[r], familyHanziIds[r]] = [familyOfGiven[givenRaw], familyHanziOfGiven[givenRaw]];
    let impliedGender = givenRaw >= 0 ? genderOfGiven[givenRaw] : -1;
    if (impliedGender < 0 && familyRaw >= 0) impliedGender = genderOfFamily[familyRaw];
    const full = fullIds[r];
    if (givenIds[r] < 0 && familyIds[r] < 0 && impliedGender < 0 && full >= 0) {
      [givenIds[r], familyIds[r]] = [fullGiven[full], fullFamily[full]];
      [givenHanziIds[r], familyHanziIds[r]] = [fullGivenHanzi[full], fullFamilyHanzi[full]];
      impliedGender = genderOfFull[full];
    }
    if (genderIds[r] < 0) genderIds[r] = impliedGender;
    // A leading number in the street is the house number when no field of its own gave one.
    const street = rawStreets[r];
    if (street >= 0 && numberInStreet[street] >= 0 && numberIds[r] < 0) [numberIds[r], streetIds[r]] = [numberInStreet[street], streetWithoutNumber[street]];
    const source = raw.source.values[sourceIds[r]];
    const { externalId } = records[r];
    identifierColumns.external_id.ids[r] = externalId ? externalIds.intern(`${source}:${externalId}`, `${source}:${externalId}`) : -1;
    // An openid is scoped to the app of its record's source; the scoped openid is the identifier.
    const openid = openidRaws[r] < 0 ? undefined : scopeOpenid(normalized.wechat_openid[openidRaws[r]], source, config.wechatAppOfSource);
    columns.wechatOpenid.ids[r] = identifierColumns.wechat_openid.ids[r] = openids.intern(openid, openid);
  }

  const phonetics = dictionary<string>();
  const normalizers = valueNormalizers(config);
  return {
    ...columns,
    phoneticOfName: indices(names.values, (name) => {
      const code = normalizers.phoneticKey(name);
      return phonetics.intern(code, code);
    }),
    phonetics: phonetics.values,
  };
}

function indices<T>(values: readonly T[], indexOf: (value: T) => number): Int32Array {
  const result = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) result[i] = indexOf(values[i]);
  return result;
}

// Words and industry, so that equal keys are equal names ("|" is never part of a word).
function organisationKey(name: OrganisationName): string {
  return `${name.words.join(' ')}|${name.industry ?? ''}`;
}

// Everything a NormalizedPhone holds, so that equal keys are equal phones.
function phoneKey(phone: NormalizedPhone): string {
  return phone.masked !== undefined ? `*${phone.masked}` : `${phone.e164 ?? ''}|${phone.digits}`;
}

import { identifiersOf, scopeOpenid, type ScopedIdentifier } from './identity-rules';
import { ADDRESS_PART_READERS, normalizeAddress, type AddressPartReaders, type NormalizedAddress } from './normalize/address';
import { normalizeDate, type CalendarDate } from './normalize/date';
import { isIdentifyingNationalId, normalizeEmail, normalizeNationalId, normalizePhone, type NormalizedEmail, type NormalizedPhone } from '../../../connectors/sdk/records';
import { phoneInRegion, regionalPhoneOf } from './regional-phone';
import { NAME_FIELD_READERS, organisationName, personName, phoneticKey, type NameFieldReaders, type OrganisationName } from './normalize/name';
import { isPlaceholderEmail, isPlaceholderPhone } from './placeholder-values';
import type { ResolutionConfig } from './resolution-config';
import type { ResolutionRecord } from './resolution-record';

/** A record in the form the comparators, blocking keys and identity rules read; computed once per run. */
export interface NormalizedRecord {
  id: string;
  source: string;
  given?: string;
  family?: string;
  givenPhonetic?: string;
  familyPhonetic?: string;
  /** The part as written in hanzi, when it was (see PersonName). */
  givenHanzi?: string;
  familyHanzi?: string;
  company?: OrganisationName;
  email?: NormalizedEmail;
  phone?: NormalizedPhone;
  dateOfBirth?: CalendarDate;
  address: NormalizedAddress;
  gender?: string;
  nationalId?: string;
  wechatUnionid?: string;
  /** Scoped to its app: openids of different apps never compare. */
  wechatOpenid?: string;
  identifiers: ScopedIdentifier[];
}

/**
 * How each raw field is read on its own. `normalizeRecord` composes a record from them; a resolution run
 * applies them once per distinct raw value (see record-columns-from-records.ts).
 */
export interface ValueNormalizers {
  names: NameFieldReaders;
  address: AddressPartReaders;
  phoneticKey(namePart: string): string | undefined;
  /** Undefined when no word is left to tell which organisation. */
  organisation(raw: string): OrganisationName | undefined;
  /** Undefined for a placeholder too: it is neither identifier nor evidence. */
  email(raw: string): NormalizedEmail | undefined;
  /** `regional` as regional-phone.ts writes it: the raw number, with its region when not the run's default. */
  phone(regional: string): NormalizedPhone | undefined;
  date(raw: string): CalendarDate | undefined;
  nationalId(raw: string): string | undefined;
  wechatUnionid(raw: string): string | undefined;
  /** Not yet scoped to its app: that takes the record's source. */
  wechatOpenid(raw: string): string;
  gender(raw: string): string | undefined;
}

const normalizersOfConfig = new WeakMap<ResolutionConfig, ValueNormalizers>();

export function valueNormalizers(config: ResolutionConfig): ValueNormalizers {
  let normalizers = normalizersOfConfig.get(config);
  if (normalizers) return normalizers;
  normalizers = {
    names: NAME_FIELD_READERS,
    address: ADDRESS_PART_READERS,
    phoneticKey,
    organisation: (raw) => withWords(organisationName(raw)),
    // Placeholders are neither identifiers nor evidence: two "test@test.com" say nothing about each other.
    email: (raw) => withoutPlaceholder(normalizeEmail(raw, config.emailProviders), (value) => isPlaceholderEmail(value, config.placeholders)),
    phone: (regional) => {
      const { raw, region } = phoneInRegion(regional, config.defaultRegion);
      return withoutPlaceholder(normalizePhone(raw, region), (value) => isPlaceholderPhone(value, config.placeholders));
    },
    date: (raw) => normalizeDate(raw, config.dateOrder),
    nationalId: normalizeNationalId,
    wechatUnionid: (raw) => raw.trim() || undefined,
    wechatOpenid: (raw) => raw.trim(),
    gender: genderCode,
  };
  normalizersOfConfig.set(config, normalizers);
  return normalizers;
}

export function normalizeRecord(record: ResolutionRecord, config: ResolutionConfig, normalizers: ValueNormalizers = valueNormalizers(config)): NormalizedRecord {
  const { fields, source } = record;
  const name = personName(fields, normalizers.names);
  const email = fields.email ? normalizers.email(fields.email) : undefined;
  const phone = fields.phone ? normalizers.phone(regionalPhoneOf(record, config.defaultRegion)!) : undefined;
  const nationalId = fields.national_id ? normalizers.nationalId(fields.national_id) : undefined;
  const wechatOpenid = fields.wechat_openid ? scopeOpenid(normalizers.wechatOpenid(fields.wechat_openid), source, config.wechatAppOfSource) : undefined;
  const wechatUnionid = fields.wechat_unionid ? normalizers.wechatUnionid(fields.wechat_unionid) : undefined;
  const identifiers = identifiersOf({
    source,
    externalId: record.externalId,
    email,
    phone,
    nationalId: nationalId && isIdentifyingNationalId(nationalId) ? nationalId : undefined,
    wechatUnionid,
    wechatOpenid,
  });
  const { gender: _impliedGender, ...nameParts } = name;
  return {
    id: record.id,
    source,
    ...nameParts,
    givenPhonetic: name.given ? normalizers.phoneticKey(name.given) : undefined,
    familyPhonetic: name.family ? normalizers.phoneticKey(name.family) : undefined,
    company: fields.company ? normalizers.organisation(fields.company) : undefined,
    email,
    phone,
    dateOfBirth: fields.date_of_birth ? normalizers.date(fields.date_of_birth) : undefined,
    address: normalizeAddress(fields, normalizers.address),
    // The record's own gender, or the one an honorific in its name states (高先生, Mrs Smith).
    gender: (fields.gender ? normalizers.gender(fields.gender) : undefined) ?? name.gender,
    nationalId,
    wechatUnionid,
    wechatOpenid,
    identifiers,
  };
}

function withoutPlaceholder<T>(value: T | undefined, isPlaceholder: (value: T) => boolean): T | undefined {
  return value && !isPlaceholder(value) ? value : undefined;
}

function withWords(name: OrganisationName): OrganisationName | undefined {
  return name.words.length > 0 ? name : undefined;
}

const GENDERS: Record<string, string> = { m: 'm', male: 'm', man: 'm', 男: 'm', f: 'f', female: 'f', woman: 'f', 女: 'f' };

function genderCode(raw: string): string | undefined {
  return GENDERS[raw.trim().toLowerCase()];
}

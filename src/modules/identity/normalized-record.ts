import { identifiersOf, scopeOpenid, type ScopedIdentifier } from './identity-rules';
import { normalizeAddress, type NormalizedAddress } from './normalize/address';
import { normalizeDate, type CalendarDate } from './normalize/date';
import { normalizeEmail, type NormalizedEmail } from './normalize/email';
import { isMasked } from './normalize/masked-values';
import { organisationTokens, personName, phoneticKey } from './normalize/name';
import { normalizePhone, type NormalizedPhone } from './normalize/phone';
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
  company?: string[];
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

export function normalizeRecord(record: ResolutionRecord, config: ResolutionConfig): NormalizedRecord {
  const { fields, source } = record;
  const name = personName(fields);
  // Placeholders are neither identifiers nor evidence: two "test@test.com" say nothing about each other.
  const email = withoutPlaceholder(fields.email && normalizeEmail(fields.email, config.emailProviders), (value) => isPlaceholderEmail(value, config.placeholders));
  const phone = withoutPlaceholder(fields.phone && normalizePhone(fields.phone, config.defaultRegion), (value) => isPlaceholderPhone(value, config.placeholders));
  const nationalId = fields.national_id?.toUpperCase().replace(/[\s-]/g, '') || undefined;
  const wechatOpenid = fields.wechat_openid ? scopeOpenid(fields.wechat_openid.trim(), source, config.wechatAppOfSource) : undefined;
  const wechatUnionid = fields.wechat_unionid?.trim() || undefined;
  const identifiers = identifiersOf({
    source,
    externalId: record.externalId,
    email,
    phone,
    // A masked or all-one-digit id (000000) is evidence at most.
    nationalId: nationalId && !isMasked(nationalId) && !/^(.)\1+$/.test(nationalId) ? nationalId : undefined,
    wechatUnionid,
    wechatOpenid,
  });
  return {
    id: record.id,
    source,
    ...name,
    givenPhonetic: name.given ? phoneticKey(name.given) : undefined,
    familyPhonetic: name.family ? phoneticKey(name.family) : undefined,
    company: fields.company ? nonEmpty(organisationTokens(fields.company)) : undefined,
    email,
    phone,
    dateOfBirth: fields.date_of_birth ? normalizeDate(fields.date_of_birth, config.dateOrder) : undefined,
    address: normalizeAddress(fields),
    gender: fields.gender ? genderCode(fields.gender) : undefined,
    nationalId,
    wechatUnionid,
    wechatOpenid,
    identifiers,
  };
}

function withoutPlaceholder<T>(value: T | '' | undefined, isPlaceholder: (value: T) => boolean): T | undefined {
  return value && !isPlaceholder(value) ? value : undefined;
}

function nonEmpty<T>(values: T[]): T[] | undefined {
  return values.length > 0 ? values : undefined;
}

const GENDERS: Record<string, string> = { m: 'm', male: 'm', man: 'm', 男: 'm', f: 'f', female: 'f', woman: 'f', 女: 'f' };

function genderCode(raw: string): string | undefined {
  return GENDERS[raw.trim().toLowerCase()];
}

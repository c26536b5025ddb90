import type { CountryCode } from 'libphonenumber-js';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CanonicalRecord } from './canonical-record';
import { IDENTITY_TYPES, type Identifier, type IdentityType } from './identifier-types';
import { DEFAULT_EMAIL_PROVIDERS, normalizeEmail, type EmailProviderRule } from './normalize/email';
import { isMasked } from './normalize/masked-values';
import { isIdentifyingNationalId, normalizeNationalId } from './normalize/national-id';
import { phoneRegionOf } from './normalize/country';
import { normalizePhone } from './normalize/phone';

/** How identifier values are read: the region of numbers written without a country code, and the mail providers' rules. */
export interface IdentifierReading {
  /** The hub's region (HUB_DEFAULT_REGION): numbers are read in it when nothing closer says where they are from. */
  defaultRegion: CountryCode;
  /** The region of the records' source (a connection's `region`, `hub import --region`), before the hub's. */
  sourceRegion?: CountryCode;
  emailProviders?: readonly EmailProviderRule[];
}

/**
 * The one normalizer per identifier type: the value as stored, indexed and compared, or undefined when `raw`
 * cannot be an identifier of that type (a masked value, a phone that is not valid, an id of one repeated digit).
 * External ids are namespaced by source (`shop:123`); WeChat ids are opaque and case-sensitive, kept as issued.
 */
export function normalizeIdentifier(type: IdentityType, raw: string, reading: IdentifierReading): string | undefined {
  switch (type) {
    case 'email': {
      const email = normalizeEmail(raw, reading.emailProviders ?? DEFAULT_EMAIL_PROVIDERS);
      return email && !email.masked ? email.address : undefined;
    }
    case 'phone':
      return normalizePhone(raw, reading.sourceRegion ?? reading.defaultRegion)?.e164;
    case 'national_id': {
      const nationalId = normalizeNationalId(raw);
      return nationalId && isIdentifyingNationalId(nationalId) ? nationalId : undefined;
    }
    case 'external_id':
      return raw.includes(':') ? raw.trim() : undefined;
    case 'wechat_unionid':
    case 'wechat_openid':
      return raw.trim() || undefined;
  }
}

export type IdentifierResult = { ok: true; identifiers: Identifier[] } | { ok: false; reason: string };

/**
 * The identifiers one source record contributes, in the order of IDENTITY_TYPES. A malformed e-mail or phone
 * rejects the record. A masked one (138****8000, j***@qq.com, as many exports write them), a filler phone
 * (one digit repeated), or a national id that is masked or one repeated digit is no identifier but stays with
 * the record as evidence for identity resolution: many people share one mask or filler. A phone of a possible
 * length outside the ranges libphonenumber knows is an identifier (normalizePhone marks it).
 */
export function extractIdentifiers(source: string, record: CanonicalRecord, reading: IdentifierReading): IdentifierResult {
  const identifiers: Identifier[] = [];
  // A phone without a country code is read where the record says its customer is, before its source's region.
  const phoneReading = { ...reading, sourceRegion: phoneRegionOf(record.fields.country, reading.sourceRegion, reading.defaultRegion) };
  for (const type of IDENTITY_TYPES) {
    const raw = type === 'external_id' ? record.externalId : record.fields[type];
    if (raw === undefined || ((type === 'email' || type === 'phone') && isMasked(raw))) continue;
    const value = normalizeIdentifier(type, type === 'external_id' ? `${source}:${raw}` : raw, type === 'phone' ? phoneReading : reading);
    if (value !== undefined) {
      identifiers.push({ type, value, raw });
      continue;
    }
    if (type === 'email' || (type === 'phone' && !isPossiblePhone(raw, phoneReading.sourceRegion))) {
      return { ok: false, reason: `${type}: '${maskForMessage(raw)}' is not a valid ${type === 'phone' ? `phone number (${phoneReading.sourceRegion === reading.defaultRegion ? 'default ' : ''}region ${phoneReading.sourceRegion})` : type}` };
    }
  }
  return { ok: true, identifiers };
}

/**
 * A phone of a possible length that is no identifier (one digit repeated, counting up): anybody's number,
 * kept as evidence; a digit run of no possible length is a malformed phone.
 */
function isPossiblePhone(raw: string, region: CountryCode): boolean {
  return parsePhoneNumberFromString(raw.trim(), region)?.isPossible() ?? false;
}

/** Error messages reach logs and CLI output: show the shape of a bad value, not the value. */
function maskForMessage(raw: string): string {
  if (raw.length <= 4) return '*'.repeat(raw.length);
  return raw.slice(0, 2) + '*'.repeat(Math.min(raw.length - 4, 8)) + raw.slice(-2);
}

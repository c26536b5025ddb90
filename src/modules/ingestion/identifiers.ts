import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { isMasked } from '../identity/normalize/masked-values';
import type { CanonicalRecord } from './canonical-record';

/**
 * Identifier types the exact-match resolver links on. Every type here is unique: one value
 * belongs to at most one profile. `external_id` values are namespaced by source ("shop:123").
 */
export const IDENTITY_TYPES = ['email', 'phone', 'wechat_unionid', 'wechat_openid', 'external_id'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

export interface Identifier {
  type: IdentityType;
  /** Normalized value: the one that is compared and indexed. */
  value: string;
  /** As the source sent it. */
  raw: string;
}

// Deliberately loose: the mailbox rules are the provider's business; we only refuse what cannot be an address.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(raw: string): string | undefined {
  const value = raw.trim().toLowerCase();
  return EMAIL_SHAPE.test(value) ? value : undefined;
}

/** E.164 via libphonenumber; numbers without a country code are read in the default region. */
export function normalizePhone(raw: string, defaultRegion: CountryCode): string | undefined {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultRegion);
  return parsed && parsed.isValid() ? parsed.number : undefined;
}

export function normalizeIdentityValue(type: IdentityType, raw: string, defaultRegion: CountryCode): string | undefined {
  switch (type) {
    case 'email':
      return normalizeEmail(raw);
    case 'phone':
      return normalizePhone(raw, defaultRegion);
    case 'external_id':
      return raw.includes(':') ? raw.trim() : undefined;
    default:
      // WeChat ids are opaque and case-sensitive: kept exactly as issued.
      return raw.trim() || undefined;
  }
}

export type IdentifierResult = { ok: true; identifiers: Identifier[] } | { ok: false; reason: string };

/**
 * A phone of a possible length that libphonenumber's ranges do not hold (a typo in the area code, a range newer
 * than the metadata): worth keeping as evidence, too doubtful to link on.
 */
function isPossiblePhone(raw: string, defaultRegion: CountryCode): boolean {
  return parsePhoneNumberFromString(raw.trim(), defaultRegion)?.isPossible() ?? false;
}

/**
 * The identifiers one source record contributes; a malformed e-mail or phone rejects the record. A masked one
 * (138****8000, j***@qq.com, as many exports write them), or a phone that is possible but not valid, is kept
 * with the record as evidence for identity resolution, but is no identifier: many people share one mask, and
 * an invalid number may be anybody's.
 */
export function extractIdentifiers(source: string, record: CanonicalRecord, defaultRegion: CountryCode): IdentifierResult {
  const identifiers: Identifier[] = [{ type: 'external_id', value: `${source}:${record.externalId}`, raw: record.externalId }];
  for (const type of ['email', 'phone', 'wechat_unionid', 'wechat_openid'] as const) {
    const raw = record.fields[type];
    if (raw === undefined || ((type === 'email' || type === 'phone') && isMasked(raw))) continue;
    const value = normalizeIdentityValue(type, raw, defaultRegion);
    if (value === undefined && type === 'phone' && isPossiblePhone(raw, defaultRegion)) continue;
    if (value === undefined) {
      return { ok: false, reason: `${type}: '${maskForMessage(raw)}' is not a valid ${type === 'phone' ? `phone number (default region ${defaultRegion})` : type}` };
    }
    identifiers.push({ type, value, raw });
  }
  return { ok: true, identifiers };
}

/** Error messages reach logs and CLI output: show the shape of a bad value, not the value. */
function maskForMessage(raw: string): string {
  if (raw.length <= 4) return '*'.repeat(raw.length);
  return raw.slice(0, 2) + '*'.repeat(Math.min(raw.length - 4, 8)) + raw.slice(-2);
}

import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { isMasked } from './masked-values';

export interface NormalizedPhone {
  /** E.164, only for numbers libphonenumber accepts as valid: the identifier. */
  e164?: string;
  /** National significant number, or the bare digits of a number we could not validate (evidence only). */
  digits: string;
  /** Digits and '*' of a masked number such as 138****8000. */
  masked?: string;
}

// Shorter digit runs are extensions, typos or junk: nothing to compare.
const MIN_DIGITS = 6;

/** E.164 when valid in `defaultRegion` (or with its own country code); otherwise digits kept as evidence. */
export function normalizePhone(raw: string, defaultRegion: CountryCode): NormalizedPhone | undefined {
  const trimmed = raw.trim();
  if (isMasked(trimmed)) {
    const masked = trimmed.replace(/[xX•●]/g, '*').replace(/[^\d*]/g, '');
    return /\d/.test(masked) ? { digits: '', masked } : undefined;
  }
  const parsed = parsePhoneNumberFromString(trimmed, defaultRegion);
  if (parsed && parsed.isValid()) return { e164: parsed.number, digits: parsed.nationalNumber };
  const digits = trimmed.replace(/\D/g, '');
  return digits.length >= MIN_DIGITS ? { digits } : undefined;
}

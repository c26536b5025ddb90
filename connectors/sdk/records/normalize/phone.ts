import { createRequire } from 'node:module';
import path from 'node:path';
import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { isMasked } from './masked-values';

memoizeLibphonenumberPatterns();

export interface NormalizedPhone {
  /** E.164 of a well-formed number: the identifier. */
  e164?: string;
  /**
   * Set when the number has a possible length for its country but no range libphonenumber knows (a range
   * newer than its metadata, a typo in the prefix): still an identifier, a weaker one.
   */
  unknownRange?: true;
  /** National significant number, or the bare digits of a number too short or long to be one (evidence only). */
  digits: string;
  /** Digits and '*' of a masked number such as 138****8000. */
  masked?: string;
}

// Shorter digit runs are extensions, typos or junk: nothing to compare.
const MIN_DIGITS = 6;
// One digit repeated, or counting up: typed to get past a form, nobody's number.
const FILLER_DIGITS = /^(\d)\1+$|^0?123456789/;

/**
 * E.164 of a number read in `region` when it has no country code. Every spelling of one number gives one
 * E.164: `+86 138…`, `86-138…`, `(86)138…`, `0086 138…` (00 is the international prefix of most of the world,
 * even in a record read as American), `138…` read in CN. A number of a possible length that no known range
 * holds is kept as an identifier marked `unknownRange`; a digit run of no possible length is evidence only.
 */
export function normalizePhone(raw: string, region: CountryCode): NormalizedPhone | undefined {
  const trimmed = raw.trim();
  if (isMasked(trimmed)) {
    const masked = trimmed.replace(/[xX•●]/g, '*').replace(/[^\d*]/g, '');
    return /\d/.test(masked) ? { digits: '', masked } : undefined;
  }
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < MIN_DIGITS) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed, region);
  if (parsed?.isValid()) return { e164: parsed.number, digits: parsed.nationalNumber };
  const international = digits.startsWith('00') && !trimmed.startsWith('+') ? parsePhoneNumberFromString(`+${digits.slice(2)}`) : undefined;
  if (international?.isValid()) return { e164: international.number, digits: international.nationalNumber };
  const wellFormed = international ?? (trimmed.startsWith('+') ? parsed : parsed && hasFullLength(parsed, region) ? parsed : undefined);
  if (wellFormed?.isPossible() && !FILLER_DIGITS.test(wellFormed.nationalNumber)) return { e164: wellFormed.number, unknownRange: true, digits: wellFormed.nationalNumber };
  return { digits };
}

/**
 * Well-formed without a country code: as long as a mobile number of its region. libphonenumber calls a
 * local number without its area code (906 8600) possible too; that is a number of one town, and as many towns
 * have it, it is no identifier. A number with a country code (+1 247…) is well-formed when possible.
 */
function hasFullLength(parsed: PhoneNumber, region: CountryCode): boolean {
  const example = (mobileExamples as Partial<Record<CountryCode, string>>)[parsed.country ?? region];
  return example !== undefined && parsed.nationalNumber.length === example.length;
}

/**
 * libphonenumber-js builds `new RegExp('^(?:' + pattern + ')$')` for every pattern it checks, several per
 * number and one per country of a shared calling code (+1), which is a third of the time a million numbers
 * take. One pattern always makes the same expression, and test() of an expression without flags keeps no
 * state, so compiling each pattern once changes nothing but the time. The helper is internal to the
 * package: if it is not where it was, numbers are read exactly as before, only slower.
 */
function memoizeLibphonenumberPatterns(): void {
  try {
    const requireHere = createRequire(__filename);
    const root = path.dirname(requireHere.resolve('libphonenumber-js/package.json'));
    const helper = requireHere(path.join(root, 'build/helpers/matchesEntirely.js')) as { default?: unknown };
    if (typeof helper.default !== 'function' || helper.default.name === 'matchesEntirelyCompiledOnce') return;
    const compiled = new Map<string, RegExp>();
    helper.default = function matchesEntirelyCompiledOnce(text: string | undefined, pattern: string): boolean {
      let expression = compiled.get(pattern);
      if (!expression) compiled.set(pattern, (expression = new RegExp('^(?:' + pattern + ')$')));
      return expression.test(text || '');
    };
  } catch {
    // Left as the package ships it.
  }
}

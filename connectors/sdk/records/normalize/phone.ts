import { createRequire } from 'node:module';
import path from 'node:path';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { isMasked } from './masked-values';

memoizeLibphonenumberPatterns();

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

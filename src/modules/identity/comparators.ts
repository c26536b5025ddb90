import { jaroWinkler } from './jaro-winkler';
import type { CalendarDate } from './normalize/date';
import { maskedMatches, type NormalizedEmail, type NormalizedPhone } from '../../../connectors/sdk/records';
import type { OrganisationName } from './normalize/name';

/**
 * Comparators turn two values into an agreement level: an index into the level names, strongest agreement
 * first. The Fellegi-Sunter model gives every level its own weight, so the cut-offs here only need to
 * separate kinds of agreement, not to be right about matches.
 */
export const TEXT_LEVELS = ['exact', 'close', 'similar', 'different'] as const;
export const CODE_LEVELS = ['exact', 'typo', 'different'] as const;
export const PHONE_LEVELS = ['exact', 'partial', 'different'] as const;
export const EMAIL_LEVELS = ['exact', 'similar', 'different'] as const;
export const EQUALITY_LEVELS = ['exact', 'different'] as const;

const CLOSE = 0.92;
const SIMILAR = 0.8;

/** Jaro-Winkler similarity in [0, 1]. */
export function similarity(a: string, b: string): number {
  return jaroWinkler(a, b);
}

export function textLevel(a: string, b: string): number {
  if (a === b) return 0;
  const score = similarity(a, b);
  return score >= CLOSE ? 1 : score >= SIMILAR ? 2 : 3;
}

/** Text levels, where names that sound alike (same phonetic key) are at least similar. */
export function nameLevel(a: string, b: string, phoneticA: string | undefined, phoneticB: string | undefined): number {
  const level = textLevel(a, b);
  return level === 3 && phoneticA !== undefined && phoneticA === phoneticB ? 2 : level;
}

/** Keyed-in codes (ids, postcodes, house numbers): one typed character wrong or two swapped is a typo. */
export function codeLevel(a: string, b: string): number {
  if (a === b) return 0;
  return withinOneEdit(a, b) || isAdjacentSwap(a, b) ? 1 : 2;
}

/** Levenshtein distance ≤ 1 (one character inserted, deleted or replaced), without computing the distance. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a.length < b.length) [a, b] = [b, a];
  if (a.length - b.length > 1) return false;
  let i = 0;
  while (i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // Past the first difference the rest must agree: shifted by one for a deletion, aligned for a replacement.
  const skip = a.length === b.length ? 1 : 0;
  for (let j = i + 1; j < a.length; j++) if (a.charCodeAt(j) !== b.charCodeAt(j - 1 + skip)) return false;
  return true;
}

function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let first = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (first >= 0) return i === first + 1 && a[first] === b[i] && a[i] === b[first] && a.slice(i + 1) === b.slice(i + 1);
    first = i;
  }
  return false;
}

/** Word sets compared word by word (symmetric Monge-Elkan with Jaro-Winkler), so order and extra words cost little. */
export function tokenSetLevel(a: readonly string[], b: readonly string[]): number {
  if (a.length === b.length && a.every((word, i) => word === b[i])) return 0;
  const score = (bestMatchMean(a, b) + bestMatchMean(b, a)) / 2;
  return score >= CLOSE ? 1 : score >= SIMILAR ? 2 : 3;
}

const SIMILAR_LEVEL = 2;

/**
 * Organisation names by their words (tokenSetLevel). Two industries named, and different, make one trade name
 * two companies (盛世科技, 盛世贸易): at most similar. An industry only one name gives says nothing, and
 * industries never bring different words closer.
 */
export function organisationLevel(a: OrganisationName, b: OrganisationName): number {
  const level = tokenSetLevel(a.words, b.words);
  return a.industry !== undefined && b.industry !== undefined && a.industry !== b.industry ? Math.max(level, SIMILAR_LEVEL) : level;
}

function bestMatchMean(from: readonly string[], to: readonly string[]): number {
  let total = 0;
  for (const word of from) {
    let best = -Infinity;
    for (const other of to) best = Math.max(best, similarity(word, other));
    total += best;
  }
  return total / from.length;
}

/**
 * Dates: a swapped day and month, or one mistyped part, is a typo. January 1st stands for "the year only"
 * (what a form fills in, what a date known to its year is written as): against any date of that year it
 * agrees as far as it goes, a typo's worth, never exactly, and it never says two dates of one year differ.
 */
export function dateLevel(a: CalendarDate, b: CalendarDate): number {
  if (isYearOnly(a.month, a.day) || isYearOnly(b.month, b.day)) return a.year === b.year ? 1 : 2;
  const same = Number(a.year === b.year) + Number(a.month === b.month) + Number(a.day === b.day);
  if (same === 3) return 0;
  const swapped = a.year === b.year && a.month === b.day && a.day === b.month;
  return same === 2 || swapped ? 1 : 2;
}

export function isYearOnly(month: number, day: number): boolean {
  return month === 1 && day === 1;
}

/** Phones: the same subscriber number without (or with another) area code, one hidden behind a mask, or an equal number outside the known ranges, is partial. */
export function phoneLevel(a: NormalizedPhone, b: NormalizedPhone): number {
  if (a.masked || b.masked) return maskedPhoneLevel(a, b);
  // A number outside the known ranges may be a mistyped one: equal, it agrees less than a known number.
  if (a.e164 && a.e164 === b.e164) return a.unknownRange ? 1 : 0;
  if (a.digits === b.digits) return 0;
  return sameSubscriber(a.digits, b.digits) ? 1 : 2;
}

/** The last 7 digits agree (both numbers have at least 7). */
function sameSubscriber(a: string, b: string): boolean {
  if (a.length < 7 || b.length < 7) return false;
  for (let i = 1; i <= 7; i++) if (a.charCodeAt(a.length - i) !== b.charCodeAt(b.length - i)) return false;
  return true;
}

function maskedPhoneLevel(a: NormalizedPhone, b: NormalizedPhone): number {
  if (a.masked && b.masked) return a.masked === b.masked ? 1 : 2;
  const [masked, full] = a.masked ? [a.masked, b] : [b.masked!, a];
  const candidates = [full.digits, full.e164?.slice(1)].filter((value): value is string => value !== undefined);
  return candidates.some((value) => maskedMatches(masked, value)) ? 1 : 2;
}

/** E-mails: the same mailbox at another domain, a one-typo address, or a consistent mask is similar. */
export function emailLevel(a: NormalizedEmail, b: NormalizedEmail): number {
  if (a.masked || b.masked) {
    if (a.masked && b.masked) return a.address === b.address ? 1 : 2;
    const [masked, full] = a.masked ? [a, b] : [b, a];
    return masked.domain === full.domain && maskedMatches(masked.mailbox, full.mailbox) ? 1 : 2;
  }
  if (a.address === b.address) return 0;
  return a.mailbox === b.mailbox || (withinOneEdit(a.address, b.address) && !differsOnlyInDigitsOrSeparators(a.address, b.address)) ? 1 : 2;
}

/**
 * wang.wei1@ and wang.wei2@ are two accounts (families number theirs), and so are thomas.wilson@ and
 * thomas_wilson@ (a common name takes every spelling a provider allows): not a typo of one, as the two are
 * equal once their digits and separators are left out. Walked in place: namesakes' addresses meet here by
 * the million.
 */
export function differsOnlyInDigitsOrSeparators(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && isDigitOrSeparator(a.charCodeAt(i))) i++;
    while (j < b.length && isDigitOrSeparator(b.charCodeAt(j))) j++;
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
    i++;
    j++;
  }
}

// Digits and the separators a mailbox name may hold: '.', '_', '-'.
function isDigitOrSeparator(code: number): boolean {
  return (code >= 48 && code <= 57) || code === 46 || code === 95 || code === 45;
}

export function equalityLevel(a: string, b: string): number {
  return a === b ? 0 : 1;
}

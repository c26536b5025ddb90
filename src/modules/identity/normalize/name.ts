import { doubleMetaphone } from 'double-metaphone';
import { comparableText, foldLatin, hanziToPinyin, hasHanzi, tokens } from './text';

/** A person's name as compared: given and family parts, each one string without spaces. */
export interface PersonName {
  given?: string;
  family?: string;
}

export interface NameFields {
  first_name?: string;
  last_name?: string;
  full_name?: string;
}

// Two-character surnames; every other Chinese surname is one character.
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕',
  '令狐', '钟离', '闻人', '澹台', '端木', '南宫', '独孤', '西门', '申屠', '太史', '呼延', '万俟', '百里', '东郭',
]);
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'madam', 'mx']);

/** How each name field is read on its own; a resolution run swaps in memoized versions of the same. */
export interface NameFieldReaders {
  given(raw: string): string | undefined;
  family(raw: string): string | undefined;
  full(raw: string): PersonName;
}

export const NAME_FIELD_READERS: NameFieldReaders = {
  given: (raw) => namePart(raw, false),
  family: (raw) => namePart(raw, true),
  full: splitFullName,
};

/**
 * Given and family name from whichever fields a source filled. Spaces are dropped inside a part because
 * sources split names differently ("cole man", "Xiao Ming", 小明 → xiaoming).
 */
export function personName(fields: NameFields, readers: NameFieldReaders = NAME_FIELD_READERS): PersonName {
  const given = fields.first_name ? readers.given(fields.first_name) : undefined;
  const family = fields.last_name ? readers.family(fields.last_name) : undefined;
  if (given || family || !fields.full_name) return { given, family };
  return readers.full(fields.full_name);
}

function namePart(raw: string, isFamily: boolean): string | undefined {
  const text = hasHanzi(raw) ? hanziToPinyin(raw.replace(/\s+/g, ''), isFamily).join('') : comparableText(raw);
  return text.replaceAll(' ', '') || undefined;
}

function splitFullName(raw: string): PersonName {
  const compact = raw.replace(/\s+/g, '');
  if (/^\p{Script=Han}+$/u.test(compact)) {
    // Chinese order: family name first.
    const familyLength = compact.length > 2 && COMPOUND_SURNAMES.has(compact.slice(0, 2)) ? 2 : 1;
    const family = hanziToPinyin(compact.slice(0, familyLength), true).join('');
    const given = hanziToPinyin(compact.slice(familyLength)).join('') || undefined;
    return { given, family };
  }
  if (raw.includes(',')) {
    // "Family, Given" as many exports write it.
    const [family, ...given] = raw.split(',');
    return { family: namePart(family, true), given: namePart(given.join(' '), false) };
  }
  // A hyphen joins one name part (García-Márquez), it does not separate two.
  const words = tokens(comparableText(raw.replace(/(?<=\p{L})-(?=\p{L})/gu, ''))).filter((word) => !TITLES.has(word));
  if (words.length === 0) return {};
  if (words.length === 1) return { given: words[0] };
  return { given: words.slice(0, -1).join(''), family: words.at(-1) };
}

/** Primary Double Metaphone code of a Latin name part: "catherine" and "kathryn" share one. */
export function phoneticKey(namePart: string): string | undefined {
  const latin = foldLatin(namePart).replace(/[^a-z]/g, '');
  if (latin === '') return undefined;
  return doubleMetaphone(latin)[0] || undefined;
}

// Words that name the kind of organisation rather than which one.
const ORGANISATION_NOISE = new Set(['the', 'of', 'and', 'inc', 'llc', 'ltd', 'co', 'corp', 'company', 'limited']);

/** Distinct words of an organisation's name, order ignored ("Salvation Army - Temple / Salvation Army"). */
export function organisationTokens(raw: string): string[] {
  return [...new Set(tokens(comparableText(raw)).filter((word) => !ORGANISATION_NOISE.has(word)))].sort();
}

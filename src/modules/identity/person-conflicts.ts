import { areNameVariants } from './normalize/english-given-names';
import { codeLevel, dateLevel, textLevel } from './comparators';
import { isPinyin } from './normalize/text';
import type { CalendarDate } from './normalize/date';
import type { NormalizedRecord } from './normalized-record';

/**
 * What a record says about which person it is, beyond what people share: the fields on which two records of
 * two people differ in a way no typing error explains. Addresses and identifiers are not among them
 * (households and front desks share them), nor a family name written in Latin letters alone (a married name,
 * a romanization); a Chinese family name is (chineseName), as it changes with nobody's marriage.
 */
export interface PersonEvidence {
  given?: string;
  givenHanzi?: string;
  givenPhonetic?: string;
  family?: string;
  familyHanzi?: string;
  /** Written in hanzi, or in pinyin in both parts (Wang Fang, WAN WEICHENG): compared as a Chinese name. */
  chineseName?: true;
  dateOfBirth?: CalendarDate;
  nationalId?: string;
  gender?: string;
}

export type ConflictField = 'national_id' | 'date_of_birth' | 'given_name' | 'family_name' | 'gender';

/** Evidence that two records are two people: which field, and the two values (as compared). */
export interface Conflict {
  field: ConflictField;
  left: string;
  right: string;
}

/** The record's evidence, or undefined when it has none (a record of a phone alone is anybody's). */
export function evidenceOf(record: NormalizedRecord): PersonEvidence | undefined {
  const nationalId = record.nationalId !== undefined && record.identifiers.some((identifier) => identifier.type === 'national_id') ? record.nationalId : undefined;
  return personEvidence({ ...record, nationalId });
}

/** Evidence from the fields it is made of, as a record or the columns of a run hold them. */
export function personEvidence(parts: PersonEvidence): PersonEvidence | undefined {
  // One shape for every record's evidence (a million of them in a run): each field set, undefined or not.
  const evidence: PersonEvidence = {
    given: parts.given,
    givenHanzi: parts.givenHanzi,
    givenPhonetic: parts.givenPhonetic,
    family: parts.family,
    familyHanzi: parts.familyHanzi,
    chineseName: undefined,
    dateOfBirth: parts.dateOfBirth,
    nationalId: parts.nationalId,
    gender: parts.gender,
  };
  if (isChineseName(evidence)) evidence.chineseName = true;
  return hasEvidence(evidence) ? evidence : undefined;
}

function isChineseName(evidence: PersonEvidence): boolean {
  if (evidence.givenHanzi !== undefined || evidence.familyHanzi !== undefined) return true;
  return evidence.given !== undefined && evidence.family !== undefined && isPinyin(evidence.given) && isPinyin(evidence.family);
}

export function hasEvidence(evidence: PersonEvidence): boolean {
  return evidence.given !== undefined || evidence.familyHanzi !== undefined || evidence.chineseName !== undefined || evidence.dateOfBirth !== undefined || evidence.nationalId !== undefined || evidence.gender !== undefined;
}

/**
 * Whether two records' own evidence says they are two people, and which field says it most strongly. Each
 * field that both records state weighs for or against one person (PERSON_EVIDENCE_WEIGHTS); the records
 * conflict when the sum is below zero. A conflict is what typing cannot explain: national ids more than one
 * digit or a swap apart; dates of birth differing in more than one of year, month and day (a swapped day and
 * month is a typo); two given names both written that are neither one name spelt otherwise (a typo, a variant
 * such as Bob and Robert, the same hanzi sound, pinyin for hanzi, the two name parts swapped) nor one short for
 * the other (J., Chris); two stated genders. Agreement on the same personal fields can outweigh one conflict:
 * a record whose given name was replaced but whose birth date and national id agree is the same person (data
 * entry does that), a household's two members who differ in given name and birth date are not. What
 * households share (family name, address, phone, e-mail) is never weighed here, so it cannot outweigh a
 * conflict.
 */
export function conflictBetween(a: PersonEvidence, b: PersonEvidence): Conflict | undefined {
  // weighFields' verdict, without its objects: scoring asks this of millions of candidate pairs.
  if (a === b) return undefined;
  let balance = 0;
  let worst = 0;
  let worstField: (typeof WEIGHED_FIELDS)[number] | undefined;
  const weigh = (weight: number, field: (typeof WEIGHED_FIELDS)[number]) => {
    balance += weight;
    if (weight < worst) [worst, worstField] = [weight, field];
  };
  if (a.nationalId !== undefined && b.nationalId !== undefined) weigh(PERSON_EVIDENCE_WEIGHTS.nationalId[codeLevel(a.nationalId, b.nationalId)], 'nationalId');
  if (a.dateOfBirth !== undefined && b.dateOfBirth !== undefined) weigh(PERSON_EVIDENCE_WEIGHTS.dateOfBirth[dateLevel(a.dateOfBirth, b.dateOfBirth)], 'dateOfBirth');
  const names = nameLevel(a, b);
  if (names !== undefined) weigh(PERSON_EVIDENCE_WEIGHTS.name[names.level], 'name');
  if (a.gender !== undefined && b.gender !== undefined && a.gender !== b.gender) weigh(PERSON_EVIDENCE_WEIGHTS.genderDiffers, 'gender');
  if (balance >= 0 || worstField === undefined) return undefined;
  return worstField === 'name' ? names!.conflict : weighFields(a, b)[worstField]!.conflict!();
}

/**
 * Whether a record's evidence says it is another person than the one a profile's records describe. Each
 * field weighs as it compares with the profile record that agrees best on it: one person's records carry
 * different typos (1716-10-11 in one, 1761-10-06 in another, 1761-10-11 in a third), and what one record
 * mistyped another holds right. A record that conflicts with every spelling of a field still conflicts.
 */
export function conflictWithRecords(record: PersonEvidence, profile: readonly PersonEvidence[]): Conflict | undefined {
  if (profile.length === 1) return conflictBetween(record, profile[0]);
  const best: FieldWeights = {};
  for (const other of profile) {
    const weighed = weighFields(record, other);
    for (const field of WEIGHED_FIELDS) {
      const candidate = weighed[field];
      if (candidate !== undefined && (best[field] === undefined || candidate.weight > best[field].weight)) best[field] = candidate;
    }
  }
  return verdict(best);
}

/** What one field of two records says: a weight, and the conflict it names when it weighs against. */
interface Weighed {
  weight: number;
  conflict?: () => Conflict;
}

const WEIGHED_FIELDS = ['nationalId', 'dateOfBirth', 'name', 'gender'] as const;
type FieldWeights = Partial<Record<(typeof WEIGHED_FIELDS)[number], Weighed>>;

function weighFields(a: PersonEvidence, b: PersonEvidence): FieldWeights {
  const fields: FieldWeights = {};
  if (a.nationalId !== undefined && b.nationalId !== undefined) {
    const level = codeLevel(a.nationalId, b.nationalId);
    fields.nationalId = { weight: PERSON_EVIDENCE_WEIGHTS.nationalId[level], conflict: () => ({ field: 'national_id', left: a.nationalId!, right: b.nationalId! }) };
  }
  if (a.dateOfBirth !== undefined && b.dateOfBirth !== undefined) {
    const level = dateLevel(a.dateOfBirth, b.dateOfBirth);
    fields.dateOfBirth = { weight: PERSON_EVIDENCE_WEIGHTS.dateOfBirth[level], conflict: () => ({ field: 'date_of_birth', left: showDate(a.dateOfBirth!), right: showDate(b.dateOfBirth!) }) };
  }
  const names = nameLevel(a, b);
  if (names !== undefined) fields.name = { weight: PERSON_EVIDENCE_WEIGHTS.name[names.level], conflict: names.conflict && (() => names.conflict) };
  if (a.gender !== undefined && b.gender !== undefined) {
    fields.gender = a.gender === b.gender ? { weight: 0 } : { weight: PERSON_EVIDENCE_WEIGHTS.genderDiffers, conflict: () => ({ field: 'gender', left: a.gender!, right: b.gender! }) };
  }
  return fields;
}

/** The fields' weights summed: below zero, the strongest conflict among them. */
function verdict(fields: FieldWeights): Conflict | undefined {
  let balance = 0;
  let strongest: Weighed | undefined;
  for (const field of WEIGHED_FIELDS) {
    const weighed = fields[field];
    if (weighed === undefined) continue;
    balance += weighed.weight;
    if (weighed.weight < (strongest?.weight ?? 0)) strongest = weighed;
  }
  return balance < 0 ? strongest?.conflict?.() : undefined;
}

/**
 * How much each comparison of personal evidence says for (positive) or against (negative) one person, in
 * rough bits, by level: equal, a typo apart (an initial, a variant), different. These are the weights among
 * records that already share something (a phone, an address): there two people rarely share a birth date or
 * a given name, while one person's records often carry a replaced id or a mistyped date. So agreement weighs
 * more than one disagreement: a given name that differs is outweighed by an equal birth date even when the
 * national ids differ too (a replaced name, a colleague's id); a birth date that differs is outweighed by an
 * equal national id or by a given name and a near national id. A household's two members (other given name,
 * other birth date) and a father and son of one name (other birth date) stay apart; twins (same birth date,
 * other given name) stay apart only if their stated genders differ: their records cannot tell them from a
 * replaced name.
 */
export const PERSON_EVIDENCE_WEIGHTS = {
  nationalId: [10, 4, -3],
  dateOfBirth: [7, 2, -4],
  name: [3, 1, -4],
  genderDiffers: -4,
} as const;

type NameLevel = { level: 0 | 1; conflict?: undefined } | { level: 2; conflict: Conflict };
const NAMES_EQUAL: NameLevel = { level: 0 };
const NAMES_AGREE: NameLevel = { level: 1 };

/**
 * How two records' names compare as evidence of one person, or undefined when they cannot. A Chinese name
 * (chineseName) and any other compare whole: the family names, and the given names, must each agree, in either order (Latin
 * spellings put either part first), and a surname alone (高先生) must be one of the other's parts. Otherwise the
 * given names compare, and the family names only to see the two parts swapped.
 */
function nameLevel(a: PersonEvidence, b: PersonEvidence): NameLevel | undefined {
  if (a.chineseName || b.chineseName) return chineseNameLevel(a, b);
  if (a.given === undefined || b.given === undefined) return undefined;
  if (a.given === b.given) return NAMES_EQUAL;
  if (!givenNamesConflict(a, b)) return NAMES_AGREE;
  return { level: 2, conflict: { field: 'given_name', left: a.givenHanzi ?? a.given, right: b.givenHanzi ?? b.given } };
}

function chineseNameLevel(a: PersonEvidence, b: PersonEvidence): NameLevel | undefined {
  // One name written alike twice, the common case: nothing to weigh part by part.
  if (a.given === b.given && a.family === b.family && a.givenHanzi === b.givenHanzi && a.familyHanzi === b.familyHanzi) return a.given === undefined ? undefined : NAMES_EQUAL;
  const [givenA, familyA, givenB, familyB] = [chinesePart(a, 'given'), chinesePart(a, 'family'), chinesePart(b, 'given'), chinesePart(b, 'family')];
  if (givenA && familyA && givenB && familyB) {
    const straight = [partLevel(givenA, givenB, 'given'), partLevel(familyA, familyB, 'family')];
    const swapped = [partLevel(givenA, familyB, 'given'), partLevel(familyA, givenB, 'given')];
    const best = [straight, swapped].filter((levels) => levels.every((level) => level < 2)).map((levels) => Math.max(...levels))[0];
    if (best !== undefined) return best === 0 ? NAMES_EQUAL : NAMES_AGREE;
    const familiesAgree = partLevel(familyA, familyB, 'family') < 2 || partLevel(familyA, givenB, 'family') < 2;
    return familiesAgree ? nameConflict('given_name', givenA, givenB) : nameConflict('family_name', familyA, familyB);
  }
  // A surname alone, or a given name alone: it must be one of the other's parts (a Latin spelling's order is unknown).
  const [lone, other] = givenA && familyA ? [givenB ?? familyB, [givenA, familyA]] : [givenA ?? familyA, [givenB, familyB].filter((part) => part !== undefined)];
  if (lone === undefined || other.length === 0) return undefined;
  if (other.some((part) => partLevel(lone, part!, 'family') < 2)) return NAMES_AGREE;
  const field = (lone === familyA || lone === familyB) && !(givenA && familyA && lone === givenB) ? 'family_name' : 'given_name';
  return nameConflict(field, lone, other[0]!);
}

/** A part of a Chinese name as compared: its pinyin (what meets a Latin spelling) and its hanzi, if written so. */
interface ChinesePart {
  text: string;
  hanzi?: string;
  phonetic?: string;
}

function chinesePart(evidence: PersonEvidence, part: 'given' | 'family'): ChinesePart | undefined {
  const text = evidence[part];
  if (text === undefined) return undefined;
  return part === 'given' ? { text, hanzi: evidence.givenHanzi, phonetic: evidence.givenPhonetic } : { text, hanzi: evidence.familyHanzi };
}

/**
 * Two parts of Chinese names: 0 the same, 1 one person's (one sound in hanzi, 张 and 章; a typo in Latin
 * letters; a given name and the character it is cut to), 2 two people's.
 */
function partLevel(a: ChinesePart, b: ChinesePart, kind: 'given' | 'family'): number {
  if (a.hanzi !== undefined && b.hanzi !== undefined) {
    if (a.hanzi === b.hanzi) return 0;
    if (a.text === b.text) return 1;
    return kind === 'given' && (a.hanzi.includes(b.hanzi) || b.hanzi.includes(a.hanzi)) ? 1 : 2;
  }
  if (a.text === b.text) return 0;
  // Pinyin parts are short and alike (yu, yuxuan; li, lu): a typo is one keystroke in a longer one, no more.
  const typo = Math.min(a.text.length, b.text.length) >= 4 && codeLevel(a.text, b.text) === 1;
  return typo || (kind === 'given' && (isShortFor(a.text, b.text) || isShortFor(b.text, a.text))) ? 1 : 2;
}

function nameConflict(field: 'given_name' | 'family_name', a: ChinesePart, b: ChinesePart): NameLevel {
  return { level: 2, conflict: { field, left: a.hanzi ?? a.text, right: b.hanzi ?? b.text } };
}

const TEXT_SIMILAR = 2;

/** Two given names, both written, that neither one name spelt otherwise nor one short for the other explains. */
function givenNamesConflict(a: PersonEvidence, b: PersonEvidence): boolean {
  if (a.givenHanzi !== undefined && b.givenHanzi !== undefined) {
    // Both in hanzi: other characters of another sound are another name, unless one name is part of the other.
    return a.given !== b.given && !a.givenHanzi.includes(b.givenHanzi) && !b.givenHanzi.includes(a.givenHanzi);
  }
  if (namePartsSwapped(a, b)) return false;
  return !givenNamesAgree(a.given!, b.given!, a.givenPhonetic, b.givenPhonetic);
}

/** The given name written where the other record has the family name, and the other way round (typos allowed). */
function namePartsSwapped(a: PersonEvidence, b: PersonEvidence): boolean {
  if (a.family === undefined || b.family === undefined) return false;
  return textLevel(a.given!, b.family) <= TEXT_SIMILAR && textLevel(a.family, b.given!) <= TEXT_SIMILAR;
}

// Many records share a handful of given names: their verdicts are kept (bounded, emptied when full).
const AGREEMENT_MEMO_CAPACITY = 200_000;
const agreementMemo = new Map<string, boolean>();

/** Two given names, as compared texts, that one person may both be written as. */
function givenNamesAgree(a: string, b: string, phoneticA: string | undefined, phoneticB: string | undefined): boolean {
  const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
  const known = agreementMemo.get(key);
  if (known !== undefined) return known;
  const agree =
    isShortFor(a, b) ||
    isShortFor(b, a) ||
    areNameVariants(a, b) ||
    textLevel(a, b) <= TEXT_SIMILAR ||
    (phoneticA !== undefined && phoneticA === phoneticB);
  if (agreementMemo.size >= AGREEMENT_MEMO_CAPACITY) agreementMemo.clear();
  agreementMemo.set(key, agree);
  return agree;
}

/**
 * An initial (J for John), or the start or the end of the longer name, three letters or more: Chris for
 * Christopher, John for John Henry, and Hong for Xiaohong (a two-character Chinese given name is often cut to
 * one of its characters).
 */
function isShortFor(short: string, long: string): boolean {
  if (short.length >= long.length) return false;
  return short.length === 1 ? long.startsWith(short) : short.length >= 3 && (long.startsWith(short) || long.endsWith(short));
}

function showDate(date: CalendarDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

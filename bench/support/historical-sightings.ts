import type { ResolutionRecord } from '../../src/modules/identity';
import { GIVEN_NAME_VARIANTS, SURNAME_VARIANTS, type Culture, type Gender } from './historical-people-lexicon';

/** The random draws a record needs; the generator's seeded world provides them. */
export interface Draws {
  chance(probability: number): boolean;
  pick<T>(values: readonly T[]): T;
  int(min: number, max: number): number;
  /** Uniform in [0, 1). */
  float(): number;
}

type Fields = ResolutionRecord['fields'];

/** Per-record probabilities of each way a clerk, an OCR pass or a merged source writes a person otherwise. */
const RECORD_NOISE = {
  fullNameOnly: 0.2,
  namesSwapped: 0.02,
  givenMissing: 0.07,
  givenInitial: 0.06,
  givenVariant: 0.16,
  givenTypo: 0.08,
  middleShown: 0.3,
  middleInitial: 0.1,
  surnameMissing: 0.03,
  surnameVariant: 0.1,
  mcMacSwapped: 0.35,
  surnameTypo: 0.08,
  surnameUpperCase: 0.05,
  birthMissing: 0.1,
  birthYearOnly: 0.06,
  birthOtherDay: 0.05,
  birthOtherMonth: 0.03,
  birthYearOff: 0.05,
  birthDayMonthSwapped: 0.03,
  birthYearDigitTypo: 0.02,
  placeMissing: 0.15,
  placeLarger: 0.07,
  placeExonym: 0.3,
  placeTypo: 0.05,
  postcodeMissing: 0.25,
  postcodeOther: 0.45,
  genderMissing: 0.55,
  genderWrong: 0.01,
} as const;

export interface Place {
  name: string;
  alias?: string;
  larger: string;
  postcodes: string[];
}

/** One real person: what every record of them would say without its mistakes. */
export interface Person {
  entity: string;
  culture: Culture;
  gender: Gender;
  given: string;
  middle?: string;
  family: string;
  birthDate: string;
  /** Known only by the year: every record says YYYY-01-01. */
  yearOnly: boolean;
  place: Place;
  recordCount: number;
}

export function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * What one record of a historical person says: the person's true values, each with this record's own
 * omissions and mistakes, drawn independently per record with the probabilities of RECORD_NOISE. Those are
 * judgment calls, set so that exact first name + surname + birth date finds 10–20% of the true pairs (the
 * issue measured 0.12 on the held-out benchmark) while every kind of damage shows up often.
 */
export function sighting(world: Draws, person: Person): Fields {
  const fields: Fields = {};
  const given = givenAsWritten(world, person);
  const family = surnameAsWritten(world, person);
  if (world.chance(RECORD_NOISE.fullNameOnly)) {
    const full = [given, family].filter(Boolean).join(' ');
    if (full) fields.full_name = full;
  } else {
    const [first, last] = world.chance(RECORD_NOISE.namesSwapped) ? [family, given] : [given, family];
    if (first) fields.first_name = first;
    if (last) fields.last_name = last;
  }
  const birthDate = birthDateAsWritten(world, person);
  if (birthDate) fields.date_of_birth = birthDate;
  const city = placeAsWritten(world, person.place);
  if (city) fields.city = city;
  if (!world.chance(RECORD_NOISE.postcodeMissing)) fields.postcode = world.chance(RECORD_NOISE.postcodeOther) ? world.pick(person.place.postcodes) : person.place.postcodes[0];
  if (!world.chance(RECORD_NOISE.genderMissing)) fields.gender = world.chance(RECORD_NOISE.genderWrong) ? (person.gender === 'male' ? 'female' : 'male') : person.gender;
  return fields;
}

function givenAsWritten(world: Draws, person: Person): string | undefined {
  const roll = world.float();
  const { givenMissing, givenInitial, givenVariant, givenTypo } = RECORD_NOISE;
  if (roll < givenMissing) return undefined;
  if (roll < givenMissing + givenInitial) return world.chance(0.5) ? `${person.given[0]}.` : person.given[0];
  let given = person.given;
  const variants = [...(GIVEN_NAME_VARIANTS[given] ?? []), ...withoutAccents(given)];
  if (roll < givenMissing + givenInitial + givenVariant && variants.length > 0) given = world.pick(variants);
  else if (roll < givenMissing + givenInitial + givenVariant + givenTypo) given = mistyped(world, given);
  if (person.middle && world.chance(RECORD_NOISE.middleShown)) return `${given} ${person.middle}`;
  if (person.middle && world.chance(RECORD_NOISE.middleInitial)) return `${given} ${person.middle[0]}.`;
  return given;
}

function surnameAsWritten(world: Draws, person: Person): string | undefined {
  if (world.chance(RECORD_NOISE.surnameMissing)) return undefined;
  let family = person.family;
  const mac = /^(Mac|Mc)(?=[A-Z])/.exec(family);
  if (mac && world.chance(RECORD_NOISE.mcMacSwapped)) family = (mac[1] === 'Mac' ? 'Mc' : 'Mac') + family.slice(mac[1].length);
  else if (world.chance(RECORD_NOISE.surnameVariant) && surnameVariants(family).length > 0) family = world.pick(surnameVariants(family));
  if (world.chance(RECORD_NOISE.surnameTypo)) family = mistyped(world, family);
  return world.chance(RECORD_NOISE.surnameUpperCase) ? family.toUpperCase() : family;
}

/** Smyth for Smith; Van den Berg, Vandenberg or Berg for van den Berg; García for García López; accents dropped. */
function surnameVariants(family: string): string[] {
  const variants = [...(SURNAME_VARIANTS[family] ?? []), ...withoutAccents(family)];
  const particle = /^((?:van der|van den|van|von|de|di|da|du|le|la) )(.+)$/i.exec(family);
  if (particle) variants.push(particle[2], capitalized(particle[1]) + particle[2], capitalized(particle[1].replaceAll(' ', '')) + particle[2].toLowerCase());
  else if (family.includes(' ')) variants.push(family.split(' ')[0]);
  return variants;
}

function birthDateAsWritten(world: Draws, person: Person): string | undefined {
  const [year, month, day] = person.birthDate.split('-').map(Number);
  const noise = RECORD_NOISE;
  let roll = world.float();
  const next = (probability: number) => (roll -= probability) < 0;
  if (next(noise.birthMissing)) return undefined;
  if (person.yearOnly || next(noise.birthYearOnly)) return isoDate(person.yearOnly && next(noise.birthYearOff) ? year + world.pick([-1, 1]) : year, 1, 1);
  if (next(noise.birthOtherDay)) return isoDate(year, month, otherThan(world, day, daysIn(year, month)));
  if (next(noise.birthOtherMonth)) return validDate(year, otherThan(world, month, 12), day);
  if (next(noise.birthYearOff)) return validDate(year + world.pick([-1, 1]), month, day);
  if (next(noise.birthDayMonthSwapped) && day <= 12 && day !== month) return isoDate(year, day, month);
  // 1856 → 1865: the last two digits of the year swapped.
  if (next(noise.birthYearDigitTypo)) return validDate(Number(`${String(year).slice(0, 2)}${String(year)[3]}${String(year)[2]}`), month, day);
  return person.birthDate;
}

/** The date, its day cut to the month's last (31 April is 30 April; 29 February of a common year, the 28th). */
function validDate(year: number, month: number, day: number): string {
  return isoDate(year, month, Math.min(day, daysIn(year, month)));
}

function otherThan(world: Draws, value: number, max: number): number {
  const other = world.int(1, max - 1);
  return other >= value ? other + 1 : other;
}

function placeAsWritten(world: Draws, place: Place): string | undefined {
  if (world.chance(RECORD_NOISE.placeMissing)) return undefined;
  if (world.chance(RECORD_NOISE.placeLarger)) return place.larger;
  const name = place.alias && world.chance(RECORD_NOISE.placeExonym) ? place.alias : place.name;
  return world.chance(RECORD_NOISE.placeTypo) ? mistyped(world, name) : name;
}

function withoutAccents(value: string): string[] {
  const plain = value.normalize('NFD').replace(/\p{Diacritic}/gu, '');
  return plain === value ? [] : [plain];
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

// What a scanner misreads and a tired hand confuses.
const OCR_CONFUSIONS: readonly [string, string][] = [['rn', 'm'], ['m', 'rn'], ['cl', 'd'], ['li', 'h'], ['u', 'n'], ['n', 'u'], ['e', 'c'], ['a', 'o'], ['o', 'a'], ['i', 'l'], ['l', 'i'], ['h', 'b'], ['w', 'vv']];

/** One edit (four times in five) or two: an OCR confusion, a letter lost, doubled, replaced, or two swapped. The first letter is kept. */
function mistyped(world: Draws, value: string): string {
  if (value.length < 3) return value;
  let typed = value;
  for (let edits = world.chance(0.8) ? 1 : 2; edits > 0; edits--) {
    const ocr = OCR_CONFUSIONS.filter(([from]) => typed.indexOf(from, 1) > 0);
    if (ocr.length > 0 && world.chance(0.3)) {
      const [from, to] = world.pick(ocr);
      const at = typed.indexOf(from, 1);
      typed = typed.slice(0, at) + to + typed.slice(at + from.length);
      continue;
    }
    const at = world.int(1, typed.length - 1);
    const kind = world.int(0, 3);
    if (kind === 0) typed = typed.slice(0, at) + typed.slice(at + 1);
    else if (kind === 1) typed = typed.slice(0, at) + typed[at] + typed.slice(at);
    else if (kind === 2) typed = typed.slice(0, at) + world.pick([...'aeioulnrst']) + typed.slice(at + 1);
    else if (at < typed.length - 1) typed = typed.slice(0, at) + typed[at + 1] + typed[at] + typed.slice(at + 2);
  }
  return typed === value ? `${value.slice(0, -1)}${value.at(-1) === 'e' ? 'a' : 'e'}` : typed;
}

import { Faker, base, de, en, en_GB, es, fr, it, nl } from '@faker-js/faker';
import type { ResolutionRecord } from '../../src/modules/identity';
import { groupsSharingKeys } from './identity-baseline';
import { collectPopulation, type LabelledRecord, type SyntheticPopulation } from './identity-synthetic';
import { COMMON_GIVEN_NAMES, COMMON_SURNAMES, CULTURE_WEIGHTS, NOTABLE_PLACES, type Culture, type Gender } from './historical-people-lexicon';
import { daysIn, isoDate, sighting, type Draws, type Person, type Place } from './historical-sightings';

/**
 * Noisy records of historical people, as a public benchmark of the kind builds them: people born 1500–2000
 * in Britain, the US and continental Europe, each seen in 1–25 records (mean about 10), all from one source
 * and with no identifier at all: first_name and last_name (or a full_name), date_of_birth, city (the birth
 * place), postcode (one of the birth place's several postcodes) and gender. Each record is drawn from the
 * person's true values with its own corruptions (historical-sightings.ts): a pet form, an abbreviation or
 * another language's form of the given name, an initial or nothing; one or two typing or OCR edits; a surname's
 * other spelling (Smyth, Mc for Mac, a particle dropped, a Spanish second surname dropped); a birth date
 * with another day, another month, the year off by one, day and month swapped or only the year (YYYY-01-01);
 * the birth place missing, mistyped, named in English (Munich) or by the larger place (Lancashire).
 * The traps that make a union chain are planted as shares of people (GROUP_SHARES): namesakes (two to four
 * John Smiths in different centuries, a third in one place), families (one surname and birth place,
 * births a generation apart, a son named after his father, twins) and strangers born on one day.
 * Judgment calls, none known from the held-out benchmark (which we have not seen): every probability here
 * and in historical-sightings.ts, chosen so that exact first name + surname + birth date finds 10–20% of
 * the true pairs at precision ~1 as the issue reports; the culture mix (45% British); the Zipf weights of
 * common names; later centuries drawn more often; middle names on a quarter of people; 3% of people known
 * only by their birth year; postcodes built per place (real prefixes, random rest); each person's records
 * written one after another; the name and place lists (historical-people-lexicon.ts).
 */
export function historicalPeople(recordCount: number, seed: number): SyntheticPopulation {
  return collectPopulation(`historical-${recordCount}`, historicalPeopleStream(recordCount, seed));
}

/** The same records as `historicalPeople`, one at a time: only the current group of people is held. */
export function* historicalPeopleStream(recordCount: number, seed: number): Generator<LabelledRecord> {
  const world = new HistoryWorld(seed);
  const peopleOfKind = new Map<GroupKind, number>();
  let people = 0;
  let total = 0;
  while (total < recordCount) {
    const kind = mostOwedKind(peopleOfKind, people);
    for (const person of world.group(kind)) {
      people++;
      peopleOfKind.set(kind, (peopleOfKind.get(kind) ?? 0) + 1);
      for (let copy = 0; copy < person.recordCount; copy++) {
        if (total === recordCount) return;
        yield { record: { id: `hp-${total}`, source: HISTORY_SOURCE, fields: sighting(world, person) }, entity: person.entity };
        total++;
      }
    }
  }
}

/**
 * The naive linkage the issue measured: records with the same first name, surname and birth date (each
 * lower-cased and trimmed, a full_name split at its first space), joined transitively.
 */
export function exactNameAndBirthDateProfiles(records: readonly ResolutionRecord[]): string[][] {
  const groupOf = groupsSharingKeys(records, (record) => {
    const { first_name, last_name, full_name, date_of_birth } = record.fields;
    const [first, last] = first_name || last_name ? [first_name, last_name] : [full_name?.split(' ')[0], full_name?.split(' ').slice(1).join(' ')];
    return first && last && date_of_birth ? [`${first.trim().toLowerCase()}|${last.trim().toLowerCase()}|${date_of_birth}`] : [];
  });
  const profiles = new Map<number, string[]>();
  records.forEach((record, i) => {
    if (!profiles.has(groupOf[i])) profiles.set(groupOf[i], []);
    profiles.get(groupOf[i])!.push(record.id);
  });
  return [...profiles.values()];
}

const HISTORY_SOURCE = 'history';

type GroupKind = 'single' | 'namesakes' | 'family' | 'sameBirthDay';
/** Shares of people; everyone else is born alone, though common names still meet by chance. */
const GROUP_SHARES: Record<Exclude<GroupKind, 'single'>, number> = { namesakes: 0.08, family: 0.14, sameBirthDay: 0.04 };

function mostOwedKind(peopleOfKind: ReadonlyMap<GroupKind, number>, people: number): GroupKind {
  let best: GroupKind = 'single';
  let bestDeficit = 0;
  for (const [kind, share] of Object.entries(GROUP_SHARES) as [GroupKind, number][]) {
    const deficit = share * people - (peopleOfKind.get(kind) ?? 0);
    if (deficit > bestDeficit) [best, bestDeficit] = [kind, deficit];
  }
  return best;
}

const LOCALES = { gb: en_GB, us: en, fr, de, it, es, nl } as const;
const CULTURES = Object.keys(CULTURE_WEIGHTS) as Culture[];
const POSTCODE_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** The seeded generator's state: its random streams, each culture's places, the people counter. */
class HistoryWorld implements Draws {
  readonly random: Faker;
  private readonly local: Record<Culture, Faker>;
  private readonly places: Record<Culture, { value: Place; weight: number }[]>;
  private people = 0;

  constructor(seed: number) {
    this.random = new Faker({ locale: [en, base], seed });
    this.local = Object.fromEntries(CULTURES.map((culture, i) => [culture, new Faker({ locale: [LOCALES[culture], en, base], seed: seed + 1 + i })])) as Record<Culture, Faker>;
    this.places = Object.fromEntries(CULTURES.map((culture) => [culture, this.placesOf(culture)])) as HistoryWorld['places'];
  }

  chance(probability: number): boolean {
    return this.random.number.float() < probability;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.random.number.int(values.length - 1)];
  }

  int(min: number, max: number): number {
    return this.random.number.int({ min, max });
  }

  float(): number {
    return this.random.number.float();
  }

  group(kind: GroupKind): Person[] {
    switch (kind) {
      case 'single':
        return [this.person()];
      case 'namesakes':
        return this.namesakes();
      case 'family':
        return this.family();
      case 'sameBirthDay':
        return this.bornOnOneDay();
    }
  }

  person(fixed: Partial<Omit<Person, 'entity' | 'recordCount'>> = {}): Person {
    const culture = fixed.culture ?? this.random.helpers.weightedArrayElement(CULTURES.map((value) => ({ value, weight: CULTURE_WEIGHTS[value] })));
    const gender = fixed.gender ?? (this.chance(0.75) ? 'male' : 'female');
    const given = fixed.given ?? this.givenName(culture, gender);
    let middle = this.chance(0.25) ? this.givenName(culture, gender) : undefined;
    if (middle === given) middle = undefined;
    return {
      entity: `hist-${this.people++}`,
      culture,
      gender,
      given,
      ...(middle ? { middle } : {}),
      family: fixed.family ?? this.surname(culture),
      birthDate: fixed.birthDate ?? dateIn(this, this.birthYear()),
      yearOnly: fixed.yearOnly ?? this.chance(0.03),
      place: fixed.place ?? this.random.helpers.weightedArrayElement(this.places[culture]),
      recordCount: this.recordCount(),
    };
  }

  /** Later centuries more often: a register of notable people fills up towards the present. */
  birthYear(): number {
    return 1500 + Math.floor(500 * (1 - this.random.number.float() ** 2));
  }

  /** 1–25, mean about 10: a gamma(2, 5.2) tail cut at 25. */
  private recordCount(): number {
    for (;;) {
      const draw = 1 + Math.floor(-5.2 * (Math.log(1 - this.random.number.float()) + Math.log(1 - this.random.number.float())));
      if (draw <= 25) return draw;
    }
  }

  private givenName(culture: Culture, gender: Gender): string {
    const common = COMMON_GIVEN_NAMES[culture][gender];
    if (this.chance(0.75)) return this.random.helpers.weightedArrayElement(common.map((value, rank) => ({ value, weight: 1 / (rank + 2) })));
    return this.local[culture].person.firstName(gender);
  }

  private surname(culture: Culture): string {
    if (this.chance(0.5)) return this.random.helpers.weightedArrayElement(COMMON_SURNAMES[culture].map((value, rank) => ({ value, weight: 1 / (rank + 10) })));
    const drawn = this.local[culture].person.lastName();
    // Spanish people carry both parents' surnames; records often keep only the first.
    return culture === 'es' && !drawn.includes(' ') && this.chance(0.5) ? `${drawn} ${this.local.es.person.lastName().split(' ')[0]}` : drawn;
  }

  /**
   * Two to four people of one name, born decades or centuries apart, a third of them in the first one's place;
   * now and then a cousin named after the same grandfather, born in the same place within three years.
   */
  private namesakes(): Person[] {
    const first = this.person({ culture: this.chance(0.7) ? 'gb' : undefined });
    const size = this.random.helpers.weightedArrayElement([{ value: 2, weight: 6 }, { value: 3, weight: 3 }, { value: 4, weight: 1 }]);
    const group = [first];
    const years = [Number(first.birthDate.slice(0, 4))];
    const { culture, gender, given, family } = first;
    while (group.length < size) {
      if (this.chance(0.15)) {
        group.push(this.person({ culture, gender, given, family, place: first.place, birthDate: dateIn(this, Math.min(2000, years[0] + this.int(-3, 3))) }));
        continue;
      }
      const year = this.birthYear();
      if (years.some((other) => Math.abs(other - year) < 20)) continue;
      years.push(year);
      group.push(this.person({ culture, gender, given, family, birthDate: dateIn(this, year), ...(this.chance(0.35) ? { place: first.place } : {}) }));
    }
    return group;
  }

  /** A parent and one to three children: one surname and birth place, a son often named after his father, twins now and then. */
  private family(): Person[] {
    const parent = this.person({ birthDate: dateIn(this, this.int(1500, 1945)) });
    const { culture, family, place } = parent;
    const size = this.int(2, 4);
    const firstBorn = Number(parent.birthDate.slice(0, 4)) + this.int(20, 40);
    const members = [parent];
    for (let child = 1; child < size; child++) {
      const year = Math.min(2000, firstBorn + (child - 1) * this.int(1, 6));
      const gender: Gender = this.chance(0.55) ? 'male' : 'female';
      const namedAfterParent = child === 1 && gender === parent.gender && gender === 'male' && this.chance(0.35);
      const twin = child === 2 && this.chance(0.15);
      let given = namedAfterParent ? parent.given : this.givenName(culture, gender);
      while (!namedAfterParent && members.some((member) => member.given === given)) given = this.givenName(culture, gender);
      members.push(this.person({ culture, gender, given, family, place, birthDate: twin ? members[1].birthDate : dateIn(this, year) }));
    }
    return members;
  }

  /** Two or three strangers born on one day, sometimes in one place. */
  private bornOnOneDay(): Person[] {
    const first = this.person();
    const others = Array.from({ length: this.int(1, 2) }, () => this.person({ birthDate: first.birthDate, yearOnly: false, ...(this.chance(0.3) ? { culture: first.culture, place: first.place } : {}) }));
    return [{ ...first, yearOnly: false }, ...others];
  }

  /** The culture's notable places and a long tail of small ones near them, each with its own postcodes. */
  private placesOf(culture: Culture): { value: Place; weight: number }[] {
    const notable = NOTABLE_PLACES[culture].map((seed) => ({
      value: { name: seed.name, larger: seed.larger, postcodes: this.postcodes(culture, seed.prefixes, Math.min(30, 2 + Math.round(seed.weight / 2))), ...(seed.alias ? { alias: seed.alias } : {}) },
      weight: seed.weight,
    }));
    const names = new Set(notable.map(({ value }) => value.name));
    const tail: { value: Place; weight: number }[] = [];
    while (tail.length < CULTURE_WEIGHTS[culture] * 4) {
      const name = this.local[culture].location.city();
      if (names.has(name)) continue;
      names.add(name);
      const near = this.random.helpers.weightedArrayElement(NOTABLE_PLACES[culture].map((value) => ({ value, weight: value.weight })));
      tail.push({ value: { name, larger: near.name, postcodes: this.postcodes(culture, [this.pick(near.prefixes)], this.int(1, 4), true) }, weight: 1 });
    }
    return [...notable, ...tail];
  }

  /** `count` distinct postcodes under the prefixes: SW3 5QT, 75006, 1017 AB. A small place keeps one outward code. */
  private postcodes(culture: Culture, prefixes: readonly string[], count: number, small = false): string[] {
    const district = String(this.int(1, 30));
    const codes = new Set<string>();
    while (codes.size < count) {
      const prefix = this.pick(prefixes);
      const digits = (n: number) => this.random.string.numeric({ length: n, allowLeadingZeros: true });
      const letters = () => this.pick([...POSTCODE_LETTERS]) + this.pick([...POSTCODE_LETTERS]);
      if (culture === 'gb') codes.add(`${prefix}${small ? district : this.int(1, 20)} ${digits(1)}${letters()}`);
      else if (culture === 'nl') codes.add(`${prefix}${digits(4 - prefix.length)} ${letters()}`);
      else codes.add(`${prefix}${digits(5 - prefix.length)}`);
    }
    return [...codes];
  }
}

function dateIn(world: Draws, year: number): string {
  const month = world.int(1, 12);
  return isoDate(year, month, world.int(1, daysIn(year, month)));
}

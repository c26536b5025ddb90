import { distance } from 'fastest-levenshtein';
import { beforeAll, describe, expect, it } from 'vitest';
import { exactNameAndBirthDateProfiles, historicalPeople } from '../../bench/support/historical-people';
import { clusterQuality } from '../../bench/support/identity-scores';
import type { SyntheticPopulation } from '../../bench/support/identity-synthetic';
import type { ResolutionRecord } from '../../src/modules/identity';

const SEED = 20261123;
const RECORDS = 20_000;
const FIELDS_WRITTEN = new Set(['first_name', 'last_name', 'full_name', 'date_of_birth', 'city', 'postcode', 'gender']);

let population: SyntheticPopulation;
let people: Map<string, ResolutionRecord[]>;

beforeAll(() => {
  population = historicalPeople(RECORDS, SEED);
  people = new Map();
  for (const record of population.records) {
    const entity = population.truth.get(record.id)!;
    people.set(entity, [...(people.get(entity) ?? []), record]);
  }
});

/** Unordered pairs of two records of one person that satisfy `holds` (tried both ways round). */
function samePersonPairs(holds: (a: ResolutionRecord, b: ResolutionRecord) => boolean): number {
  let count = 0;
  for (const records of people.values()) {
    for (const [i, a] of records.entries()) for (const b of records.slice(i + 1)) if (holds(a, b) || holds(b, a)) count++;
  }
  return count;
}

const share = (holds: (record: ResolutionRecord) => boolean) => population.records.filter(holds).length / population.records.length;
const lower = (value: string | undefined) => value?.toLowerCase();
const dateParts = (record: ResolutionRecord) => record.fields.date_of_birth?.split('-').map(Number);

/** What most of a person's records say in a field: the value the person most likely has. */
function modal(entity: string, valueOf: (record: ResolutionRecord) => string | undefined): string | undefined {
  const counts = new Map<string, number>();
  for (const record of people.get(entity)!) {
    const value = valueOf(record);
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

interface Portrait {
  entity: string;
  given?: string;
  family?: string;
  birthDate?: string;
  city?: string;
}

function portraits(): Portrait[] {
  return [...people.keys()].map((entity) => ({
    entity,
    given: modal(entity, (record) => lower(record.fields.first_name)),
    family: modal(entity, (record) => lower(record.fields.last_name)),
    birthDate: modal(entity, (record) => record.fields.date_of_birth),
    city: modal(entity, (record) => record.fields.city),
  }));
}

/** Pairs of two people that satisfy `holds`. */
function pairsOfPeople(holds: (a: Portrait, b: Portrait) => boolean): [Portrait, Portrait][] {
  const all = portraits();
  const found: [Portrait, Portrait][] = [];
  for (const [i, a] of all.entries()) for (const b of all.slice(i + 1)) if (holds(a, b)) found.push([a, b]);
  return found;
}

const yearOf = (portrait: Portrait) => Number(portrait.birthDate?.slice(0, 4));

describe('historicalPeople', () => {
  it('labels every record with its person, and is the same for a seed and different for another', () => {
    expect(population.records).toHaveLength(RECORDS);
    expect(new Set(population.records.map((record) => record.id)).size).toBe(RECORDS);
    expect(population.records.every((record) => population.truth.has(record.id))).toBe(true);
    expect(population.truth.size).toBe(RECORDS);
    expect(historicalPeople(RECORDS, SEED)).toEqual(population);
    expect(historicalPeople(RECORDS, SEED + 1).records).not.toEqual(population.records);
  });

  it('holds one source and no identifiers: names, a birth date, a birth place, a postcode and a gender', () => {
    expect(new Set(population.records.map((record) => record.source))).toEqual(new Set(['history']));
    expect(population.records.every((record) => record.externalId === undefined)).toBe(true);
    expect(new Set(population.records.flatMap((record) => Object.keys(record.fields)))).toEqual(FIELDS_WRITTEN);
    expect(population.records.every((record) => record.fields.date_of_birth === undefined || /^\d{4}-\d{2}-\d{2}$/.test(record.fields.date_of_birth))).toBe(true);
    const years = portraits().map(yearOf).filter(Number.isFinite);
    expect(Math.min(...years)).toBeGreaterThanOrEqual(1499);
    expect(Math.max(...years)).toBeLessThanOrEqual(2001);
    expect(years.filter((year) => year < 1700).length).toBeGreaterThan(100);
  });

  it('gives each person 1 to 25 records, about ten on average, with a long tail', () => {
    const sizes = [...people.values()].map((records) => records.length);
    const mean = RECORDS / sizes.length;
    expect(mean).toBeGreaterThan(9);
    expect(mean).toBeLessThan(11);
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBe(25);
    expect(sizes.filter((size) => size >= 20).length / sizes.length).toBeGreaterThan(0.03);
    expect(sizes.filter((size) => size <= 3).length / sizes.length).toBeGreaterThan(0.05);
  });

  it('lets exact first name + surname + birth date find 10–20% of the true pairs, nearly all of them right', () => {
    const byKey = new Map<string, string[]>();
    for (const { id, fields } of population.records) {
      const [first, last] = fields.first_name || fields.last_name ? [fields.first_name, fields.last_name] : [fields.full_name?.split(' ')[0], fields.full_name?.split(' ').slice(1).join(' ')];
      if (!first || !last || !fields.date_of_birth) continue;
      const key = `${first.toLowerCase()}|${last.toLowerCase()}|${fields.date_of_birth}`;
      byKey.set(key, [...(byKey.get(key) ?? []), id]);
    }
    let pairs = 0;
    let right = 0;
    for (const ids of byKey.values()) {
      for (const [i, a] of ids.entries()) {
        for (const b of ids.slice(i + 1)) {
          pairs++;
          if (population.truth.get(a) === population.truth.get(b)) right++;
        }
      }
    }
    const truePairs = [...people.values()].reduce((sum, records) => sum + (records.length * (records.length - 1)) / 2, 0);
    expect(right / truePairs).toBeGreaterThan(0.1);
    expect(right / truePairs).toBeLessThan(0.2);
    expect(right / pairs).toBeGreaterThan(0.99);
    // The benchmark's baseline is this rule joined transitively.
    expect(clusterQuality(exactNameAndBirthDateProfiles(population.records), population.truth).recall).toBeCloseTo(right / truePairs, 2);
  });

  it('writes given names as pet forms, clerks’ abbreviations and other languages’ forms, as initials, or not at all', () => {
    const variants = [['william', 'bill'], ['robert', 'bob'], ['margaret', 'peggy'], ['john', 'jack'], ['john', 'jno'], ['thomas', 'thos'], ['william', 'wm'], ['johann', 'hans'], ['giuseppe', 'joseph'], ['henry', 'harry'], ['mary', 'polly'], ['pieter', 'peter']];
    const seen = variants.filter(([formal, other]) => samePersonPairs((a, b) => lower(a.fields.first_name) === formal && lower(b.fields.first_name) === other) > 0);
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(share((record) => /^[A-Z]\.?$/.test(record.fields.first_name ?? ''))).toBeGreaterThan(0.02);
    expect(share((record) => record.fields.last_name !== undefined && record.fields.first_name === undefined)).toBeGreaterThan(0.03);
    expect(share((record) => record.fields.full_name !== undefined)).toBeGreaterThan(0.15);
    // A middle name now and then: "William Henry", "William H.".
    expect(share((record) => /^\S+ \S/.test(record.fields.first_name ?? ''))).toBeGreaterThan(0.02);
  });

  it('mistypes names by one or two letters, and surnames get Mc for Mac, Smyth for Smith, or go missing', () => {
    const typo = (field: 'first_name' | 'last_name') => (a: ResolutionRecord, b: ResolutionRecord) => {
      const [x, y] = [a.fields[field], b.fields[field]];
      return x !== undefined && y !== undefined && x < y && x.length > 3 && [1, 2].includes(distance(x, y));
    };
    expect(samePersonPairs(typo('first_name'))).toBeGreaterThan(5000);
    expect(samePersonPairs(typo('last_name'))).toBeGreaterThan(4000);
    expect(samePersonPairs((a, b) => /^Mac/.test(a.fields.last_name ?? '') && a.fields.last_name!.slice(3) === b.fields.last_name?.replace(/^Mc/, ''))).toBeGreaterThan(100);
    expect(samePersonPairs((a, b) => a.fields.last_name === 'Smith' && b.fields.last_name === 'Smyth')).toBeGreaterThan(3);
    expect(samePersonPairs((a, b) => a.fields.last_name === 'Müller' && b.fields.last_name === 'Mueller')).toBeGreaterThan(3);
    expect(share((record) => record.fields.first_name !== undefined && record.fields.last_name === undefined)).toBeGreaterThan(0.005);
  });

  it('varies birth dates: another day, another month, the year off by one, day and month swapped, the year alone, none', () => {
    const relation = (holds: (x: number[], y: number[]) => boolean) => samePersonPairs((a, b) => {
      const [x, y] = [dateParts(a), dateParts(b)];
      return x !== undefined && y !== undefined && holds(x, y);
    });
    expect(relation(([y1, m1, d1], [y2, m2, d2]) => y1 === y2 && m1 === m2 && d1 !== d2)).toBeGreaterThan(3000);
    expect(relation(([y1, m1, d1], [y2, m2, d2]) => y1 === y2 && m1 !== m2 && d1 === d2)).toBeGreaterThan(1500);
    expect(relation(([y1, m1, d1], [y2, m2, d2]) => y2 - y1 === 1 && m1 === m2 && d1 === d2)).toBeGreaterThan(2500);
    expect(relation(([y1, m1, d1], [y2, m2, d2]) => y1 === y2 && m1 !== d1 && m1 === d2 && d1 === m2)).toBeGreaterThan(500);
    expect(relation(([y1, m1, d1], [y2, m2, d2]) => y1 === y2 && m1 === 1 && d1 === 1 && !(m2 === 1 && d2 === 1))).toBeGreaterThan(3000);
    expect(share((record) => record.fields.date_of_birth === undefined)).toBeGreaterThan(0.05);
  });

  it('names birth places otherwise (missing, mistyped, in English, by the larger place) and gives one place several postcodes', () => {
    expect(samePersonPairs((a, b) => a.fields.city === 'München' && b.fields.city === 'Munich')).toBeGreaterThan(100);
    expect(samePersonPairs((a, b) => a.fields.city === 'Paris' && b.fields.city === 'Île-de-France')).toBeGreaterThan(100);
    const cityTypo = (a: ResolutionRecord, b: ResolutionRecord) => a.fields.city !== undefined && b.fields.city !== undefined && a.fields.city < b.fields.city && [1, 2].includes(distance(a.fields.city, b.fields.city));
    expect(samePersonPairs(cityTypo)).toBeGreaterThan(2500);
    expect(share((record) => record.fields.city === undefined)).toBeGreaterThan(0.1);
    const postcodesOf = (records: ResolutionRecord[]) => new Set(records.flatMap((record) => record.fields.postcode ?? []));
    const severalPostcodes = [...people.values()].filter((records) => postcodesOf(records).size >= 2).length;
    expect(severalPostcodes / people.size).toBeGreaterThan(0.5);
    expect(share((record) => record.fields.postcode === undefined)).toBeGreaterThan(0.15);
    expect(share((record) => record.fields.gender === undefined)).toBeGreaterThan(0.4);
    expect(share((record) => record.fields.gender !== undefined)).toBeGreaterThan(0.3);
  });

  it('has namesakes: one name borne by several people, centuries apart or in one place', () => {
    const namesakes = pairsOfPeople((a, b) => a.given !== undefined && a.given === b.given && a.family !== undefined && a.family === b.family);
    expect(namesakes.filter(([a, b]) => Math.abs(yearOf(a) - yearOf(b)) >= 50).length).toBeGreaterThan(80);
    expect(namesakes.filter(([a, b]) => a.city !== undefined && a.city === b.city).length).toBeGreaterThan(20);
    const holders = new Map<string, number>();
    for (const [a] of namesakes) holders.set(`${a.given} ${a.family}`, (holders.get(`${a.given} ${a.family}`) ?? 0) + 1);
    // Four people of one name are six pairs.
    expect(Math.max(...holders.values())).toBeGreaterThanOrEqual(6);
  });

  it('has families (one surname and birth place, a generation apart, a son named after his father, twins) and strangers born on one day', () => {
    const sameFamilyAndPlace = pairsOfPeople((a, b) => a.family !== undefined && a.family === b.family && a.city !== undefined && a.city === b.city);
    const generation = ([a, b]: [Portrait, Portrait]) => Math.abs(yearOf(a) - yearOf(b)) >= 18 && Math.abs(yearOf(a) - yearOf(b)) <= 50;
    expect(sameFamilyAndPlace.filter((pair) => generation(pair) && pair[0].given !== pair[1].given).length).toBeGreaterThan(80);
    expect(sameFamilyAndPlace.filter((pair) => generation(pair) && pair[0].given !== undefined && pair[0].given === pair[1].given).length).toBeGreaterThan(4);
    expect(sameFamilyAndPlace.filter(([a, b]) => a.birthDate === b.birthDate && a.given !== b.given).length).toBeGreaterThan(3);
    const bornOnOneDay = pairsOfPeople((a, b) => a.birthDate !== undefined && a.birthDate === b.birthDate && !a.birthDate.endsWith('-01-01') && a.family !== b.family);
    expect(bornOnOneDay.length).toBeGreaterThan(40);
  });
});

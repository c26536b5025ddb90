import { distance } from 'fastest-levenshtein';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeIdentifier, phoneRegionOf } from '../../connectors/sdk/records';
import { FORMAL_GIVEN_NAMES, nameKeys, streetAddressKey } from '../../bench/support/connectable-truth';
import type { SyntheticPopulation } from '../../bench/support/identity-synthetic';
import { realisticCustomers } from '../../bench/support/realistic-customers';
import type { ResolutionRecord } from '../../src/modules/identity';

const SEED = 20261123;
const HONORIFIC = /^(\p{Script=Han}{1,2}(先生|女士)|M[rs] \S+)$/u;
const HAN = /\p{Script=Han}/u;

let population: SyntheticPopulation;
let people: Map<string, ResolutionRecord[]>;

beforeAll(() => {
  population = realisticCustomers(2000, SEED);
  people = new Map();
  for (const record of population.records) {
    const entity = population.truth.get(record.id)!;
    people.set(entity, [...(people.get(entity) ?? []), record]);
  }
});

function field(record: ResolutionRecord, name: string): string | undefined {
  return (record.fields as Record<string, string | undefined>)[name];
}

function phoneOf(record: ResolutionRecord): string | undefined {
  const reading = { defaultRegion: 'CN' as const, sourceRegion: phoneRegionOf(record.fields.country, undefined, 'CN') };
  return record.fields.phone === undefined ? undefined : normalizeIdentifier('phone', record.fields.phone, reading);
}

function emailOf(record: ResolutionRecord): string | undefined {
  return record.fields.email === undefined ? undefined : normalizeIdentifier('email', record.fields.email, { defaultRegion: 'CN' });
}

/** Ordered pairs of two records of one person that satisfy `holds`. */
function samePersonPairs(holds: (a: ResolutionRecord, b: ResolutionRecord) => boolean): number {
  let count = 0;
  for (const records of people.values()) for (const a of records) for (const b of records) if (a !== b && holds(a, b)) count++;
  return count;
}

/** Normalized value → the people whose records carry it. */
function holdersOf(valueOf: (record: ResolutionRecord) => string | undefined): Map<string, Set<string>> {
  const holders = new Map<string, Set<string>>();
  for (const record of population.records) {
    const value = valueOf(record);
    if (value === undefined) continue;
    holders.set(value, (holders.get(value) ?? new Set()).add(population.truth.get(record.id)!));
  }
  return holders;
}

function sharedValueGroups(): { holders: Set<string>; value: string }[] {
  const groups = [];
  for (const valueOf of [phoneOf, emailOf]) for (const [value, holders] of holdersOf(valueOf)) if (holders.size > 1) groups.push({ holders, value });
  return groups;
}

const recordsOf = (entity: string) => people.get(entity)!;
const realNames = (entity: string) => new Set(recordsOf(entity).filter((record) => !HONORIFIC.test(record.fields.full_name ?? '')).flatMap(nameKeys));
// A given name where a record shows it alone: first_name, or a hanzi name after its (first) family character.
const givenNames = (entity: string) =>
  new Set(recordsOf(entity).flatMap((record) => record.fields.first_name?.toLowerCase() ?? (HAN.test(record.fields.full_name ?? '') && !HONORIFIC.test(record.fields.full_name!) ? record.fields.full_name!.slice(1) : [])));
const birthDates = (entity: string) => new Set(recordsOf(entity).flatMap((record) => record.fields.date_of_birth ?? []));
const addresses = (entity: string) => new Set(recordsOf(entity).flatMap((record) => (record.fields.street ? (streetAddressKey(record.fields.street, record.fields.street_number) ?? []) : [])));
const disjoint = <T>(a: Set<T>, b: Set<T>) => [...a].every((value) => !b.has(value));

describe('realisticCustomers', () => {
  it('labels every record with its person, and is the same for a seed and different for another', () => {
    expect(population.records).toHaveLength(2000);
    expect(new Set(population.records.map((record) => record.id)).size).toBe(2000);
    expect(population.records.every((record) => population.truth.has(record.id))).toBe(true);
    expect(realisticCustomers(2000, SEED)).toEqual(population);
    expect(realisticCustomers(2000, SEED + 1).records).not.toEqual(population.records);
  });

  it('puts people in one to four sources, with each source’s own fields', () => {
    const sourceCounts = new Set([...people.values()].map((records) => new Set(records.map((record) => record.source)).size));
    expect(sourceCounts).toEqual(new Set([1, 2, 3, 4]));
    const bySource = (source: string) => population.records.filter((record) => record.source === source);
    expect(bySource('wechat').every((record) => field(record, 'nickname') && record.fields.wechat_openid)).toBe(true);
    expect(population.records.filter((record) => record.source !== 'wechat').every((record) => field(record, 'nickname') === undefined)).toBe(true);
    expect(bySource('pos').filter((record) => Object.keys(record.fields).every((name) => ['phone', 'full_name'].includes(name))).length).toBeGreaterThan(100);
    expect(bySource('crm').filter((record) => record.fields.company && record.fields.national_id).length).toBeGreaterThan(5);
    expect(population.records.filter((record) => HAN.test(record.fields.full_name ?? '')).length).toBeGreaterThan(500);
    expect(population.records.filter((record) => /^[A-Z]/.test(record.fields.first_name ?? record.fields.full_name ?? '') && record.fields.country !== 'CN').length).toBeGreaterThan(300);
  });

  it('links a till’s honorific (高先生) to the shop’s pinyin name (GAO HAORAN) by one phone', () => {
    const honorificToPinyin = samePersonPairs(
      (a, b) => a.source === 'pos' && /^\p{Script=Han}{1,2}(先生|女士)$/u.test(a.fields.full_name ?? '') && b.source === 'shop' && /^[A-Z]/.test(b.fields.full_name ?? b.fields.first_name ?? '') && phoneOf(a) !== undefined && phoneOf(a) === phoneOf(b),
    );
    expect(honorificToPinyin).toBeGreaterThanOrEqual(10);
  });

  it('links a follower known by a display nickname (阳光, Sunny) to a CRM name by one phone', () => {
    const nicknameOnly = (follower: ResolutionRecord, other: ResolutionRecord) =>
      !follower.fields.full_name && !nameKeys({ ...follower, fields: { full_name: field(follower, 'nickname') } }).some((key) => nameKeys(other).includes(key));
    const nicknameToCrm = samePersonPairs((a, b) => a.source === 'wechat' && b.source === 'crm' && nicknameOnly(a, b) && phoneOf(a) !== undefined && phoneOf(a) === phoneOf(b));
    expect(nicknameToCrm).toBeGreaterThanOrEqual(10);
  });

  it('writes US numbers dotted in the CRM and bare in the shop, on rows that say US', () => {
    const usNational = /^(\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4})$/;
    const nationalUs = population.records.filter((record) => usNational.test(record.fields.phone ?? '') && !/^1\d{10}$/.test(record.fields.phone!.replace(/\D/g, '')));
    expect(nationalUs.length).toBeGreaterThan(50);
    expect(nationalUs.every((record) => record.fields.country === 'US')).toBe(true);
    const dottedToBare = samePersonPairs((a, b) => a.source === 'crm' && /^\d{3}\.\d{3}\.\d{4}$/.test(a.fields.phone ?? '') && b.source === 'shop' && /^\d{10}$/.test(b.fields.phone ?? '') && phoneOf(a) === phoneOf(b));
    expect(dottedToBare).toBeGreaterThanOrEqual(3);
  });

  it('writes Chinese mobiles as 0086 138…, 86-138…, +86 138…, 138 0013 8000 and masked 138****8000', () => {
    const formats = { '0086': /^0086 1\d{10}$/, '86-': /^86-1\d{10}$/, '+86': /^\+86 1\d{2} \d{4} \d{4}$/, spaced: /^1\d{2} \d{4} \d{4}$/, masked: /^1\d{2}\*{4}\d{4}$/ };
    for (const [name, format] of Object.entries(formats)) {
      const written = population.records.filter((record) => format.test(record.fields.phone ?? ''));
      expect(written.length, name).toBeGreaterThanOrEqual(10);
      if (name !== 'masked') expect(written.every((record) => phoneOf(record)?.startsWith('+861')), name).toBe(true);
    }
  });

  it('has look-alike mailboxes (thomas.wilson@ / thomas_wilson@) of two namesakes in two cities', () => {
    const byShape = new Map<string, ResolutionRecord[]>();
    for (const record of population.records.filter((record) => record.fields.email)) {
      const [mailbox, domain] = record.fields.email!.toLowerCase().split('@');
      const shape = `${mailbox.replace(/[._-]/g, '')}@${domain}`;
      byShape.set(shape, [...(byShape.get(shape) ?? []), record]);
    }
    const lookalikes = [...byShape.values()].filter((records) => {
      const entities = [...new Set(records.map((record) => population.truth.get(record.id)!))];
      if (entities.length !== 2 || new Set(records.map((record) => emailOf(record))).size < 2) return false;
      const cities = entities.map((entity) => new Set(recordsOf(entity).flatMap((record) => record.fields.city ?? [])));
      return !disjoint(realNames(entities[0]), realNames(entities[1])) && disjoint(cities[0], cities[1]);
    });
    expect(lookalikes.length).toBeGreaterThanOrEqual(5);
  });

  it('has namesakes on one street of one city at different house numbers', () => {
    const atStreet = new Map<string, Set<string>>();
    for (const record of population.records) {
      const address = record.fields.street && streetAddressKey(record.fields.street, record.fields.street_number);
      if (!address || !record.fields.city) continue;
      const street = `${address.replace(/^\d+ /, '')}|${record.fields.city}`;
      for (const name of nameKeys(record)) atStreet.set(`${name}|${street}`, (atStreet.get(`${name}|${street}`) ?? new Set()).add(population.truth.get(record.id)!));
    }
    const namesakes = [...atStreet.values()].filter((entities) => {
      if (entities.size !== 2) return false;
      const [first, second] = [...entities];
      return disjoint(addresses(first), addresses(second));
    });
    expect(namesakes.length).toBeGreaterThanOrEqual(10);
  });

  it('has generic values (a till’s number, an info@, a service@) held by five or more strangers, and no value held by four', () => {
    const groups = sharedValueGroups();
    const generic = groups.filter(({ holders }) => holders.size > 3);
    expect(generic.length).toBeGreaterThanOrEqual(3);
    expect(generic.some(({ value }) => value.startsWith('info@'))).toBe(true);
    expect(generic.some(({ value }) => value.startsWith('service@'))).toBe(true);
    expect(generic.some(({ value }) => /^\+86[2-9]/.test(value))).toBe(true);
    for (const { holders, value } of generic) {
      expect(holders.size, value).toBeGreaterThanOrEqual(5);
      const strangers = [...holders];
      for (const [i, a] of strangers.entries()) for (const b of strangers.slice(i + 1)) expect(disjoint(birthDates(a), birthDates(b)), value).toBe(true);
    }
  });

  it('has households: two or three people at one address sharing a phone or an e-mail, with their own given names and birth dates', () => {
    const households = sharedValueGroups().filter(({ holders }) => holders.size <= 3);
    expect(households.length).toBeGreaterThanOrEqual(20);
    for (const { holders, value } of households) {
      const members = [...holders];
      const shared = members.map(addresses).reduce((common, next) => new Set([...common].filter((address) => next.has(address))));
      expect(shared.size, value).toBeGreaterThan(0);
      for (const [i, a] of members.entries()) {
        for (const b of members.slice(i + 1)) {
          expect(disjoint(givenNames(a), givenNames(b)), value).toBe(true);
          expect(disjoint(birthDates(a), birthDates(b)), value).toBe(true);
        }
      }
    }
    const sameFamily = households.filter(({ holders }) => new Set([...holders].flatMap((entity) => recordsOf(entity).flatMap((record) => record.fields.last_name ?? (HAN.test(record.fields.full_name ?? '') ? record.fields.full_name![0] : [])))).size === 1);
    expect(sameFamily.length).toBeGreaterThan(0);
  });

  it('has what real exports have: short names, hanzi beside pinyin, one-character typos, gmail dots and tags', () => {
    const givenName = (record: ResolutionRecord) => (record.fields.first_name ?? record.fields.full_name ?? '').split(' ')[0].toLowerCase();
    const isLatin = (record: ResolutionRecord) => /^[A-Za-z]/.test(record.fields.full_name ?? record.fields.first_name ?? '');
    const sameName = (a: ResolutionRecord, b: ResolutionRecord) => nameKeys(a).some((key) => nameKeys(b).includes(key));
    expect(samePersonPairs((a, b) => FORMAL_GIVEN_NAMES.get(givenName(a)) === givenName(b))).toBeGreaterThanOrEqual(10);
    expect(samePersonPairs((a, b) => HAN.test(a.fields.full_name ?? '') && isLatin(b) && sameName(a, b))).toBeGreaterThanOrEqual(30);
    const mistypedBirthDates = samePersonPairs((a, b) => {
      const [x, y] = [a.fields.date_of_birth, b.fields.date_of_birth];
      // 1985-03-12 / 1985-03-21 (two digits swapped) or 1985 / 1986.
      return x !== undefined && y !== undefined && x < y && distance(x, y) <= 2;
    });
    expect(mistypedBirthDates).toBeGreaterThanOrEqual(1);
    const mistypedEmails = samePersonPairs((a, b) => {
      const [x, y] = [emailOf(a), emailOf(b)];
      return x !== undefined && y !== undefined && x < y && x.split('@')[1] === y.split('@')[1] && distance(x, y) === 1;
    });
    expect(mistypedEmails).toBeGreaterThanOrEqual(2);
    expect(population.records.filter((record) => /[.+][^@]*@gmail\.com$/.test(record.fields.email ?? '')).length).toBeGreaterThanOrEqual(10);
  });
});

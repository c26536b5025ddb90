import path from 'node:path';
import { Faker, en, zh_CN } from '@faker-js/faker';
import { pinyin } from 'pinyin-pro';
import { RESOLUTION_FIELDS, type ResolutionRecord } from '../../src/modules/identity';
import { openCsvOutputFile } from '../../src/platform/csv-output-file';
import type { LabelledDataset } from './identity-datasets';

/** People in memory, with the entity of every record known by construction. */
export interface SyntheticPopulation {
  name: string;
  records: ResolutionRecord[];
  truth: Map<string, string>;
}

/**
 * A seeded synthetic population for the engine's scale check: people seen in up to four sources, Chinese
 * and Western, with the damage real exports carry — typos, blanks, gmail dots and tags, masked phones,
 * hanzi in one source and pinyin in another, other date formats. Its truth is known by construction.
 */
export function syntheticPopulation(recordCount: number, seed = 7): SyntheticPopulation {
  const western = new Faker({ locale: [en], seed });
  const chinese = new Faker({ locale: [zh_CN, en], seed: seed + 1 });
  const records: ResolutionRecord[] = [];
  const truth = new Map<string, string>();
  for (let person = 0; records.length < recordCount; person++) {
    const isChinese = western.number.float() < 0.4;
    const base = isChinese ? chinesePerson(chinese) : westernPerson(western);
    const copies = Math.min(western.helpers.weightedArrayElement([{ value: 1, weight: 5 }, { value: 2, weight: 3 }, { value: 3, weight: 2 }, { value: 4, weight: 1 }]), recordCount - records.length);
    for (let copy = 0; copy < copies; copy++) {
      const id = `s-${records.length}`;
      const source = ['shop', 'pos', 'wechat', 'crm'][copy];
      records.push({ id, source, externalId: `${source}-${person}`, fields: copy === 0 ? base : damage(base, western) });
      truth.set(id, `p${person}`);
    }
  }
  return { name: `synthetic-${recordCount}`, records, truth };
}

/** A generated record and the real person behind it. */
export interface LabelledRecord {
  record: ResolutionRecord;
  entity: string;
}

/** A generator's records, held: the records in order and the truth (record id → entity). */
export function collectPopulation(name: string, stream: Iterable<LabelledRecord>): SyntheticPopulation {
  const records: ResolutionRecord[] = [];
  const truth = new Map<string, string>();
  for (const { record, entity } of stream) {
    records.push(record);
    truth.set(record.id, entity);
  }
  return { name, records, truth };
}

/** Writes the population as a `hub resolve` file with canonical column names (no --map needed) and its truth. */
export async function writeSyntheticDataset(population: SyntheticPopulation, dir: string): Promise<LabelledDataset> {
  return writeLabelledDataset(population.name, population.records.map((record) => ({ record, entity: population.truth.get(record.id)! })), dir);
}

/**
 * Writes generated records as a `hub resolve` file (`columns`: fields beyond the engine's, such as a source's
 * nickname, are written too) and their truth, in one pass over `labelled`: a stream is never held whole.
 */
export async function writeLabelledDataset(name: string, labelled: Iterable<LabelledRecord>, dir: string, columns: readonly string[] = RESOLUTION_FIELDS): Promise<LabelledDataset> {
  const dataset = { name, recordsFile: path.join(dir, `${name}.csv`), columnMap: [], truthFile: path.join(dir, `${name}-truth.csv`) };
  const records = await openCsvOutputFile(dataset.recordsFile, ['record_id', 'source', 'external_id', ...columns]);
  const truth = await openCsvOutputFile(dataset.truthFile, ['record_id', 'entity_id']);
  try {
    let recordRows: string[][] = [];
    let truthRows: string[][] = [];
    const flush = async () => {
      await records.writeRows(recordRows);
      await truth.writeRows(truthRows);
      [recordRows, truthRows] = [[], []];
    };
    for (const { record, entity } of labelled) {
      const fields: Partial<Record<string, string>> = record.fields;
      recordRows.push([record.id, record.source, record.externalId ?? '', ...columns.map((column) => fields[column] ?? '')]);
      truthRows.push([record.id, entity]);
      if (recordRows.length === WRITE_BATCH_ROWS) await flush();
    }
    await flush();
    await records.commit();
    await truth.commit();
  } catch (error) {
    await Promise.all([records.discard(), truth.discard()]);
    throw error;
  }
  return dataset;
}

const WRITE_BATCH_ROWS = 10_000;

type Fields = ResolutionRecord['fields'];

function westernPerson(faker: Faker): Fields {
  const first = faker.person.firstName();
  const last = faker.person.lastName();
  return {
    first_name: first,
    last_name: last,
    email: faker.internet.email({ firstName: first, lastName: last, provider: faker.helpers.arrayElement(['gmail.com', 'outlook.com', 'yahoo.com', 'acme.com']) }),
    // Exchanges vary as in real numbers: a fixed 555 left 10,000 subscriber numbers for half a million people.
    phone: `+1 ${faker.string.numeric({ length: 1, allowLeadingZeros: false })}${faker.string.numeric(2)} ${faker.helpers.rangeToNumber({ min: 2, max: 9 })}${faker.string.numeric(2)} ${faker.string.numeric(4)}`,
    street_number: faker.location.buildingNumber(),
    street: faker.location.street(),
    city: faker.location.city(),
    postcode: faker.location.zipCode('#####'),
    date_of_birth: faker.date.birthdate().toISOString().slice(0, 10),
    gender: faker.person.sex(),
  };
}

// 王芳 → "Wang Fang": how a Latin-script source writes the same person.
const latinNames = new Map<string, string>();

function chinesePerson(faker: Faker): Fields {
  const family = faker.person.lastName();
  const given = faker.person.firstName();
  latinNames.set(`${family}${given}`, `${pinyin(family, { toneType: 'none', surname: 'head', separator: '' })} ${pinyin(given, { toneType: 'none', separator: '' })}`);
  return {
    full_name: `${family}${given}`,
    phone: `13${faker.string.numeric(9)}`,
    email: `${pinyin(given, { toneType: 'none', separator: '' })}${faker.string.numeric(3)}@qq.com`,
    street: faker.location.street(),
    city: faker.location.city(),
    postcode: faker.string.numeric(6),
    date_of_birth: faker.date.birthdate().toISOString().slice(0, 10),
    wechat_unionid: faker.string.alphanumeric(28),
  };
}

/** A later sighting of the same person: each field may be typed wrong, written otherwise, or left blank. */
function damage(base: Fields, faker: Faker): Fields {
  const fields: Fields = {};
  for (const [field, value] of Object.entries(base) as [keyof Fields, string][]) {
    const roll = faker.number.float();
    if (roll < 0.15) continue;
    if (roll < 0.25 && field !== 'wechat_unionid') fields[field] = typo(value, faker);
    else fields[field] = rewrite(field, value, faker);
  }
  return fields;
}

function rewrite(field: keyof Fields, value: string, faker: Faker): string {
  if (faker.number.float() < 0.5) return value;
  switch (field) {
    case 'full_name':
      return latinNames.get(value) ?? value;
    case 'email':
      return value.endsWith('@gmail.com') ? value.replace('@', '+promo@').replace(/^(\w)/, '$1.') : value.toUpperCase();
    case 'phone':
      return faker.number.float() < 0.5 ? `${value.slice(0, 3)}****${value.slice(-4)}` : value.replace(/\D/g, '');
    case 'date_of_birth':
      return value.replaceAll('-', '');
    case 'first_name':
    case 'last_name':
      return value.toUpperCase();
    default:
      return value;
  }
}

function typo(value: string, faker: Faker): string {
  if (value.length < 3) return value;
  const at = faker.number.int({ min: 1, max: value.length - 2 });
  return value.slice(0, at) + value[at + 1] + value[at] + value.slice(at + 2);
}

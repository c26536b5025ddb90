import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ResolutionConfig } from '../../src/modules/identity/resolution-config';
import type { ResolutionRecord } from '../../src/modules/identity/resolution-record';

/** A ground-truth data set mapped to resolution records; `truth` maps record id → entity id. */
export interface LabelledDataset {
  name: string;
  records: ResolutionRecord[];
  truth: Map<string, string>;
  /** Facts about the data, not tuning: where its phones are from, how it writes dates. */
  config: Partial<ResolutionConfig>;
}

const DATASETS_DIR = process.env.IDENTITY_DATASETS_DIR ?? path.resolve(__dirname, '../../../shared/datasets');

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(path.join(DATASETS_DIR, file)), { columns: true, skip_empty_lines: true, relax_column_count: false });
}

function readTruth(dir: string): Map<string, string> {
  return new Map(readCsv(`${dir}/truth.csv`).map((row) => [row.record_id, row.entity_id]));
}

const blankless = (fields: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value.trim() !== '').map(([k, v]) => [k, v!.trim()]));

/** Febrl: synthetic Australian people; every column has a canonical field. */
export function febrl(which: 'febrl1' | 'febrl2' | 'febrl3'): LabelledDataset {
  const dir = `febrl/${which}`;
  const records = readCsv(`${dir}/records.csv`).map((row) => ({
    id: row.record_id,
    source: which,
    fields: blankless({
      first_name: row.given_name,
      last_name: row.surname,
      street_number: row.street_number,
      street: row.address_1,
      address_line2: row.address_2,
      city: row.suburb,
      postcode: row.postcode,
      state: row.state,
      date_of_birth: row.date_of_birth,
      national_id: row.soc_sec_id,
    }),
  }));
  return { name: which, records, truth: readTruth(dir), config: { defaultRegion: 'AU' } };
}

/**
 * dedupe-csv: early-childhood sites in Chicago from nine lists. A site is an organisation, so its name is
 * `company`. The NAEYC rows are shifted: their e-mail sits under "Purple binder service type" and
 * "Email Address" holds a date, so the e-mail is taken from whichever of the two looks like one.
 */
export function dedupeCsv(): LabelledDataset {
  const dir = 'dedupe-csv';
  const email = (row: Record<string, string>) => [row['Email Address'], row['Purple binder service type']].find((value) => value?.includes('@'));
  const records = readCsv(`${dir}/records.csv`).map((row) => ({
    id: row.record_id,
    source: row.Source,
    fields: blankless({
      company: row['Site name'],
      street: row.Address,
      postcode: row.Zip,
      phone: row.Phone,
      email: email(row),
    }),
  }));
  return { name: 'dedupe-csv', records, truth: readTruth(dir), config: { defaultRegion: 'US' } };
}

export function allDatasets(): LabelledDataset[] {
  return [febrl('febrl1'), febrl('febrl2'), febrl('febrl3'), dedupeCsv()];
}

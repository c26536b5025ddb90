import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

/**
 * A ground-truth data set as `hub resolve` is given it: a records file and the `--map column=field` flags
 * a user would pass. Mappings are all a data set adds: the configuration is the default for every one.
 */
export interface LabelledDataset {
  name: string;
  recordsFile: string;
  columnMap: string[];
  /** `record_id,entity_id`; read only to score the result. */
  truthFile: string;
}

// ../shared/datasets from the project root, here and in the CI clone.
const SHARED_DATASETS_DIR = path.resolve(__dirname, '../../../shared/datasets');

function sharedDataset(name: string, folder: string, columnMap: string[]): LabelledDataset {
  const dir = path.join(SHARED_DATASETS_DIR, folder);
  return { name, recordsFile: path.join(dir, 'records.csv'), columnMap, truthFile: path.join(dir, 'truth.csv') };
}

/** Febrl: synthetic Australian people; every column has a field. */
function febrl(which: 'febrl1' | 'febrl2' | 'febrl3'): LabelledDataset {
  return sharedDataset(which, `febrl/${which}`, [
    'given_name=first_name',
    'surname=last_name',
    'address_1=street',
    'address_2=address_line2',
    'suburb=city',
    'soc_sec_id=national_id',
  ]);
}

/**
 * dedupe-csv: early-childhood sites in Chicago from nine lists; a site is an organisation, so its name is
 * `company`. The NAEYC rows carry their e-mail under "Purple binder service type" and a date under
 * "Email Address"; one column per field means those e-mails are not read.
 */
function dedupeCsv(): LabelledDataset {
  return sharedDataset('dedupe-csv', 'dedupe-csv', ['Source=source', 'Site name=company', 'Address=street', 'Zip=postcode', 'Phone=phone', 'Email Address=email']);
}

export function sharedDatasets(): LabelledDataset[] {
  if (!existsSync(SHARED_DATASETS_DIR)) {
    throw new Error(`identity-quality needs the shared data sets at ${SHARED_DATASETS_DIR} (next to the project folder); BENCH_ONLY without identity-quality skips it`);
  }
  return [febrl('febrl1'), febrl('febrl2'), febrl('febrl3'), dedupeCsv()];
}

/** record id → entity id (or profile id): the two columns of a truth file or of `hub resolve` output. */
export function readRecordGroups(file: string, groupColumn: 'entity_id' | 'profile_id'): Map<string, string> {
  const rows: Record<string, string>[] = parse(readFileSync(file), { columns: true, skip_empty_lines: true });
  return new Map(rows.map((row) => [row.record_id, row[groupColumn]]));
}

/** The groups of a record id → group map, as lists of record ids. */
export function groupsOf(groupOfRecord: ReadonlyMap<string, string>): string[][] {
  const groups = new Map<string, string[]>();
  for (const [record, group] of groupOfRecord) {
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push(record);
  }
  return [...groups.values()];
}

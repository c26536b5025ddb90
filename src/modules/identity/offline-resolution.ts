import { createReadStream } from 'node:fs';
import type { CountryCode } from 'libphonenumber-js';
import { HubError } from '../../errors/hub-error';
import { openCsvOutputFile, type CsvOutputFile } from '../../platform/csv-output-file';
import { readCsvRows, type CsvFieldSet } from '../../platform/csv-rows';
import { resolveRecords, type Resolution } from './engine';
import { explainedPairRows, EXPLAINED_PAIR_HEADER, PROFILE_ASSIGNMENT_HEADER, profileAssignmentRows } from './offline-resolution-rows';
import { DEFAULT_RESOLUTION_CONFIG } from './resolution-config';
import { IGNORED_FIELDS, RESOLUTION_FIELDS, type ResolutionField, type ResolutionRecord } from './resolution-record';

/**
 * Columns a `hub resolve` file may carry: the record's key, where it came from, what the engine compares, and
 * the canonical fields it ignores (a nickname), so a file exported with them reads without a warning.
 */
export const RESOLVE_FIELD_SET: CsvFieldSet = { names: ['record_id', 'source', 'external_id', ...RESOLUTION_FIELDS, ...IGNORED_FIELDS], traits: false };

export interface OfflineResolutionFiles {
  input: string;
  /** `record_id,profile_id`, one row per record read, in input order. */
  output: string;
  /** One row per applied link and per review pair, with the per-field evidence. */
  explain?: string;
}

export interface OfflineResolutionOptions {
  /** column → field of RESOLVE_FIELD_SET, from `--map column=field`. */
  columnMap?: Record<string, string>;
  /**
   * Where the file's phones written without a country code are read when a row's `country` says nothing
   * (`hub resolve --region`, else HUB_DEFAULT_REGION); left out: the engine's default.
   */
  region?: CountryCode;
  /** Bytes of the input read so far. */
  onProgress?: (bytesRead: number) => void;
  onIgnoredColumns?: (columns: string[]) => void;
  /** A row left out of the run (cells that do not match the header, no record_id), by line. */
  onSkippedRow?: (line: number, reason: string) => void;
  /** The file is read; the engine, which holds every record in memory, starts. */
  onResolving?: (records: number) => void;
}

export interface OfflineResolutionSummary {
  /** Data rows in the file, skipped ones included. */
  read: number;
  skipped: number;
  profiles: number;
  /** Profiles of two or more records. */
  merged: number;
  links: number;
  reviews: number;
}

export interface OfflineResolution {
  summary: OfflineResolutionSummary;
  records: ResolutionRecord[];
  resolution: Resolution;
}

/**
 * What `hub resolve` does: streams the CSV in, resolves its records with the default configuration and
 * writes the profile of every record (and, when asked, the explained pairs). Output files appear only on success.
 */
export async function resolveCsvFile(files: OfflineResolutionFiles, options: OfflineResolutionOptions = {}): Promise<OfflineResolution> {
  const outputs: CsvOutputFile[] = [];
  try {
    const assignments = await openCsvOutputFile(files.output, PROFILE_ASSIGNMENT_HEADER);
    outputs.push(assignments);
    const explanations = files.explain === undefined ? undefined : await openCsvOutputFile(files.explain, EXPLAINED_PAIR_HEADER);
    if (explanations) outputs.push(explanations);

    const { records, read, skipped } = await readResolutionRecords(files.input, options);
    options.onResolving?.(records.length);
    const resolution = resolveRecords(records, options.region ? { ...DEFAULT_RESOLUTION_CONFIG, defaultRegion: options.region } : DEFAULT_RESOLUTION_CONFIG);
    await assignments.writeRows(profileAssignmentRows(records, resolution));
    if (explanations) await explanations.writeRows(explainedPairRows(resolution));
    for (const output of outputs) await output.commit();
    const summary: OfflineResolutionSummary = {
      read,
      skipped,
      profiles: resolution.profiles.length,
      merged: resolution.profiles.filter((profile) => profile.length > 1).length,
      links: resolution.links.length,
      reviews: resolution.reviews.length,
    };
    return { summary, records, resolution };
  } catch (error) {
    await Promise.all(outputs.map((output) => output.discard()));
    throw error;
  }
}

const PROGRESS_EVERY_ROWS = 1000;

/**
 * A row of a `hub resolve` file as the engine's record, straight from its cells (trimmed, blank ones left
 * out, columns already mapped to fields): one object per row, not a row object and then a record.
 */
function recordOfCells(cells: string[], targets: (string | undefined)[]): ResolutionRecord {
  const record: ResolutionRecord = { id: '', source: 'default', externalId: undefined, fields: {} };
  for (let index = 0; index < cells.length; index++) {
    const target = targets[index];
    const cell = cells[index];
    // An ignored field (a nickname) is accepted in the file and kept out of the record: the engine never reads it.
    if (target === undefined || cell === '' || (IGNORED_FIELDS as readonly string[]).includes(target)) continue;
    if (target === 'record_id') record.id = cell;
    else if (target === 'source') record.source = cell;
    else if (target === 'external_id') record.externalId = cell;
    else record.fields[target as ResolutionField] = cell;
  }
  return record;
}

/** The records of a `hub resolve` file, in file order; refuses a file it cannot read soundly. */
async function readResolutionRecords(file: string, options: OfflineResolutionOptions): Promise<{ records: ResolutionRecord[]; read: number; skipped: number }> {
  const input = createReadStream(file);
  const records: ResolutionRecord[] = [];
  const lineOfId = new Map<string, number>();
  let read = 0;
  let skipped = 0;
  const skip = (line: number, reason: string) => {
    skipped++;
    options.onSkippedRow?.(line, reason);
  };
  const rows = readCsvRows(input, {
    columnMap: options.columnMap,
    fields: RESOLVE_FIELD_SET,
    requiredFields: ['record_id'],
    onIgnoredColumns: options.onIgnoredColumns,
  }, recordOfCells);
  try {
    for await (const row of rows) {
      read++;
      if (read % PROGRESS_EVERY_ROWS === 0) options.onProgress?.(input.bytesRead);
      if ('error' in row) {
        // Broken quoting may have swallowed the rows after it: carrying on would drop them without a word.
        if (row.problem === 'syntax') throw new HubError('BAD_USER_INPUT', `${file} line ${row.line}: ${row.error}; fix the quoting and run again`);
        skip(row.line, row.error);
        continue;
      }
      const record = row.record;
      if (!record.id) {
        skip(row.line, 'record_id is empty');
        continue;
      }
      const earlier = lineOfId.get(record.id);
      if (earlier !== undefined) {
        throw new HubError('BAD_USER_INPUT', `${file} line ${row.line}: record_id '${record.id}' is already on line ${earlier}; every record needs its own record_id`);
      }
      lineOfId.set(record.id, row.line);
      records.push(record);
    }
  } finally {
    input.destroy();
  }
  options.onProgress?.(input.bytesRead);
  return { records, read, skipped };
}

import type { Readable } from 'node:stream';
import { CANONICAL_FIELDS, CONSENT_FIELD_PATTERN } from '../../../connectors/sdk/records';
import { readCsvRows, type CsvReadOptions, type CsvRow, type CsvFieldSet } from '../../platform/csv-rows';

/** What a column of an import file may be read as: a canonical field, a consent field, or `traits.<key>`. */
export const CANONICAL_FIELD_SET: CsvFieldSet = { names: CANONICAL_FIELDS, traits: true, pattern: CONSENT_FIELD_PATTERN };

/**
 * Streams canonical records out of a CSV file with a header row. Rows that are not CSV (wrong number
 * of cells, broken quoting) come out as errors with their line number, in file order, and reading goes on.
 */
export function readCsvRecords(input: Readable, options: Partial<CsvReadOptions> = {}): AsyncGenerator<CsvRow> {
  return readCsvRows(input, { fields: CANONICAL_FIELD_SET, ...options }, toCanonical);
}

function toCanonical(cells: string[], targets: (string | undefined)[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  let traits: Record<string, string> | undefined;
  for (let index = 0; index < cells.length; index++) {
    const target = targets[index];
    const cell = cells[index];
    if (target === undefined || cell === '') continue;
    if (target.startsWith('traits.')) (traits ??= {})[target.slice('traits.'.length)] = cell;
    else record[target] = cell;
  }
  if (traits) record.traits = traits;
  return record;
}

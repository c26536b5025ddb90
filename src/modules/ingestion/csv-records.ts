import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { HubError } from '../../errors/hub-error';
import { CANONICAL_FIELDS } from './canonical-record';

/**
 * A row that is not CSV comes out as an error: `cell-count` when its cells do not match the header (the
 * rows after it are still sound), `syntax` when its quoting is broken (the parser may have read the rows
 * after it as part of it).
 */
export type CsvRow = { line: number; record: Record<string, unknown> } | { line: number; error: string; problem: 'cell-count' | 'syntax' };

/** The fields a column may be read as: named fields, and `traits.<key>` when `traits` is set. */
export interface CsvFieldSet {
  names: readonly string[];
  traits: boolean;
}

export const CANONICAL_FIELD_SET: CsvFieldSet = { names: CANONICAL_FIELDS, traits: true };

export interface CsvReadOptions {
  /** column name → field of `fields`, from repeated `--map column=field`. */
  columnMap?: Record<string, string>;
  /** What the columns may be read as; the canonical fields and traits unless told. */
  fields?: CsvFieldSet;
  /** Fields the header must provide (by name or by --map); reading fails before any row without them. */
  requiredFields?: readonly string[];
  /** Called once with the columns that map to nothing and are ignored. */
  onIgnoredColumns?: (columns: string[]) => void;
}

/** Parses `--map column=field` pairs; the error names the pair that is wrong. */
export function parseColumnMap(pairs: string[], fields: CsvFieldSet = CANONICAL_FIELD_SET): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs) {
    const match = /^([^=]+)=(.+)$/.exec(pair);
    const target = match?.[2].trim();
    if (!match || !target || !isField(target, fields)) {
      const expected = `a field (${fields.names.join(', ')})${fields.traits ? ' or traits.<key>' : ''}`;
      throw new Error(`--map ${pair}: expected column=field with ${expected}`);
    }
    map[match[1].trim()] = target;
  }
  return map;
}

function isField(name: string, fields: CsvFieldSet): boolean {
  return fields.names.includes(name) || (fields.traits && /^traits\.[\w.-]{1,100}$/.test(name));
}

/**
 * Streams canonical records out of a CSV file with a header row. Rows that are not CSV (wrong number
 * of cells, broken quoting) come out as errors with their line number, in file order, and reading goes on.
 */
export async function* readCsvRecords(input: Readable, options: CsvReadOptions = {}): AsyncGenerator<CsvRow> {
  const skipped: CsvRow[] = [];
  let header: string[] = [];
  let targets: (string | undefined)[] = [];
  const parser = input.pipe(
    parse({
      bom: true,
      // Read at the header, so a file with no rows is still checked and warned about.
      columns: (names: string[]) => {
        header = names;
        targets = resolveColumns(names, options);
        return names;
      },
      skip_empty_lines: true,
      trim: true,
      info: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined) => {
        if (!error) return undefined;
        const problem = error.code === 'CSV_RECORD_INCONSISTENT_COLUMNS' ? 'cell-count' : 'syntax';
        skipped.push({ line: (error as CsvError & { lines?: number }).lines ?? 0, error: `not a valid CSV row: ${error.message}`, problem });
        return undefined;
      },
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    // The parser reads ahead, so a bad row may be reported before the good rows above it: keep file order.
    while (skipped.length > 0 && skipped[0].line < info.lines) yield skipped.shift()!;
    yield { line: info.lines, record: toCanonical(header.map((column) => record[column]), targets) };
  }
  yield* skipped.splice(0);
}

function resolveColumns(columns: string[], options: CsvReadOptions): (string | undefined)[] {
  const fields = options.fields ?? CANONICAL_FIELD_SET;
  const named = (column: string) => fields.names.includes(column) || (fields.traits && column.startsWith('traits.'));
  const targets = columns.map((column) => options.columnMap?.[column] ?? (named(column) ? column : undefined));
  const absent = (options.requiredFields ?? []).filter((field) => !targets.includes(field));
  if (absent.length > 0) {
    throw new HubError('BAD_USER_INPUT', `no ${absent.join(', ')} column in the header (${columns.join(', ')}); rename the column or add --map <column>=${absent[0]}`);
  }
  const ignored = columns.filter((_, index) => targets[index] === undefined);
  if (ignored.length > 0) options.onIgnoredColumns?.(ignored);
  return targets;
}

function toCanonical(cells: string[], targets: (string | undefined)[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const traits: Record<string, string> = {};
  cells.forEach((cell, index) => {
    const target = targets[index];
    if (target === undefined || cell === '') return;
    if (target.startsWith('traits.')) traits[target.slice('traits.'.length)] = cell;
    else record[target] = cell;
  });
  if (Object.keys(traits).length > 0) record.traits = traits;
  return record;
}

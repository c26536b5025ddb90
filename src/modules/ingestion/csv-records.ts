import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { CANONICAL_FIELDS } from './canonical-record';

export type CsvRow = { line: number; record: Record<string, unknown> } | { line: number; error: string };

export interface CsvReadOptions {
  /** column name → canonical field (or `traits.<key>`), from repeated `--map column=field`. */
  columnMap?: Record<string, string>;
  /** Called once with the columns that map to nothing and are ignored. */
  onIgnoredColumns?: (columns: string[]) => void;
}

const CANONICAL = new Set<string>(CANONICAL_FIELDS);

/** Parses `--map column=field` pairs; the error names the pair that is wrong. */
export function parseColumnMap(pairs: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs) {
    const match = /^([^=]+)=(.+)$/.exec(pair);
    const target = match?.[2].trim();
    if (!match || !target || !(CANONICAL.has(target) || /^traits\.[\w.-]{1,100}$/.test(target))) {
      throw new Error(`--map ${pair}: expected column=field with a canonical field (${CANONICAL_FIELDS.join(', ')}) or traits.<key>`);
    }
    map[match[1].trim()] = target;
  }
  return map;
}

/**
 * Streams canonical records out of a CSV file with a header row. Rows that are not CSV (wrong number
 * of cells, broken quoting) come out as errors with their line number, in file order, and reading goes on.
 */
export async function* readCsvRecords(input: Readable, options: CsvReadOptions = {}): AsyncGenerator<CsvRow> {
  const skipped: CsvRow[] = [];
  const parser = input.pipe(
    parse({
      bom: true,
      columns: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined) => {
        if (error) skipped.push({ line: (error as CsvError & { lines?: number }).lines ?? 0, error: `not a valid CSV row: ${error.message}` });
        return undefined;
      },
    }),
  );
  let targets: (string | undefined)[] | undefined;
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    // The parser reads ahead, so a bad row may be reported before the good rows above it: keep file order.
    while (skipped.length > 0 && skipped[0].line < info.lines) yield skipped.shift()!;
    targets ??= resolveColumns(Object.keys(record), options);
    yield { line: info.lines, record: toCanonical(Object.values(record), targets) };
  }
  yield* skipped.splice(0);
}

function resolveColumns(columns: string[], options: CsvReadOptions): (string | undefined)[] {
  const targets = columns.map((column) => options.columnMap?.[column] ?? (CANONICAL.has(column) || column.startsWith('traits.') ? column : undefined));
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

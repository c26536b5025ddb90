import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { HubError } from '../errors/hub-error';

/**
 * A row that is not CSV comes out as an error: `cell-count` when its cells do not match the header (the
 * rows after it are still sound), `syntax` when its quoting is broken (the parser may have read the rows
 * after it as part of it).
 */
export type CsvRow<R = Record<string, unknown>> = { line: number; record: R } | { line: number; error: string; problem: 'cell-count' | 'syntax' };

/** The fields a column may be read as: named fields, and `traits.<key>` when `traits` is set. */
export interface CsvFieldSet {
  names: readonly string[];
  traits: boolean;
  /** A family of further field names (the canonical record's consent_<channel>_<purpose>[_at]). */
  pattern?: RegExp;
}

export interface CsvReadOptions {
  /** column name → field of `fields`, from repeated `--map column=field`. */
  columnMap?: Record<string, string>;
  /** What the columns may be read as. */
  fields: CsvFieldSet;
  /** Fields the header must provide (by name or by --map); reading fails before any row without them. */
  requiredFields?: readonly string[];
  /** Called once with the columns that map to nothing and are ignored. */
  onIgnoredColumns?: (columns: string[]) => void;
}

/** Parses `--map column=field` pairs; the error names the pair that is wrong. */
export function parseColumnMap(pairs: string[], fields: CsvFieldSet): Record<string, string> {
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
  return fields.names.includes(name) || (fields.traits && /^traits\.[\w.-]{1,100}$/.test(name)) || (fields.pattern?.test(name) ?? false);
}

/**
 * Streams the rows of a CSV file with a header row, each built by `build` from its cells and the field each
 * cell is read as (undefined: ignored), so a reader gets its own shape without a second pass (a million-row
 * `hub resolve`). Rows that are not CSV (wrong number of cells, broken quoting) come out as errors with their
 * line number, in file order, and reading goes on.
 */
export async function* readCsvRows<R>(input: Readable, options: CsvReadOptions, build: (cells: string[], targets: (string | undefined)[]) => R): AsyncGenerator<CsvRow<R>> {
  const skipped: CsvRow<R>[] = [];
  let targets: (string | undefined)[] | undefined;
  // Known as soon as the parser has read the header, which may be before this loop has taken it.
  let headerCells: number | undefined;
  // Rows as arrays with their line appended: objects keyed by column and csv-parse's per-row info object
  // took half the time of a million-row `hub resolve` read.
  const parser = input.pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      trim: true,
      skip_records_with_error: true,
      on_record: (cells: string[], context: { lines: number }) => {
        headerCells ??= cells.length;
        cells.push(context.lines as unknown as string);
        return cells;
      },
      on_skip: (error: CsvError | undefined) => {
        if (!error) return undefined;
        const line = (error as CsvError & { lines?: number }).lines ?? 0;
        const cells = (error as CsvError & { record?: unknown[] }).record?.length;
        if (CELL_COUNT_ERRORS.has(error.code)) {
          const what = cells !== undefined && headerCells !== undefined ? `${cells} cells where the header has ${headerCells}` : error.message;
          skipped.push({ line, error: `not a valid CSV row: ${what}`, problem: 'cell-count' });
        } else skipped.push({ line, error: `not a valid CSV row: ${error.message}`, problem: 'syntax' });
        return undefined;
      },
    }),
  );
  for await (const cells of parser as AsyncIterable<(string | number)[]>) {
    const line = cells.pop() as number;
    if (targets === undefined) {
      // The header, read before any row, so a file with no rows is still checked and warned about.
      targets = resolveColumns(cells as string[], options);
      continue;
    }
    // The parser reads ahead, so a bad row may be reported before the good rows above it: keep file order.
    while (skipped.length > 0 && skipped[0].line < line) yield skipped.shift()!;
    yield { line, record: build(cells as string[], targets) };
  }
  yield* skipped.splice(0);
}

// csv-parse's codes for a row whose cells do not match the header (the rows after it are sound).
const CELL_COUNT_ERRORS = new Set(['CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', 'CSV_RECORD_INCONSISTENT_COLUMNS']);

function resolveColumns(columns: string[], options: CsvReadOptions): (string | undefined)[] {
  const { fields } = options;
  const named = (column: string) => fields.names.includes(column) || (fields.traits && column.startsWith('traits.')) || (fields.pattern?.test(column) ?? false);
  const targets = columns.map((column) => options.columnMap?.[column] ?? (named(column) ? column : undefined));
  const absent = (options.requiredFields ?? []).filter((field) => !targets.includes(field));
  if (absent.length > 0) {
    throw new HubError('BAD_USER_INPUT', `no ${absent.join(', ')} column in the header (${columns.join(', ')}); rename the column or add --map <column>=${absent[0]}`);
  }
  const ignored = columns.filter((_, index) => targets[index] === undefined);
  if (ignored.length > 0) options.onIgnoredColumns?.(ignored);
  return targets;
}

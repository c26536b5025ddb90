import { readdir } from 'node:fs/promises';
import { parse, type CsvError } from 'csv-parse';
import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/**
 * Reading POS export files: which files are exports, how their bytes become text, and how CSV and XLSX
 * become rows of text cells with the line number a person would look up in the file.
 */

/** `gbk` is kept for existing connections: it is read as GB18030, its superset, like `gb18030`. */
export type ExportEncoding = 'auto' | 'utf-8' | 'gb18030' | 'gbk';
export const EXPORT_ENCODINGS: readonly ExportEncoding[] = ['auto', 'utf-8', 'gb18030', 'gbk'];

/** One non-empty row: `line` is the file's line (CSV, where the row ends) or the sheet's row number (XLSX, XLS). */
export interface SheetRow {
  line: number;
  cells: string[];
  /** Columns holding a number past Excel's 15 significant digits: what the cell shows is not what was typed. */
  lossy?: number[];
  /** Set when the parser could not read this stretch of the file. */
  error?: string;
}

export type ExportKind = 'csv' | 'xlsx' | 'xls';

/** The kind of an export by its name; undefined for any other file. */
export function exportKind(name: string): ExportKind | undefined {
  if (/^(\.|~\$)/.test(name)) return undefined;
  return (/\.(csv|xlsx|xls)$/i.exec(name)?.[1].toLowerCase() as ExportKind | undefined) ?? undefined;
}

/** `*.csv`, `*.xlsx` and `*.xls` in name order; hidden files and Excel's `~$` lock files are not exports. */
export async function listExportFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && exportKind(entry.name) !== undefined)
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export type Decoded = { ok: true; text: string; encoding: 'utf-8' | 'gb18030' } | { ok: false; reason: string };

/**
 * `auto`: UTF-8 when the bytes are valid UTF-8, otherwise GB18030, the usual encoding of Chinese Windows POS
 * exports. GB18030 is a superset of GBK: read as GBK, a rare name character outside GBK (𠮷, 䶮) would be garbled.
 * (Real GB18030 text with Chinese characters is almost never valid UTF-8; pure ASCII is both.)
 */
export function decodeExport(bytes: Buffer, encoding: ExportEncoding): Decoded {
  if (encoding === 'gbk' || encoding === 'gb18030') return { ok: true, text: stripBom(iconv.decode(bytes, 'gb18030')), encoding: 'gb18030' };
  try {
    return { ok: true, text: stripBom(strictUtf8.decode(bytes)), encoding: 'utf-8' };
  } catch {
    if (encoding === 'auto') return { ok: true, text: stripBom(iconv.decode(bytes, 'gb18030')), encoding: 'gb18030' };
    // Decoding anyway would put replacement characters into names: refuse and say what to change.
    return { ok: false, reason: 'is not valid UTF-8; set the encoding to auto or gb18030' };
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Rows of a CSV text; a stretch the parser cannot read (e.g. an unclosed quote) comes as a row with an `error`. */
export async function* csvRows(text: string): AsyncGenerator<SheetRow> {
  const unreadable: SheetRow[] = [];
  // Rows with the wrong number of cells pass through, so the connector can reject them with their line.
  const parser = parse({
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      if (error) unreadable.push({ line: (error as CsvError & { lines?: number }).lines ?? 0, cells: [], error: error.message });
      return undefined;
    },
  });
  parser.end(text);
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    // The parser reads ahead, so an unreadable stretch may be reported before the rows above it: keep file order.
    while (unreadable.length > 0 && unreadable[0].line < info.lines) yield unreadable.shift()!;
    if (record.every((cell) => cell.trim() === '')) continue;
    yield { line: info.lines, cells: record.map(unwrapCell) };
  }
  yield* unreadable.splice(0);
}

/** Rows of the first worksheet of an XLSX workbook, every cell as the text a person sees. */
export async function* xlsxRows(bytes: Buffer): AsyncGenerator<SheetRow> {
  // Loaded on the first workbook: exceljs takes a third of a second to load, which every hub process
  // would pay at start-up, most of them never reading XLSX.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  // exceljs declares its own Buffer type; a Node Buffer is what it reads at run time.
  await workbook.xlsx.load(bytes as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  const sheet = workbook.worksheets[0];
  const rows: SheetRow[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    const lossy: number[] = [];
    // cellCount ends at the row's last filled cell: pad to the sheet's width, so an empty last column is not a short row.
    for (let column = 1; column <= Math.max(row.cellCount, sheet.columnCount); column++) {
      const value = row.getCell(column).value;
      if (typeof value === 'number' && pastExcelPrecision(value)) lossy.push(column - 1);
      cells.push(unwrapCell(cellText(value)));
    }
    if (cells.some((cell) => cell !== '')) rows.push({ line: rowNumber, cells, ...(lossy.length > 0 ? { lossy } : {}) });
  });
  yield* rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  // Excel keeps local wall-clock times as if they were UTC: read them back as wall-clock text.
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ');
  if (typeof value !== 'object') return String(value).trim();
  if ('richText' in value) return value.richText.map((part) => part.text).join('').trim();
  if ('text' in value) return String(value.text).trim();
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('error' in value) return String(value.error);
  return '';
}

/**
 * The text a person meant, without the wrappers exports use to keep Excel from reading a cell as a number:
 * `="0001234"`, a leading apostrophe before digits (`'0001234`), a leading tab (`\t13800138000`).
 */
export function unwrapCell(cell: string): string {
  const text = cell.trim();
  // Once only: what is inside the wrapper is the value, even when it looks like a wrapper itself.
  const formula = /^="(.*)"$/s.exec(text);
  if (formula) return formula[1].replaceAll('""', '"').trim();
  return /^'[\d+]/.test(text) ? text.slice(1).trim() : text;
}

/** Excel keeps 15 significant digits: a whole number of 16 digits or more (a card typed as a number) has lost some. */
export function pastExcelPrecision(value: number): boolean {
  return Number.isInteger(value) && Math.abs(value) >= 1e15;
}

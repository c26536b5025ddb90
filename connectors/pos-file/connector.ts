import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Connector, ConnectorConfig, ReadMessage, StreamState } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';
import { csvRows, decodeExport, EXPORT_ENCODINGS, exportKind, listExportFiles, unwrapCell, xlsxRows, type ExportEncoding, type SheetRow } from './export-file';
import { folderChecks } from './folder-checks';
import { mapPosRow, parseColumnMap, resolveHeader } from './mapping';
import { totalRowLabel } from './total-rows';
import { xlsRows } from './xls-reader';

/**
 * POS file exports: CSV, XLSX or XLS files that a till or its back office drops into a folder. There is no
 * API, so no HTTP: each file is taken once, identified by name and SHA-256 of its content.
 *
 * One stream, `members`: a member list gives one record per row; a sales ledger gives one record per
 * sale, carrying the member's fields and one `order` event. A separate `orders` stream would read the
 * same files a second time under a second state, for nothing the events do not already carry.
 */

/** `files`: every file taken whole, by content hash. `current`: how far into a file a run had got. */
export interface PosFileState extends StreamState {
  files: Record<string, string>;
  current?: { file: string; sha256: string; rows: number };
}

interface PosFileSettings {
  folder: string;
  encoding: ExportEncoding;
  columnMap: Record<string, string>;
  checkpointRows: number;
  utcOffset: string;
}

const STREAM = 'members';
/** A title line or two ("会员资料导出 2026-11-01") may sit above the header; further down, it is not an export. */
const HEADER_SEARCH_ROWS = 10;

function settings(config: ConnectorConfig): PosFileSettings {
  const folder = String(config.folder ?? '').trim();
  if (!folder) throw new ConnectorError('BAD_CONFIG', 'folder is required: the path of the folder the POS exports into');
  const encoding = String(config.encoding ?? 'auto').toLowerCase().replace(/^utf8$/, 'utf-8') as ExportEncoding;
  if (!EXPORT_ENCODINGS.includes(encoding)) throw new ConnectorError('BAD_CONFIG', `encoding '${config.encoding}' is not one of ${EXPORT_ENCODINGS.join(', ')}`);
  const checkpointRows = Number(config.checkpointRows ?? 500);
  if (!Number.isInteger(checkpointRows) || checkpointRows < 1) throw new ConnectorError('BAD_CONFIG', 'checkpointRows must be a whole number of at least 1');
  const utcOffset = String(config.utcOffset ?? '+08:00');
  if (!/^[+-]\d{2}:\d{2}$/.test(utcOffset)) throw new ConnectorError('BAD_CONFIG', `utcOffset '${utcOffset}' must look like +08:00`);
  try {
    return { folder, encoding, columnMap: parseColumnMap(config.columns as string | undefined), checkpointRows, utcOffset };
  } catch (error) {
    throw new ConnectorError('BAD_CONFIG', (error as Error).message);
  }
}

/** Folder problems are the configuration's, except a transient I/O failure, which a later run may not meet. */
function folderError(error: unknown, folder: string): ConnectorError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ConnectorError('BAD_CONFIG', `folder ${folder} does not exist: check the path, or that the share is mounted`);
  if (code === 'ENOTDIR') return new ConnectorError('BAD_CONFIG', `${folder} is a file, not a folder`);
  if (code === 'EACCES' || code === 'EPERM') return new ConnectorError('PERMISSION_DENIED', `the hub may not read ${folder}: grant it read access`);
  return new ConnectorError('UPSTREAM_UNAVAILABLE', `could not read ${folder}: ${(error as Error).message}`);
}

/** The file's rows, or why the current settings cannot read it (left untaken, so a settings fix takes it next run). */
function exportRows(name: string, bytes: Buffer, encoding: ExportEncoding): AsyncIterable<SheetRow> | string {
  const kind = exportKind(name);
  if (kind === 'xlsx') return xlsxRows(bytes);
  if (kind === 'xls') return xlsRows(bytes, unwrapCell);
  const decoded = decodeExport(bytes, encoding);
  return decoded.ok ? csvRows(decoded.text) : `${name} ${decoded.reason}`;
}

/** Reads one file from the row offset `skipRows`, yielding its records, rejections and mid-file checkpoints. */
async function* readExport(name: string, rows: AsyncIterable<SheetRow>, sha256: string, skipRows: number, taken: Record<string, string>, options: PosFileSettings & { exportedAt: Date; signal?: AbortSignal }): AsyncGenerator<ReadMessage> {
  let targets: (string | undefined)[] | undefined;
  let headerWidth = 0;
  let searched = 0;
  let dataRows = 0;
  let lastLine = 0;
  let unreadable = false;
  // Duplicate rows within a file are one row; the keys of skipped rows are still counted, so a resumed run agrees.
  const seen = new Set<string>();
  try {
    for await (const row of rows) {
      lastLine = row.line;
      if (!targets && !row.error) {
        targets = resolveHeader(row.cells, options.columnMap);
        headerWidth = row.cells.length;
        if (!targets && ++searched >= HEADER_SEARCH_ROWS) break;
        continue;
      }
      // Every row after the header counts toward the offset a checkpoint records, rejected and repeated ones too;
      // an unreadable stretch above the header (index -1) was emitted before any checkpoint of this file.
      const index = targets ? dataRows++ : -1;
      const coveredByCheckpoint = index < 0 ? skipRows > 0 : index < skipRows;
      const total = row.error ? undefined : totalRowLabel(row.cells, targets!);
      if (row.error) {
        if (!coveredByCheckpoint) yield { type: 'rejection', reason: `${name} line ${row.line}: not a readable CSV row: ${row.error}`, raw: { file: name, line: row.line } };
      } else if (total) {
        // A footer or subtotal is not a member: skipped, and reported as a rejection so the count is visible on the run.
        if (!coveredByCheckpoint) yield { type: 'rejection', reason: `${name} line ${row.line}: skipped a ${total} row, not a member`, raw: { file: name, line: row.line, cells: row.cells } };
      } else {
        const key = row.cells.join('\u001f');
        const repeated = seen.has(key);
        seen.add(key);
        if (!coveredByCheckpoint && !repeated) yield mapRow(name, row, targets!, headerWidth, options);
      }
      if (!coveredByCheckpoint && index >= 0 && dataRows % options.checkpointRows === 0) {
        yield { type: 'state', state: { files: { ...taken }, current: { file: name, sha256, rows: dataRows } } };
        if (options.signal?.aborted) return;
      }
    }
  } catch (error) {
    unreadable = true;
    // An XLSX that is not a workbook: the content is at fault, so the file is taken; a fixed upload differs.
    const where = lastLine > 0 ? ` after line ${lastLine}` : '';
    yield { type: 'rejection', reason: `${name}: unreadable${where}: ${(error as Error).message}`, raw: { file: name, line: lastLine } };
  }
  if (!targets && !unreadable) {
    const reason = `${name}: no header row naming a member card or phone column in its first ${HEADER_SEARCH_ROWS} rows; set the column map`;
    yield { type: 'rejection', reason, raw: { file: name } };
    return; // left untaken: a column map makes it readable
  }
  taken[name] = sha256;
  yield { type: 'state', state: { files: { ...taken } } };
}

function mapRow(name: string, row: SheetRow, targets: (string | undefined)[], headerWidth: number, options: PosFileSettings & { exportedAt: Date }): ReadMessage {
  const raw = { file: name, line: row.line, cells: row.cells };
  // Extra empty cells are a trailing comma; anything else means the row's cells have shifted.
  if (row.cells.length < headerWidth || row.cells.slice(headerWidth).some((cell) => cell !== '')) {
    return { type: 'rejection', reason: `${name} line ${row.line}: ${row.cells.length} cells where the header has ${headerWidth}`, raw };
  }
  const cells: Record<string, string> = {};
  targets.forEach((target, column) => {
    if (target && row.cells[column]) cells[target] = row.cells[column];
  });
  // A number cell past 15 significant digits in an id column: Excel kept a rounded number, never the card typed.
  const lossy = row.lossy?.find((column) => ['member_card', 'phone', 'order_no'].includes(targets[column] ?? ''));
  if (lossy !== undefined) {
    const reason = `${name} line ${row.line}: ${targets[lossy]} ${row.cells[lossy]} is a number cell past Excel's 15 significant digits, so digits were lost; format that column as text and export again`;
    return { type: 'rejection', reason, raw };
  }
  const mapped = mapPosRow(cells, { file: name, line: row.line, exportedAt: options.exportedAt, utcOffset: options.utcOffset });
  return mapped.ok ? { type: 'record', record: mapped.record } : { type: 'rejection', reason: mapped.reason, raw };
}

async function* readMembers(config: ConnectorConfig, state: StreamState | undefined, signal?: AbortSignal): AsyncGenerator<ReadMessage> {
  const options = settings(config);
  const previous = state as PosFileState | undefined;
  const taken: Record<string, string> = { ...(previous?.files ?? {}) };
  const names = await listExportFiles(options.folder).catch((error: unknown) => {
    throw folderError(error, options.folder);
  });
  for (const name of names) {
    if (signal?.aborted) return;
    const file = path.join(options.folder, name);
    let bytes: Buffer;
    let exportedAt: Date;
    try {
      // Only regular files are listed; O_NOFOLLOW also refuses one swapped for a symlink since (it could lead out of the folder).
      [bytes, exportedAt] = await Promise.all([readFile(file, { flag: constants.O_RDONLY | constants.O_NOFOLLOW }), stat(file).then((info) => info.mtime)]);
    } catch (error) {
      // Moved away between listing and reading (archived by the POS): the next run sees the folder anew.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw folderError(error, file);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (taken[name] === sha256) continue;
    // Resume mid-file only into the very content that was being read; a changed file starts over.
    const current = previous?.current;
    const skipRows = current && current.file === name && current.sha256 === sha256 ? current.rows : 0;
    const rows = exportRows(name, bytes, options.encoding);
    if (typeof rows === 'string') yield { type: 'rejection', reason: rows, raw: { file: name } };
    else yield* readExport(name, rows, sha256, skipRows, taken, { ...options, exportedAt, signal });
  }
}

export const posFileConnector: Connector = {
  spec: {
    type: 'pos-file',
    title: 'POS file export (CSV / XLSX / XLS)',
    fields: [
      { name: 'folder', type: 'string', required: true, destination: 'folder', description: 'Path of the folder the POS drops its CSV, XLSX or XLS exports into' },
      { name: 'encoding', type: 'string', required: false, default: 'auto', description: 'Text encoding of CSV files: auto (UTF-8, else GB18030), utf-8 or gb18030 (gbk is read as gb18030, its superset)' },
      {
        name: 'columns',
        type: 'string',
        required: false,
        description: `Column map for headers the defaults miss, e.g. 会员卡号=member_card,手机号=phone,姓名=full_name,门店=store,积分=points (targets: member_card, phone, full_name, store, level, points, balance, opened_at, amount, time, order_no, traits.<key>)`,
      },
      { name: 'checkpointRows', type: 'number', required: false, default: 500, description: 'Rows between checkpoints inside a large file' },
      { name: 'utcOffset', type: 'string', required: false, default: '+08:00', description: 'UTC offset of the times written in the exports' },
    ],
    traits: [
      { key: 'member_card', type: 'text', description: 'The member card number (会员卡号), digits and leading zeros as printed' },
      { key: 'store', type: 'text', description: 'The store (门店) the member or sale belongs to' },
      { key: 'phone_as_typed', type: 'text', description: 'A phone as typed at the till when it is not a valid number' },
      { key: 'member_level', type: 'text', description: 'The membership level (等级) the export states' },
      { key: 'points', type: 'number', description: 'Points balance (积分)' },
      { key: 'stored_value_balance', type: 'number', description: 'Stored-value balance (储值余额)' },
      { key: 'card_opened_at', type: 'datetime', description: 'When the member card was opened (开卡日期)' },
    ],
  },

  async check(config) {
    try {
      const { folder, encoding } = settings(config);
      const info = await stat(folder).catch((error: unknown) => {
        throw folderError(error, folder);
      });
      if (!info.isDirectory()) throw new ConnectorError('BAD_CONFIG', `${folder} is a file, not a folder`);
      const names = await listExportFiles(folder).catch((error: unknown) => {
        throw folderError(error, folder);
      });
      return { ok: true, checks: await folderChecks(folder, names, encoding) };
    } catch (error) {
      if (error instanceof ConnectorError) return { ok: false, reason: error.message, checks: [{ name: 'folder', status: 'fail', detail: error.message }] };
      throw error;
    }
  },

  streams: () => [{ name: STREAM, incremental: true }],

  async *read(stream, config, state, context) {
    if (stream !== STREAM) throw new ConnectorError('BAD_CONFIG', `pos-file has one stream, ${STREAM}; '${stream}' is not one`);
    yield* readMembers(config, state, context.signal);
  },
};

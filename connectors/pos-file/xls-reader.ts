import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SheetRow } from './export-file';

/**
 * Reading `.xls` (BIFF8, the binary workbook Chinese POS and ERP back offices still export) with SheetJS 0.20.3
 * as republished on npm by `@e965/xlsx` (the `xlsx` package on npm stops at 0.18.5, which carries the
 * prototype-pollution and ReDoS advisories fixed in 0.19.3 and 0.20.2). A workbook is untrusted input: it is
 * parsed in a worker thread with a memory ceiling and a deadline, and refused above a byte, row and cell budget.
 */

export interface XlsLimits {
  maxBytes: number;
  maxRows: number;
  maxCells: number;
  /** The worker is terminated after this long: a crafted workbook cannot hold a sync run. */
  timeoutMs: number;
  maxMemoryMb: number;
}

export const XLS_LIMITS: XlsLimits = { maxBytes: 20 * 1024 * 1024, maxRows: 200_000, maxCells: 4_000_000, timeoutMs: 30_000, maxMemoryMb: 512 };

/** Plain JavaScript, so the worker needs no TypeScript loader: it gets the library's resolved path and the bytes. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const XLSX = require(workerData.library);
const { maxRows, maxCells } = workerData;
// The bytes arrive as a Uint8Array copy; SheetJS's 'buffer' type wants a Node Buffer.
const bytes = Buffer.from(workerData.bytes.buffer, workerData.bytes.byteOffset, workerData.bytes.byteLength);
try {
  // First sheet only, values and number formats only: no formulas, HTML, styles or VBA are read.
  const workbook = XLSX.read(bytes, { type: 'buffer', dense: true, sheets: 0, sheetRows: maxRows + 1, cellNF: true, cellFormula: false, cellHTML: false, cellStyles: false, cellDates: false, bookVBA: false });
  const sheet = workbook.Sheets[workbook.SheetNames[0]];
  const date1904 = Boolean(workbook.Workbook && workbook.Workbook.WBProps && workbook.Workbook.WBProps.date1904);
  const rows = [];
  if (sheet && sheet['!ref']) {
    const range = XLSX.utils.decode_range(sheet['!ref']);
    const height = range.e.r - range.s.r + 1;
    const width = range.e.c - range.s.c + 1;
    if (height > maxRows) throw new Error('more than ' + maxRows + ' rows; split the export');
    if (height * width > maxCells) throw new Error(height + ' rows of ' + width + ' columns is more than ' + maxCells + ' cells; split the export');
    const data = sheet['!data'] || [];
    for (let r = range.s.r; r <= range.e.r; r++) {
      const row = data[r] || [];
      const cells = [];
      const lossy = [];
      for (let c = 0; c <= range.e.c; c++) {
        const cell = row[c];
        let text = '';
        if (cell && cell.v !== undefined && cell.v !== null) {
          if (cell.t === 'n' && cell.z && XLSX.SSF.is_date(cell.z)) {
            // Excel keeps local wall-clock times as day serials: read them back as wall-clock text.
            const ms = Math.round(((cell.v + (date1904 ? 1462 : 0)) - 25569) * 86400) * 1000;
            text = new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
          } else if (cell.t === 'n') {
            if (Number.isInteger(cell.v) && Math.abs(cell.v) >= 1e15) lossy.push(c);
            text = String(cell.v);
          } else if (cell.t === 'e') {
            text = String(cell.w || '#ERROR');
          } else {
            text = String(cell.v);
          }
        }
        cells.push(text);
      }
      if (cells.some((cell) => cell.trim() !== '')) rows.push({ line: r + 1, cells, lossy });
    }
  }
  parentPort.postMessage({ rows });
} catch (error) {
  parentPort.postMessage({ error: String((error && error.message) || error) });
}
`;

export interface XlsSheet {
  line: number;
  cells: string[];
  lossy: number[];
}

/** The first sheet's non-empty rows as raw cell text; rejects with a reason a data team can act on. */
export async function readXlsSheet(bytes: Buffer, limits: XlsLimits = XLS_LIMITS): Promise<XlsSheet[]> {
  if (bytes.length > limits.maxBytes) throw new Error(`${bytes.length} bytes is more than the ${limits.maxBytes} an .xls export may have; split it or save it as CSV`);
  const library = createRequire(__filename).resolve('@e965/xlsx');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: { library, bytes, maxRows: limits.maxRows, maxCells: limits.maxCells },
    resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb },
  });
  return new Promise<XlsSheet[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`not read within ${limits.timeoutMs / 1000} s; the workbook is too large or malformed`));
    }, limits.timeoutMs);
    const settle = (then: () => void) => {
      clearTimeout(timer);
      void worker.terminate();
      then();
    };
    worker.once('message', (message: { rows?: XlsSheet[]; error?: string }) =>
      settle(() => (message.error !== undefined ? reject(new Error(`not a readable .xls workbook: ${message.error}`)) : resolve(message.rows ?? []))),
    );
    worker.once('error', (error) => settle(() => reject(new Error(`not a readable .xls workbook: ${error.message}`))));
    worker.once('exit', (code) => settle(() => reject(new Error(`the .xls reader stopped (exit ${code}); the workbook is too large or malformed`))));
  });
}

/** Rows of the first worksheet of an XLS workbook, with the same cell wrappers removed as for CSV and XLSX. */
export async function* xlsRows(bytes: Buffer, unwrap: (cell: string) => string, limits?: XlsLimits): AsyncGenerator<SheetRow> {
  for (const row of await readXlsSheet(bytes, limits)) {
    yield { line: row.line, cells: row.cells.map(unwrap), ...(row.lossy.length > 0 ? { lossy: row.lossy } : {}) };
  }
}

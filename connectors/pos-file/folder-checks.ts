import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { NamedCheck } from '../sdk/connector';
import { exportKind, type ExportEncoding } from './export-file';

/**
 * What `testConnection` tells a data team about a POS export folder: which exports it holds by kind, how fresh the
 * newest is, and which encoding its newest CSV is in. Names and dates only: an export's content never goes here.
 */

/** Exports older than this suggest the POS stopped exporting (or writes somewhere else now). */
const STALE_DAYS = 7;
/** Enough of a CSV to tell UTF-8 from GB18030: Chinese text shows in the first lines (names, headers). */
const SNIFF_BYTES = 256 * 1024;

export async function folderChecks(folder: string, names: readonly string[], encoding: ExportEncoding, now = new Date()): Promise<NamedCheck[]> {
  const checks: NamedCheck[] = [{ name: 'folder', status: 'pass', detail: `${folder} is a folder the hub can read` }];
  const byKind = { csv: 0, xlsx: 0, xls: 0 };
  for (const name of names) byKind[exportKind(name)!]++;
  if (names.length === 0) {
    checks.push({ name: 'files', status: 'warn', detail: 'no .csv, .xlsx or .xls export in the folder yet: have the POS export its member list or sales ledger there' });
    return checks;
  }
  checks.push({ name: 'files', status: 'pass', detail: `${names.length} export files: ${byKind.csv} csv, ${byKind.xlsx} xlsx, ${byKind.xls} xls` });

  const dated = await Promise.all(names.map(async (name) => ({ name, mtime: await stat(path.join(folder, name)).then((info) => info.mtime, () => undefined) })));
  const newest = dated.filter((file): file is { name: string; mtime: Date } => file.mtime !== undefined).sort((a, b) => b.mtime.getTime() - a.mtime.getTime())[0];
  if (newest) {
    const days = Math.floor((now.getTime() - newest.mtime.getTime()) / 86_400_000);
    const stale = days > STALE_DAYS;
    const detail = `newest export ${newest.name}, written ${newest.mtime.toISOString()}${stale ? ` (${days} days ago: is the POS still exporting here?)` : ''}`;
    checks.push({ name: 'newest-file', status: stale ? 'warn' : 'pass', detail });
  }

  const newestCsv = dated.filter((file) => exportKind(file.name) === 'csv' && file.mtime).sort((a, b) => b.mtime!.getTime() - a.mtime!.getTime())[0];
  if (!newestCsv) {
    checks.push({ name: 'encoding', status: 'pass', detail: 'no CSV exports: XLSX and XLS carry their own encoding' });
    return checks;
  }
  const detected = await sniffEncoding(path.join(folder, newestCsv.name)).catch(() => undefined);
  if (!detected) checks.push({ name: 'encoding', status: 'warn', detail: `could not read ${newestCsv.name} to tell its encoding` });
  else if (detected === 'gb18030' && encoding === 'utf-8') {
    checks.push({ name: 'encoding', status: 'warn', detail: `${newestCsv.name} is not UTF-8 (GB18030/GBK, as Chinese Windows writes): set the encoding to auto or gb18030, or it stays unread` });
  } else {
    const reading = encoding === 'auto' ? 'read as such (encoding auto)' : `read as ${encoding === 'gbk' ? 'gb18030' : encoding}`;
    checks.push({ name: 'encoding', status: 'pass', detail: `${newestCsv.name} is ${detected === 'utf-8' ? 'UTF-8' : 'GB18030/GBK'}, ${reading}` });
  }
  return checks;
}

/** UTF-8 when the start of the file is valid UTF-8 (ASCII included), else GB18030. */
async function sniffEncoding(file: string): Promise<'utf-8' | 'gb18030'> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    try {
      // stream: a character cut at the end of the sample is not an error.
      new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, bytesRead), { stream: true });
      return 'utf-8';
    } catch {
      return 'gb18030';
    }
  } finally {
    await handle.close();
  }
}

import { writeFile } from 'node:fs/promises';
import { posMembers, writePosExport, type PosExport, type PosMember } from '../../connectors/pos-file/emulator';
import { mapPosRow } from '../../connectors/pos-file/mapping';

export interface PosMemberFiles {
  /** The POS export (title line, Chinese header, phones as staff typed them), in a folder of its own. */
  export: PosExport;
  /** The same members as a canonical CSV for `hub import`: what the pos-file connector maps each row to. */
  canonicalCsv: { path: string; bytes: number; columns: string[] };
}

/**
 * Writes a UTF-8 POS member export holding exactly `count` members into `exportFolder`, and next to it
 * (`csvPath`) a CSV of the very records the pos-file connector makes of those rows, with canonical
 * column names, so `hub import` and a pos-file sync store the same people with the same fields.
 */
export async function writePosMemberFiles(exportFolder: string, csvPath: string, count: number, seed: number): Promise<PosMemberFiles> {
  const written = await writePosExport(exportFolder, { customers: poolWithMembers(count, seed), seed, format: 'csv', encoding: 'utf-8' });
  if (written.members.length !== count) throw new Error(`the POS export holds ${written.members.length} members, expected ${count}`);
  const records = written.members.map((member, index) => canonicalRecord(member, written.fileName, index));
  const columns = csvColumns(records);
  const text = [columns.join(','), ...records.map((record) => columns.map((column) => csvCell(valueAt(record, column))).join(','))].join('\n') + '\n';
  await writeFile(csvPath, text);
  return { export: written, canonicalCsv: { path: csvPath, bytes: Buffer.byteLength(text), columns } };
}

/**
 * About 60% of the synthetic pool are POS members, drawn person by person, so a larger pool keeps the
 * members of a smaller one: the pool that ends at the count-th member holds exactly `count`.
 */
function poolWithMembers(count: number, seed: number): number {
  for (let pool = Math.ceil(count / 0.55) + 100; ; pool = Math.ceil(pool * 1.2)) {
    const members = posMembers(pool, seed);
    if (members.length >= count) return Number(members[count - 1].key.slice(1)) + 1;
  }
}

/** The connector's own pure mapping of the member's row; a member it would reject makes the benchmark invalid. */
function canonicalRecord(member: PosMember, fileName: string, index: number): Record<string, unknown> {
  const cells: Record<string, string> = { full_name: member.fullName, phone: member.phoneAsTyped, store: member.store, level: member.level, points: String(member.points) };
  if (member.card) cells.member_card = member.card;
  const mapped = mapPosRow(cells, { file: fileName, line: index + 3, exportedAt: new Date(), utcOffset: '+08:00' });
  if (!mapped.ok) throw new Error(`the pos-file mapping rejects member ${member.key}: ${mapped.reason}`);
  return mapped.record;
}

/** Canonical fields first, then `traits.<key>`; `updated_at` is left out because a CSV import has no such column. */
function csvColumns(records: Record<string, unknown>[]): string[] {
  const fields = new Set<string>();
  const traits = new Set<string>();
  for (const record of records) {
    // A CSV import has no events column: the membership event a POS row also makes is left out, like updated_at.
    for (const key of Object.keys(record)) if (key !== 'traits' && key !== 'updated_at' && key !== 'events') fields.add(key);
    for (const key of Object.keys((record.traits as Record<string, unknown> | undefined) ?? {})) traits.add(`traits.${key}`);
  }
  return [...fields, ...traits];
}

function valueAt(record: Record<string, unknown>, column: string): unknown {
  return column.startsWith('traits.') ? (record.traits as Record<string, unknown> | undefined)?.[column.slice('traits.'.length)] : record[column];
}

function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

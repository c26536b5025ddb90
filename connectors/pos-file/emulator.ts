import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { base, Faker } from '@faker-js/faker';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { EmulatorOptions, StartedEmulator, StartEmulator } from '../sdk/emulation/emulator';
import { FaultSwitches } from '../sdk/emulation/fault-switches';
import { REFERENCE_DATE, syntheticPeople, type SyntheticPerson } from '../sdk/emulation/synthetic-people';

/**
 * The "emulator" of a platform without an API: export files as a Chinese POS back office writes them.
 * About 60% of the synthetic pool are members; the POS knows a member card (a few walk-in members
 * have none), the phone as staff typed it, the name, the store, the membership level and the points balance.
 */

export interface PosExportOptions {
  customers?: number;
  seed?: number;
  /** `xls`: the old binary workbook (BIFF8) many Chinese back offices still write. */
  format: 'csv' | 'xlsx' | 'xls';
  /** CSV only: XLSX is zipped XML, always UTF-8 inside. UTF-8 CSVs get a BOM, as Excel-friendly exports do. */
  encoding: 'utf-8' | 'gbk';
  fileName?: string;
  /** A sales ledger (one row per sale, 1–3 sales per member, with 小票号/消费金额/消费时间) instead of a member list. */
  sales?: boolean;
  /** Add the flaws real exports carry: a repeated row, a row with neither card nor phone, unreadable points, a shifted row. */
  flaws?: boolean;
  /**
   * Write the export the way back offices do when saving for Excel: a 合计 footer under the data (its line in
   * `footerLine`), and, in CSV, card numbers as `="…"` so Excel keeps their leading zeros.
   */
  excelStyle?: boolean;
}

/** One member as the POS knows them. */
export interface PosMember {
  key: string;
  card: string;
  phoneAsTyped: string;
  phone: string;
  fullName: string;
  store: string;
  /** The level the POS shows (会员等级), decided by the POS from the points, as back offices do. */
  level: string;
  points: number;
}

export interface PosExport {
  path: string;
  fileName: string;
  /** The members written, once each. */
  members: PosMember[];
  /** Data rows written, flaws and repeats included. */
  dataRows: number;
  /** Lines of the rows written wrong on purpose (with `flaws`), each of which must come back as a rejection. */
  flawedLines: number[];
  /** Line of the 合计 footer (with `excelStyle`), which must come back as a skipped row, never a member. */
  footerLine?: number;
  /** Lines of exact repeats of an earlier row (with `flaws`). */
  repeatedLines: number[];
}

const STORES: Record<string, string[]> = {
  上海: ['上海南京西路店', '上海徐家汇店'], 北京: ['北京三里屯店', '北京西单店'], 杭州: ['杭州湖滨店'], 深圳: ['深圳万象城店'],
  广州: ['广州天河店'], 成都: ['成都春熙路店'], 南京: ['南京新街口店'],
};
const MEMBER_HEADER = ['会员卡号', '姓名', '手机号', '门店', '会员等级', '积分'];
const SALES_HEADER = ['小票号', '会员卡号', '姓名', '手机号', '门店', '会员等级', '积分', '消费金额', '消费时间'];
/** The POS's own levels by points, highest first. */
const LEVELS: [minPoints: number, level: string][] = [[15_000, '钻石会员'], [8_000, '金卡会员'], [2_000, '银卡会员'], [0, '普通会员']];
/** The title line above the header, as many back offices write it. */
const TITLE_LINES = 1;

/** The POS's own choices (who is a member, how the phone was typed, …), the same for the same seed. */
function seededFaker(seed: number): Faker {
  const faker = new Faker({ locale: [base] });
  faker.seed(seed);
  return faker;
}

function typedPhone(phone: string, faker: Faker): string {
  const spaced = `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
  const dashed = spaced.replaceAll(' ', '-');
  return faker.helpers.arrayElement([phone, phone, spaced, `+86 ${phone}`, `0086-${phone}`, dashed, `+86-${dashed}`]);
}

/** The members one POS knows, in pool order: about 60% of the pool, 5% of them without a card. */
export function posMembers(customers = 200, seed?: number): PosMember[] {
  const faker = seededFaker((seed ?? 20261123) + 101);
  return syntheticPeople(customers, seed).flatMap((person: SyntheticPerson, index) => {
    // Drawn for everyone, members or not, so that one person's draws do not depend on another's.
    const [member, hasCard] = [faker.datatype.boolean(0.6), faker.datatype.boolean(0.95)];
    const phoneAsTyped = typedPhone(person.phone, faker);
    const store = faker.helpers.arrayElement(STORES[person.city] ?? ['上海南京西路店']);
    const points = faker.number.int({ min: 0, max: 20_000 });
    if (!member) return [];
    const card = hasCard ? `M${String(12345 + index).padStart(8, '0')}` : '';
    const level = LEVELS.find(([minPoints]) => points >= minPoints)![1];
    return [{ key: person.key, card, phoneAsTyped, phone: `+86${person.phone}`, fullName: person.fullName, store, level, points }];
  });
}

type Cell = string | number | Date;
/** A row a broken export writes as one raw CSV line (unquoted), or as these cells in XLSX. */
interface BrokenRow {
  csvLine: string;
  cells: Cell[];
}
type Row = Cell[] | BrokenRow;

function memberRows(members: PosMember[], sales: boolean, seed: number): Cell[][] {
  if (!sales) return members.map((m) => [m.card, m.fullName, m.phoneAsTyped, m.store, m.level, m.points]);
  const faker = seededFaker(seed + 7);
  return members.flatMap((m, index) =>
    Array.from({ length: faker.number.int({ min: 1, max: 3 }) }, (_, sale) => {
      // Wall-clock time at the store, kept in a Date's UTC fields, the way Excel stores it.
      const at = new Date(REFERENCE_DATE.getTime() - faker.number.int({ min: 0, max: 60 * 86_400 }) * 1000);
      return [`S${String(index).padStart(5, '0')}${sale}`, m.card, m.fullName, m.phoneAsTyped, m.store, m.level, m.points, faker.number.float({ min: 9.9, max: 209.9, fractionDigits: 2 }), at];
    }),
  );
}

function csvCell(value: Cell): string {
  const text = value instanceof Date ? value.toISOString().slice(0, 19).replace('T', ' ') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvText(rows: Row[]): string {
  return rows.map((row) => (Array.isArray(row) ? row.map(csvCell).join(',') : row.csvLine)).join('\r\n') + '\r\n';
}

/** Excel's day serial of a wall-clock time kept in a Date's UTC fields. */
const excelSerial = (at: Date) => at.getTime() / 86_400_000 + 25569;

/** The rows as an .xls workbook (BIFF8), written by SheetJS, loaded only when an .xls is asked for. */
async function xlsBytes(rows: Cell[][], sheetName: string): Promise<Buffer> {
  const XLSX = await import('@e965/xlsx');
  const width = Math.max(...rows.map((row) => row.length));
  const sheet: import('@e965/xlsx').WorkSheet = { '!ref': XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length - 1, c: width - 1 } }) };
  rows.forEach((row, r) =>
    row.forEach((value, c) => {
      if (value === '') return;
      const address = XLSX.utils.encode_cell({ r, c });
      if (value instanceof Date) sheet[address] = { t: 'n', v: excelSerial(value), z: 'yyyy-mm-dd hh:mm:ss' };
      else sheet[address] = typeof value === 'number' ? { t: 'n', v: value } : { t: 's', v: value };
    }),
  );
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet, sheetName);
  return XLSX.write(workbook, { type: 'buffer', bookType: 'biff8' }) as Buffer;
}

/** Excel turns a phone typed as plain digits into a number; the other cells stay as written. */
const asExcelTyped = (value: Cell): Cell => (typeof value === 'string' && /^1\d{10}$/.test(value) ? Number(value) : value);

/** Writes one export file into `folder` and says what is in it. */
export async function writePosExport(folder: string, options: PosExportOptions): Promise<PosExport> {
  const seed = options.seed ?? 20261123;
  const members = posMembers(options.customers ?? 200, options.seed);
  const header = options.sales ? SALES_HEADER : MEMBER_HEADER;
  const rows: Row[] = memberRows(members, options.sales ?? false, seed);
  const flawedLines: number[] = [];
  const repeatedLines: number[] = [];
  const lineOf = (dataIndex: number) => TITLE_LINES + 1 + dataIndex + 1;
  if (options.flaws && rows.length > 4) {
    const width = header.length;
    const sparseRow = (values: Record<number, Cell>) => Array.from({ length: width }, (_, i) => values[i] ?? '');
    const [second, third, fourth] = rows.slice(1, 4) as Cell[][];
    const nameAt = header.indexOf('姓名');
    const pointsAt = header.indexOf('积分');
    const flaws: [kind: 'flaw' | 'repeat', row: Row][] = [
      ['repeat', [...second]],
      ['flaw', sparseRow({ [nameAt]: '散客', [header.indexOf('门店')]: '上海徐家汇店' })],
      ['flaw', third.map((value, i) => (i === pointsAt ? '待核对' : value))],
      // A name typed with a comma, written without quoting: every cell after it shifts right.
      ['flaw', { csvLine: fourth.map((v, i) => (i === nameAt ? `${v},VIP` : String(v))).join(','), cells: [...fourth, '多余'] }],
    ];
    flaws.forEach(([kind, row], offset) => {
      const at = 4 + offset * 3;
      rows.splice(at, 0, row);
      (kind === 'flaw' ? flawedLines : repeatedLines).push(lineOf(at));
    });
  }
  const dataRows = rows.length;
  let footerLine: number | undefined;
  if (options.excelStyle) {
    const sum = (column: string) => (rows.filter(Array.isArray) as Cell[][]).reduce((total, row) => total + (typeof row[header.indexOf(column)] === 'number' ? (row[header.indexOf(column)] as number) : 0), 0);
    const footer: Cell[] = header.map((column, i) => (i === 0 ? '合计' : column === '积分' ? sum('积分') : column === '消费金额' ? Math.round(sum('消费金额') * 100) / 100 : ''));
    footerLine = lineOf(rows.length);
    rows.push(footer);
    if (options.format === 'csv') {
      // Written raw, as POS software writes them: Excel shows the card as text, with its leading letters and zeros.
      const cardAt = header.indexOf('会员卡号');
      rows.forEach((row, index) => {
        if (Array.isArray(row) && index < dataRows && row[cardAt]) rows[index] = { csvLine: row.map((value, i) => (i === cardAt ? `="${value}"` : csvCell(value))).join(','), cells: row };
      });
    }
  }
  const title = [options.sales ? '销售流水导出' : '会员资料导出', REFERENCE_DATE.toISOString().slice(0, 10)];
  const fileName = options.fileName ?? `${options.sales ? 'sales' : 'members'}-${REFERENCE_DATE.toISOString().slice(0, 10)}.${options.format}`;
  const file = path.join(folder, fileName);
  if (options.format === 'xlsx') {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(options.sales ? '销售流水' : '会员资料');
    for (const row of [title, header, ...rows]) sheet.addRow((Array.isArray(row) ? row : row.cells).map(asExcelTyped));
    await writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()));
  } else if (options.format === 'xls') {
    const cells = [title, header, ...rows].map((row) => (Array.isArray(row) ? row : row.cells).map(asExcelTyped));
    await writeFile(file, await xlsBytes(cells, options.sales ? '销售流水' : '会员资料'));
  } else {
    const text = csvText([title, header, ...rows]);
    await writeFile(file, options.encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
  }
  return { path: file, fileName, members, dataRows, flawedLines, repeatedLines, ...(footerLine === undefined ? {} : { footerLine }) };
}

/**
 * For `hub emulate`: a temporary folder holding one GBK member export (the common case in China), and
 * the config that reads it. There is no HTTP, so `faults` is inert and `requests` stays empty: a POS
 * export misbehaves through its content (see `flaws`, `encoding`), which `writeExport` adds to the folder.
 */
async function startPosEmulator(options: EmulatorOptions = {}): Promise<StartedEmulator & { folder: string; writeExport: (export_: PosExportOptions) => Promise<PosExport> }> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'pos-export-'));
  await writePosExport(folder, { customers: options.customers, seed: options.seed, format: 'csv', encoding: 'gbk' });
  return {
    url: pathToFileURL(folder).href,
    config: { folder, encoding: 'auto' },
    faults: new FaultSwitches(),
    requests: [],
    folder,
    writeExport: (export_) => writePosExport(folder, { customers: options.customers, seed: options.seed, ...export_ }),
    stop: () => rm(folder, { recursive: true, force: true }),
  };
}

export const startEmulator: StartEmulator = startPosEmulator;

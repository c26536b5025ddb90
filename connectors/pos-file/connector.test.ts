import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCanonicalRecord } from '../sdk/records';
import type { ReadMessage } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';
import { readAll, testContext } from '../sdk/test-kit';
import { posFileConnector, type PosFileState } from './connector';
import { startEmulator, writePosExport, type PosMember } from './emulator';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'pos-file-test-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const read = (state?: PosFileState, config: Record<string, string | number> = {}) => readAll(posFileConnector, 'members', { folder, ...config }, state);

function expectValid(records: Record<string, unknown>[]): void {
  for (const record of records) expect(parseCanonicalRecord(record), JSON.stringify(record)).toMatchObject({ ok: true });
}

/** What the hub should learn about each member, whatever format the POS wrote. */
function expectMembers(records: Record<string, unknown>[], members: PosMember[]): void {
  expect(records).toHaveLength(members.length);
  members.forEach((member, index) => {
    const record = records[index];
    expect(record.external_id).toEqual(member.card || expect.stringMatching(/^nocard-[0-9a-f]{20}$/));
    expect(record).toMatchObject({ phone: member.phone, full_name: member.fullName, traits: { store: member.store, member_level: member.level, points: member.points } });
    // The level and points the POS states are the membership the hub's tier and points come from.
    expect((record.events as Record<string, unknown>[]).find((event) => event.type === 'membership')).toMatchObject({ properties: { tier: member.level, points_balance: member.points } });
    if (member.card) expect(record.traits).toMatchObject({ member_card: member.card });
  });
}

describe('pos-file connector', () => {
  it('reads a UTF-8 CSV member list: one valid record per member, every typed phone format in E.164', async () => {
    const written = await writePosExport(folder, { customers: 120, format: 'csv', encoding: 'utf-8' });
    expect(new Set(written.members.map((m) => m.phoneAsTyped.replace(/\d/g, '9'))).size).toBeGreaterThan(3);
    const result = await read();
    expectValid(result.records);
    expectMembers(result.records, written.members);
    expect(result.rejections).toEqual([]);
    expect(result.finalState).toEqual({ files: { [written.fileName]: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it('reads a GBK CSV when the encoding is auto, and refuses it (untaken) when told it is UTF-8', async () => {
    const written = await writePosExport(folder, { customers: 80, format: 'csv', encoding: 'gbk' });
    const bytes = await readFile(written.path);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();

    const misread = await read(undefined, { encoding: 'utf-8' });
    expect(misread.records).toEqual([]);
    expect(misread.rejections.map((r) => r.reason)).toEqual([`${written.fileName} is not valid UTF-8; set the encoding to auto or gb18030`]);
    expect(misread.finalState).toBeUndefined();

    const result = await read(misread.finalState as PosFileState | undefined);
    expectValid(result.records);
    expectMembers(result.records, written.members);
    expect(result.records.some((r) => /[\u4e00-\u9fff]/.test(String(r.full_name)))).toBe(true);
  });

  it('reads an XLSX member list, with phones Excel turned into numbers', async () => {
    const written = await writePosExport(folder, { customers: 80, format: 'xlsx', encoding: 'utf-8' });
    const workbook = await new ExcelJS.Workbook().xlsx.load(await readFile(written.path) as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
    expect(workbook.worksheets[0].getColumn(3).values.some((value) => typeof value === 'number')).toBe(true);
    const result = await read();
    expectValid(result.records);
    expectMembers(result.records, written.members);
    expect(result.rejections).toEqual([]);
  });

  it('reads the same members from a CSV with ="…" cards, an XLSX and an XLS, each with a 合计 footer it skips', async () => {
    for (const format of ['csv', 'xlsx', 'xls'] as const) {
      const fileName = `members.${format}`;
      const written = await writePosExport(folder, { customers: 60, format, encoding: 'gbk', excelStyle: true, fileName });
      if (format === 'csv') expect(iconv.decode(await readFile(written.path), 'gb18030')).toMatch(/^="M\d{8}",/m);
      if (format === 'xls') expect((await readFile(written.path)).subarray(0, 4).toString('hex')).toBe('d0cf11e0');
      const result = await read();
      expectValid(result.records);
      expectMembers(result.records, written.members);
      expect(result.rejections.map((r) => r.reason), format).toEqual([`${fileName} line ${written.footerLine}: skipped a 合计 row, not a member`]);
      await rm(written.path);
    }
  });

  it('reads an XLS sales ledger: sale times from Excel day serials, in the POS time zone', async () => {
    const xls = await writePosExport(folder, { customers: 30, format: 'xls', encoding: 'utf-8', sales: true, fileName: 'sales.xls' });
    const fromXls = await read();
    await rm(xls.path);
    await writePosExport(folder, { customers: 30, format: 'xlsx', encoding: 'utf-8', sales: true, fileName: 'sales.xls'.replace('.xls', '.xlsx') });
    const fromXlsx = await read();
    expect(fromXls.records).toHaveLength(xls.dataRows);
    const eventsOf = (records: Record<string, unknown>[]) => records.map((r) => (r.events as Record<string, unknown>[])[0]).map(({ properties, ...event }) => event);
    expect(eventsOf(fromXls.records)).toEqual(eventsOf(fromXlsx.records));
  });

  it('turns each row of a sales ledger into one order event in the POS time zone', async () => {
    const written = await writePosExport(folder, { customers: 40, format: 'xlsx', encoding: 'utf-8', sales: true });
    const result = await read();
    expectValid(result.records);
    expect(result.records).toHaveLength(written.dataRows);
    const events = result.records.map((r) => (r.events as Record<string, unknown>[])[0]);
    expect(new Set(events.map((e) => e.id)).size).toBe(written.dataRows);
    for (const event of events) expect(event).toMatchObject({ type: 'order', amount: expect.any(Number), occurred_at: expect.stringMatching(/Z$/) });

    const ledger = 'sales.csv';
    await writeFile(path.join(folder, ledger), '小票号,会员卡号,手机号,消费金额,消费时间\r\nS1,M00000001,13800138000,"¥1,280.50",2026/10/12 14:33\r\n');
    const csv = await read(result.finalState as PosFileState);
    expect(csv.rejections).toEqual([]);
    expect(csv.records[0].events).toEqual([{ id: 'pos-S1', type: 'order', occurred_at: '2026-10-12T06:33:00.000Z', amount: 1280.5, properties: { source_file: ledger, order_no: 'S1' } }]);
  });

  it('skips a file it has already taken with the same content', async () => {
    await writePosExport(folder, { customers: 50, format: 'csv', encoding: 'gbk' });
    await writePosExport(folder, { customers: 50, format: 'xlsx', encoding: 'utf-8' });
    const first = await read();
    const second = await read(first.finalState as PosFileState);
    expect(second.records).toEqual([]);
    expect(second.rejections).toEqual([]);
    expect(second.states).toEqual([]);
  });

  it('takes a changed file again, whole, and leaves the unchanged ones alone', async () => {
    await writePosExport(folder, { customers: 50, format: 'csv', encoding: 'utf-8', fileName: 'a-members.csv' });
    await writePosExport(folder, { customers: 50, format: 'csv', encoding: 'utf-8', fileName: 'b-members.csv' });
    const first = await read();
    const changed = await writePosExport(folder, { customers: 70, format: 'csv', encoding: 'utf-8', fileName: 'b-members.csv' });
    const second = await read(first.finalState as PosFileState);
    expectMembers(second.records, changed.members);
    const before = (first.finalState as PosFileState).files;
    expect((second.finalState as PosFileState).files).toEqual({ 'a-members.csv': before['a-members.csv'], 'b-members.csv': expect.not.stringMatching(before['b-members.csv']) });
  });

  it('rejects malformed rows with the file name and line, and emits a repeated row once', async () => {
    const written = await writePosExport(folder, { customers: 60, format: 'csv', encoding: 'gbk', flaws: true });
    const result = await read();
    expect(written.flawedLines).toHaveLength(3);
    expect(result.rejections.map((r) => r.reason)).toEqual([
      `${written.fileName} line ${written.flawedLines[0]}: no member card and no phone`,
      `${written.fileName} line ${written.flawedLines[1]}: points '待核对' is not a number`,
      `${written.fileName} line ${written.flawedLines[2]}: 7 cells where the header has 6`,
    ]);
    expect(result.rejections[0].raw).toMatchObject({ file: written.fileName, line: written.flawedLines[0] });
    // Every member once: the repeated row is not a second record, the flawed rows are not records at all.
    expect(result.records).toHaveLength(written.dataRows - 3 - written.repeatedLines.length);
    expectMembers(result.records, written.members);
  });

  it('rejects what the parser cannot read, with the line, and keeps the rows before it', async () => {
    await writeFile(path.join(folder, 'a.csv'), '会员卡号,手机号\nM1,13800138000\nM2,"13900139000\nM3,13700137000\n');
    await writeFile(path.join(folder, 'b.xlsx'), 'not a zip at all');
    const result = await read();
    expect(result.records.map((r) => r.external_id)).toEqual(['M1']);
    expect(result.rejections.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^a\.csv line 4: not a readable CSV row: Quote Not Closed/),
      expect.stringMatching(/^b\.xlsx: unreadable: /),
    ]);
    expect(Object.keys((result.finalState as PosFileState).files)).toEqual(['a.csv', 'b.xlsx']);
  });

  it('resumes from any checkpoint, mid-file included, and emits each remaining row exactly once', async () => {
    await writePosExport(folder, { customers: 30, format: 'xlsx', encoding: 'utf-8', fileName: 'a.xlsx' });
    const second = await writePosExport(folder, { customers: 60, format: 'csv', encoding: 'gbk', fileName: 'b.csv', flaws: true });
    const config = { folder, checkpointRows: 3 };
    const uninterrupted: ReadMessage[] = [];
    for await (const message of posFileConnector.read('members', config, undefined, testContext())) uninterrupted.push(message);
    const ofType = <T extends ReadMessage['type']>(messages: ReadMessage[], type: T) => messages.filter((m) => m.type === type);

    const checkpoints = uninterrupted.flatMap((message, at) => (message.type === 'state' ? [at] : []));
    expect(checkpoints.length).toBeGreaterThan(10);
    // Data rows start on line 3 (title, then header): the repeated row lies past the first checkpoint in b.csv.
    expect(second.repeatedLines[0] - 3).toBeGreaterThanOrEqual(3);
    // A run that dies right after any checkpoint, then a run that resumes from it.
    for (const at of checkpoints) {
      const before = uninterrupted.slice(0, at + 1);
      const resumed: ReadMessage[] = [];
      for await (const message of posFileConnector.read('members', config, (before[at] as Extract<ReadMessage, { type: 'state' }>).state, testContext())) resumed.push(message);
      expect([...ofType(before, 'record'), ...ofType(resumed, 'record')]).toEqual(ofType(uninterrupted, 'record'));
      expect([...ofType(before, 'rejection'), ...ofType(resumed, 'rejection')]).toEqual(ofType(uninterrupted, 'rejection'));
    }
    expect(uninterrupted.find((m) => m.type === 'state' && (m.state as PosFileState).current?.file === 'b.csv')).toEqual({
      type: 'state',
      state: { files: { 'a.xlsx': expect.any(String) }, current: { file: 'b.csv', sha256: expect.any(String), rows: 3 } },
    });
  });

  it('starts a file over when it changed after a mid-file checkpoint', async () => {
    await writePosExport(folder, { customers: 40, format: 'csv', encoding: 'utf-8', fileName: 'm.csv' });
    const checkpoint = (await read(undefined, { checkpointRows: 5 })).states[0] as PosFileState;
    expect(checkpoint.current?.rows).toBe(5);
    const rewritten = await writePosExport(folder, { customers: 45, format: 'csv', encoding: 'utf-8', fileName: 'm.csv' });
    expectMembers((await read(checkpoint)).records, rewritten.members);
  });

  it('checks the folder, and fails unrecoverably on one that is not there', async () => {
    const context = testContext();
    expect(await posFileConnector.check({ folder }, context)).toMatchObject({ ok: true, checks: [{ name: 'folder', status: 'pass' }, { name: 'files', status: 'warn' }] });
    const missing = path.join(folder, 'not-mounted');
    const reason = `folder ${missing} does not exist: check the path, or that the share is mounted`;
    expect(await posFileConnector.check({ folder: missing }, context)).toEqual({ ok: false, reason, checks: [{ name: 'folder', status: 'fail', detail: reason }] });
    expect(await posFileConnector.check({ folder, encoding: 'big5' }, context)).toMatchObject({ ok: false, reason: expect.stringContaining("encoding 'big5'") });
    expect(await posFileConnector.check({ folder, columns: '会员号=vip' }, context)).toMatchObject({ ok: false, reason: expect.stringContaining("'会员号=vip'") });
    const failure = await readAll(posFileConnector, 'members', { folder: missing }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ code: 'BAD_CONFIG', retryable: false });
  });

  it('emulates a POS by a temporary folder holding one GBK export of about 60% of the pool', async () => {
    const emulator = await startEmulator({ customers: 200 });
    const result = await readAll(posFileConnector, 'members', emulator.config);
    expectValid(result.records);
    expect(result.records.length).toBeGreaterThan(100);
    expect(result.records.length).toBeLessThan(140);
    expect(emulator.url).toMatch(/^file:\/\//);
    await emulator.stop();
    expect(await posFileConnector.check(emulator.config, testContext())).toMatchObject({ ok: false });
  });
});

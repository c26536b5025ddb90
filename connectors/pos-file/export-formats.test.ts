import { copyFile, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCanonicalRecord } from '../sdk/records';
import { readAll, testContext } from '../sdk/test-kit';
import { posFileConnector } from './connector';
import { unwrapCell } from './export-file';
import { GB18030_CSV, SCIENTIFIC_CSV, WORKBOOK_LOSSY_LINE, WORKBOOK_TOTAL_LINES, writeFixtures } from './fixtures/make-fixtures';
import { totalRowLabel } from './total-rows';
import { readXlsSheet, XLS_LIMITS } from './xls-reader';

/** The committed export files of fixtures/ (see its README.md), read through the connector as a sync reads them. */
const FIXTURES = path.join(__dirname, 'fixtures');

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'pos-formats-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function readFixture(name: string, config: Record<string, string> = {}) {
  await copyFile(path.join(FIXTURES, name), path.join(folder, name));
  const result = await readAll(posFileConnector, 'members', { folder, ...config });
  for (const record of result.records) expect(parseCanonicalRecord(record), JSON.stringify(record)).toMatchObject({ ok: true });
  return result;
}

const membership = (record: Record<string, unknown>) => (record.events as Record<string, unknown>[] | undefined)?.find((event) => event.type === 'membership');

/** What the member workbook holds, whichever format it came in: four members, one lossy card, two total rows. */
function expectWorkbookMembers(result: Awaited<ReturnType<typeof readFixture>>, file: string): void {
  expect(result.records.map((r) => r.external_id)).toEqual(['0001234', '6222021234567890123', '00098765', 'M00012345']);
  expect(result.records.map((r) => r.phone)).toEqual(['+8613800138000', '+8613900139000', '+8613600136000', '+8613500135000']);
  expect(result.records.map((r) => r.full_name)).toEqual(['王芳', '李娜', '陈静', '赵敏']);
  expect(result.records[0].traits).toEqual({ member_card: '0001234', member_level: '金卡会员', points: 12880, stored_value_balance: 500.5, card_opened_at: '2023-04-30T16:00:00.000Z' });
  expect(membership(result.records[2])).toMatchObject({
    type: 'membership',
    properties: { kind: 'pos_export', tier: '钻石会员', points_balance: 56000, stored_value_balance: 2000, card_opened_at: '2022-11-10T16:00:00.000Z', source_file: file },
  });
  expect(result.rejections.map((r) => r.reason)).toEqual([
    `${file} line ${WORKBOOK_LOSSY_LINE}: member_card 6225880123456789 is a number cell past Excel's 15 significant digits, so digits were lost; format that column as text and export again`,
    `${file} line ${WORKBOOK_TOTAL_LINES[0]}: skipped a 合计 row, not a member`,
    `${file} line ${WORKBOOK_TOTAL_LINES[1]}: skipped a sums-only row, not a member`,
  ]);
  // No profile named 合计, and the file is taken: the run does not fail on its footer.
  expect(result.records.some((r) => JSON.stringify(r).includes('合计'))).toBe(false);
  expect(Object.keys((result.finalState as { files: Record<string, string> }).files)).toEqual([file]);
}

describe('POS export formats', () => {
  it('reads a workbook with title rows above the header, ="…" and tab-wrapped cells, a 合计 footer and a lossy card', async () => {
    expectWorkbookMembers(await readFixture('members-title-footer.xlsx'), 'members-title-footer.xlsx');
  });

  it('reads the .xls twin of that workbook to the same members and the same rejections', async () => {
    const bytes = await readFile(path.join(FIXTURES, 'members-title-footer.xls'));
    // BIFF8 is an OLE compound file: the fixture is the old binary format, not XML renamed.
    expect(bytes.subarray(0, 8).toString('hex')).toBe('d0cf11e0a1b11ae1');
    expectWorkbookMembers(await readFixture('members-title-footer.xls'), 'members-title-footer.xls');
  });

  it('reads a GB18030 CSV with a name outside GBK intact, where GBK decoding garbles it', async () => {
    const bytes = await readFile(path.join(FIXTURES, 'members-gb18030.csv'));
    expect(iconv.decode(bytes, 'gbk')).not.toContain('𠮷田花子');
    for (const encoding of ['auto', 'gb18030', 'gbk']) {
      await rm(folder, { recursive: true, force: true });
      folder = await mkdtemp(path.join(os.tmpdir(), 'pos-formats-'));
      const result = await readFixture('members-gb18030.csv', { encoding });
      expect(result.records.map((r) => [r.external_id, r.full_name]), encoding).toEqual([['00012345', '𠮷田花子'], ['00012346', '刘䶮']]);
      expect(result.records.map((r) => (r.traits as Record<string, unknown>).card_opened_at)).toEqual(['2021-03-14T16:00:00.000Z', '2024-06-30T16:00:00.000Z']);
      expect(result.rejections.map((r) => r.reason)).toEqual(['members-gb18030.csv line 4: skipped a 总计 row, not a member']);
    }
  });

  it('rejects a card Excel turned into 6.22588E+15, and keeps a 19-digit card written as text exactly', async () => {
    const result = await readFixture('card-scientific.csv');
    expect(result.rejections.map((r) => r.reason)).toEqual([
      "card-scientific.csv line 2: member card '6.22588E+15' was saved as a number in scientific notation and has lost digits; export that column as text",
    ]);
    expect(result.records.map((r) => r.external_id)).toEqual(['6222021234567890123']);
    expect(result.records[0].traits).toMatchObject({ member_card: '6222021234567890123', member_level: '银卡', points: 20 });
  });

  it('states tier and points as a membership event true as of the export, the same event when the file is read again', async () => {
    const first = await readFixture('card-scientific.csv');
    const again = await readAll(posFileConnector, 'members', { folder });
    expect(membership(first.records[0])).toEqual({
      id: expect.stringMatching(/^pos-membership-[0-9a-f]{20}$/),
      type: 'membership',
      occurred_at: first.records[0].updated_at,
      properties: { kind: 'pos_export', tier: '银卡', points_balance: 20, source_file: 'card-scientific.csv' },
    });
    expect(membership(again.records[0])).toEqual(membership(first.records[0]));
  });

  it('keeps the committed fixtures in step with the script that made them', async () => {
    await writeFixtures(folder);
    const fresh = await readAll(posFileConnector, 'members', { folder });
    const names = ['card-scientific.csv', 'members-gb18030.csv', 'members-title-footer.xls', 'members-title-footer.xlsx'];
    for (const name of names) await copyFile(path.join(FIXTURES, name), path.join(folder, `committed-${name}`));
    const all = await readAll(posFileConnector, 'members', { folder });
    const ofFile = (records: Record<string, unknown>[], name: string) => records.filter((r) => membership(r)?.properties && (membership(r)!.properties as Record<string, unknown>).source_file === name).map((r) => r.traits);
    for (const name of names) expect(ofFile(all.records, `committed-${name}`), name).toEqual(ofFile(fresh.records, name));
    expect(await readFile(path.join(FIXTURES, 'members-gb18030.csv'))).toEqual(iconv.encode(GB18030_CSV, 'gb18030'));
    expect((await readFile(path.join(FIXTURES, 'card-scientific.csv'))).toString('utf8').slice(1)).toBe(SCIENTIFIC_CSV);
  });
});

describe('untrusted .xls workbooks', () => {
  it('refuses a workbook over the byte, row or cell budget, and one that takes longer than its deadline', async () => {
    const bytes = await readFile(path.join(FIXTURES, 'members-title-footer.xls'));
    await expect(readXlsSheet(bytes, { ...XLS_LIMITS, maxBytes: 1000 })).rejects.toThrow(/4608 bytes is more than the 1000 an \.xls export may have/);
    await expect(readXlsSheet(bytes, { ...XLS_LIMITS, maxRows: 5 })).rejects.toThrow(/more than 5 rows; split the export/);
    await expect(readXlsSheet(bytes, { ...XLS_LIMITS, maxCells: 20 })).rejects.toThrow(/10 rows of 7 columns is more than 20 cells/);
    // A deadline of zero: the worker is ended before it can answer, as one stuck on a crafted workbook would be.
    await expect(readXlsSheet(bytes, { ...XLS_LIMITS, timeoutMs: 0 })).rejects.toThrow(/not read within 0 s/);
  });

  it('reads the HTML table some ERPs save under an .xls name', async () => {
    const html = '<html><body><table><tr><td>会员导出</td></tr><tr><td>会员卡号</td><td>姓名</td><td>手机号</td></tr><tr><td>M001</td><td>王芳</td><td>13800138000</td></tr></table></body></html>';
    await writeFile(path.join(folder, 'erp.xls'), html);
    const result = await readAll(posFileConnector, 'members', { folder });
    expect(result.records.map((r) => [r.external_id, r.full_name, r.phone])).toEqual([['M001', '王芳', '+8613800138000']]);
  });

  it('rejects a file named .xls that is no workbook at all, and the run goes on to the next file', async () => {
    await writeFile(path.join(folder, 'a-broken.xls'), Buffer.from('d0cf11e0a1b11ae1000000000000', 'hex'));
    await copyFile(path.join(FIXTURES, 'card-scientific.csv'), path.join(folder, 'b.csv'));
    const result = await readAll(posFileConnector, 'members', { folder });
    expect(result.rejections[0].reason).toMatch(/^a-broken\.xls: unreadable: not a readable \.xls workbook: /);
    expect(result.records.map((r) => r.external_id)).toEqual(['6222021234567890123']);
  });
});

describe('cells and rows of real exports', () => {
  it('removes the wrappers exports use to keep Excel from reading a cell as a number', () => {
    expect(['="0001234"', '\t13800138000', "'0001234", ' ="6222021234567890123" ', '="=""x"""', "O'Brien", "'abc"].map(unwrapCell)).toEqual([
      '0001234', '13800138000', '0001234', '6222021234567890123', '="x"', "O'Brien", "'abc",
    ]);
  });

  it('tells footer and subtotal rows from members', () => {
    const targets = ['member_card', 'full_name', 'phone', 'points'];
    expect(totalRowLabel(['合 计', '', '', '1200'], targets)).toBe('合计');
    expect(totalRowLabel(['', '小计：', '', '300'], targets)).toBe('小计');
    expect(totalRowLabel(['Grand Total', '', '', '300'], targets)).toBe('grandtotal');
    expect(totalRowLabel(['', '', '', '1200'], targets)).toBe('sums-only');
    expect(totalRowLabel(['共128条', '', '', ''], targets)).toBe('共128条');
    expect(totalRowLabel(['', 'Summer Li', '13800138000', '10'], targets)).toBeUndefined();
    expect(totalRowLabel(['M0001', '王芳', '', '1200'], targets)).toBeUndefined();
    expect(totalRowLabel(['', '散客', '', ''], targets)).toBeUndefined();
  });
});

describe('testConnection on an export folder', () => {
  it('names the files by kind, the newest file and its date, and the encoding of the newest CSV', async () => {
    for (const name of ['card-scientific.csv', 'members-gb18030.csv', 'members-title-footer.xls', 'members-title-footer.xlsx']) await copyFile(path.join(FIXTURES, name), path.join(folder, name));
    // Whole seconds, so the time set is the time read back on any file system.
    const newest = new Date(Math.floor(Date.now() / 1000) * 1000);
    await utimes(path.join(folder, 'members-gb18030.csv'), newest, newest);
    const old = new Date(newest.getTime() - 3 * 86_400_000);
    for (const name of ['card-scientific.csv', 'members-title-footer.xls', 'members-title-footer.xlsx']) await utimes(path.join(folder, name), old, old);

    const result = await posFileConnector.check({ folder }, testContext());
    expect(result).toEqual({
      ok: true,
      checks: [
        { name: 'folder', status: 'pass', detail: `${folder} is a folder the hub can read` },
        { name: 'files', status: 'pass', detail: '4 export files: 2 csv, 1 xlsx, 1 xls' },
        { name: 'newest-file', status: 'pass', detail: `newest export members-gb18030.csv, written ${newest.toISOString()}` },
        { name: 'encoding', status: 'pass', detail: 'members-gb18030.csv is GB18030/GBK, read as such (encoding auto)' },
      ],
    });
    const strict = await posFileConnector.check({ folder, encoding: 'utf-8' }, testContext());
    expect(strict.checks?.find((check) => check.name === 'encoding')).toEqual({
      name: 'encoding', status: 'warn', detail: 'members-gb18030.csv is not UTF-8 (GB18030/GBK, as Chinese Windows writes): set the encoding to auto or gb18030, or it stays unread',
    });
  });

  it('warns when the newest export is more than a week old', async () => {
    await copyFile(path.join(FIXTURES, 'members-title-footer.xlsx'), path.join(folder, 'm.xlsx'));
    const then = new Date(Math.floor(Date.now() / 1000) * 1000 - 30 * 86_400_000);
    await utimes(path.join(folder, 'm.xlsx'), then, then);
    const result = await posFileConnector.check({ folder }, testContext());
    expect(result.checks?.find((check) => check.name === 'newest-file')).toEqual({
      name: 'newest-file', status: 'warn', detail: `newest export m.xlsx, written ${then.toISOString()} (30 days ago: is the POS still exporting here?)`,
    });
    expect(result.checks?.find((check) => check.name === 'encoding')).toMatchObject({ status: 'pass', detail: 'no CSV exports: XLSX and XLS carry their own encoding' });
  });
});

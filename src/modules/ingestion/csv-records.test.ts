import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseColumnMap, type CsvRow } from '../../platform/csv-rows';
import { CANONICAL_FIELD_SET, readCsvRecords } from './csv-records';

async function readAll(text: string, options?: Parameters<typeof readCsvRecords>[1]): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const row of readCsvRecords(Readable.from([text]), options)) rows.push(row);
  return rows;
}

describe('CSV records', () => {
  it('maps columns, drops empty cells and collects traits.* columns', async () => {
    const rows = await readAll('id,email,tier,traits.store\n1,a@b.co,,Pudong\n', { columnMap: parseColumnMap(['id=external_id', 'tier=traits.tier'], CANONICAL_FIELD_SET) });
    expect(rows).toEqual([{ line: 2, record: { external_id: '1', email: 'a@b.co', traits: { store: 'Pudong' } } }]);
  });

  it('reports a row with the wrong number of cells by line and keeps reading', async () => {
    const rows = await readAll('external_id,email\n1,a@b.co\n2,b@b.co,extra\n3,c@b.co\n');
    expect(rows.map((row) => ('error' in row ? `error@${row.line}` : row.record.external_id))).toEqual(['1', 'error@3', '3']);
  });

  it('names ignored columns once', async () => {
    const ignored: string[][] = [];
    await readAll('external_id,shoe_size\n1,42\n2,43\n', { onIgnoredColumns: (columns) => ignored.push(columns) });
    expect(ignored).toEqual([['shoe_size']]);
  });

  it('tells a row with too many cells from broken quoting', async () => {
    const rows = await readAll('external_id,email\n1,a@b.co,extra\n2,"b@b"x.co\n');
    // The broken quote opens a field that never closes: the parser says so again at the end of the file.
    expect(rows.map((row) => ('error' in row ? `${row.problem}@${row.line}` : 'record'))).toEqual(['cell-count@2', 'syntax@3', 'syntax@3']);
  });

  it('reads columns as the fields of the set it is given, and refuses a header without a required one', async () => {
    const fields = { names: ['record_id', 'first_name'], traits: false };
    const ignored: string[][] = [];
    const rows = await readAll('id,first_name,traits.x\n7,Ann,1\n', { fields, columnMap: parseColumnMap(['id=record_id'], fields), requiredFields: ['record_id'], onIgnoredColumns: (columns) => ignored.push(columns) });
    expect(rows).toEqual([{ line: 2, record: { record_id: '7', first_name: 'Ann' } }]);
    expect(ignored).toEqual([['traits.x']]);
    await expect(readAll('id,first_name\n', { fields, requiredFields: ['record_id'] })).rejects.toThrow(/no record_id column in the header \(id, first_name\)/);
    expect(() => parseColumnMap(['x=traits.x'], fields)).toThrow(/--map x=traits.x/);
  });

  it('refuses a --map onto a field that does not exist', () => {
    expect(() => parseColumnMap(['mail=e_mail'], CANONICAL_FIELD_SET)).toThrow(/--map mail=e_mail/);
  });
});

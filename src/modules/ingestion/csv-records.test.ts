import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseColumnMap, readCsvRecords, type CsvRow } from './csv-records';

async function readAll(text: string, options?: Parameters<typeof readCsvRecords>[1]): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const row of readCsvRecords(Readable.from([text]), options)) rows.push(row);
  return rows;
}

describe('CSV records', () => {
  it('maps columns, drops empty cells and collects traits.* columns', async () => {
    const rows = await readAll('id,email,tier,traits.store\n1,a@b.co,,Pudong\n', { columnMap: parseColumnMap(['id=external_id', 'tier=traits.tier']) });
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

  it('refuses a --map onto a field that does not exist', () => {
    expect(() => parseColumnMap(['mail=e_mail'])).toThrow(/--map mail=e_mail/);
  });
});

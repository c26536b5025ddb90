import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase('copy_rows');
  await testDb.database.query('create table copy_probe (id int, label text, doc jsonb, at timestamptz)');
});
afterAll(async () => testDb?.drop());

describe('copyRows', () => {
  it('stores every value exactly, whatever characters it holds, inside the caller’s transaction', async () => {
    const awkward = ['tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash \\N', '王芳 🙂', '', '\\.'];
    const at = new Date('2026-11-23T10:11:12.345Z');
    await testDb.database.transaction((tx) =>
      tx.copyRows(
        'copy_probe',
        ['id', 'label', 'doc', 'at'],
        [...awkward.map((label, index) => [index, label, { label, list: [label] }, at]), [awkward.length, null, null, null]],
      ),
    );
    const rows = await testDb.database.query<{ id: number; label: string | null; doc: unknown; at: string | null }>('select id, label, doc, at from copy_probe order by id');
    expect(rows.map((row) => row.label)).toEqual([...awkward, null]);
    expect(rows.map((row) => row.doc)).toEqual([...awkward.map((label) => ({ label, list: [label] })), null]);
    expect(new Date(rows[0].at!).toISOString()).toBe(at.toISOString());
    expect(rows.at(-1)!.at).toBeNull();
  });

  it('writes nothing when the transaction rolls back', async () => {
    await expect(
      testDb.database.transaction(async (tx) => {
        await tx.copyRows('copy_probe', ['id', 'label'], [[100, 'rolled back']]);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await testDb.database.query('select * from copy_probe where id = 100')).toEqual([]);
  });

  it('refuses a table or column name that is not a plain identifier', async () => {
    await expect(testDb.database.copyRows('copy_probe; drop table copy_probe', ['id'], [[1]])).rejects.toThrow(/not a plain table/);
    await expect(testDb.database.copyRows('copy_probe', ['id) from stdin; --'], [[1]])).rejects.toThrow(/not a plain table/);
  });
});

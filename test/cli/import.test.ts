import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHub } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';

let testDb: TestDatabase;
let env: Record<string, string>;
const dir = mkdtempSync(path.join(tmpdir(), 'hub-import-'));

beforeAll(async () => {
  testDb = await createTestDatabase('cli_import');
  env = { DATABASE_URL: testDb.url, HUB_DATA_DIR: dir };
});
afterAll(async () => testDb?.drop());

function csv(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('hub import', () => {
  it('imports good rows, reports each malformed row by line, and prints the summary', async () => {
    const file = csv(
      'members.csv',
      [
        'card,mobile,name,points,shoe_size',
        'M1,138 0013 8000,王芳,120,38',
        'M2,not-a-phone,李雷,10,42',
        'M3,13900139000,韩梅梅,5',
        'M4,13700137000,Too Many,1,40,99',
        ',13600136000,No Card,1,41',
        'M5,+86 135 0013 5000,Zhang Wei,7,43',
      ].join('\n') + '\n',
    );
    const result = await runHub(['import', file, '--source', 'pos', '--map', 'card=external_id', '--map', 'mobile=phone', '--map', 'name=full_name', '--map', 'points=traits.points'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('read 6, created 2, updated 0, unchanged 0, rejected 4');
    expect(result.stderr).toMatch(/warning: ignoring column\(s\) shoe_size/);
    expect(result.stderr).toMatch(/line 3: rejected: phone: .* is not a valid phone number/);
    expect(result.stderr).toMatch(/line 4: rejected: not a valid CSV row/);
    expect(result.stderr).toMatch(/line 5: rejected: not a valid CSV row/);
    expect(result.stderr).toMatch(/line 6: rejected: external_id: is required/);
    expect(result.stderr).not.toContain('not-a-phone');

    const stored = await testDb.database.query<{ external_id: string }>('select external_id from source_records order by external_id');
    expect(stored.map((row) => row.external_id)).toEqual(['M1', 'M5']);
    const [points] = await testDb.database.query<{ value: unknown }>("select value from traits where key = 'points' and value_text = '120'");
    // points is a numeric key (pos-file declares it): the CSV's "120" is stored as the number 120.
    expect(points.value).toBe(120);
  });

  it('reports the same file again as unchanged', async () => {
    const file = csv('again.csv', 'external_id,email\nA1,a1@example.com\n');
    expect((await runHub(['import', file, '--source', 'shop'], env)).stdout).toContain('created 1,');
    expect((await runHub(['import', file, '--source', 'shop'], env)).stdout).toContain('read 1, created 0, updated 0, unchanged 1, rejected 0');
  });

  it('reads a nickname column, by its name or by --map, as the nickname trait of a profile of its own', async () => {
    const named = await runHub(['import', csv('followers.csv', 'external_id,nickname\nF1,阳光\n'), '--source', 'wechat-export'], env);
    const mapped = await runHub(['import', csv('contacts.csv', 'id,wechat_name\nK1,阳光\n'), '--source', 'wecom-export', '--map', 'id=external_id', '--map', 'wechat_name=nickname'], env);
    for (const result of [named, mapped]) {
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('read 1, created 1,');
    }
    const traits = await testDb.database.query<{ source: string; value: unknown; profile_id: string }>(
      "select source, value, profile_id from traits where key = 'nickname' and source in ('wechat-export', 'wecom-export') order by source",
    );
    expect(traits.map(({ source, value }) => [source, value])).toEqual([['wechat-export', '阳光'], ['wecom-export', '阳光']]);
    // One nickname and nothing else in common: two people.
    expect(traits[0].profile_id).not.toBe(traits[1].profile_id);
  });

  it('exits 2 with a clear message on bad usage', async () => {
    const file = csv('usage.csv', 'external_id\n1\n');
    const noSource = await runHub(['import', file], env);
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toMatch(/--source/);
    const badMap = await runHub(['import', file, '--source', 'pos', '--map', 'x=nonsense'], env);
    expect(badMap.code).toBe(2);
    expect(badMap.stderr).toMatch(/--map x=nonsense/);
    const missing = await runHub(['import', path.join(dir, 'nope.csv'), '--source', 'pos'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.csv/);
  });

  it('exits 2 naming the variable when configuration is invalid', async () => {
    const result = await runHub(['migrate'], { ...env, HUB_DEFAULT_REGION: 'XX' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Invalid HUB_DEFAULT_REGION/);
  });
});

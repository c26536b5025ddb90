import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHub } from '../support/cli';
import { testServices } from '../support/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

let testDb: TestDatabase;
let env: Record<string, string>;
const dir = mkdtempSync(path.join(tmpdir(), 'hub-segments-'));

beforeAll(async () => {
  testDb = await createTestDatabase('cli_segments');
  env = { DATABASE_URL: testDb.url, HUB_DATA_DIR: dir };
  await testServices(testDb.database).ingestion.ingest('shop', [
    { external_id: 'a', email: 'a@mail.cn', city: 'Shanghai' },
    { external_id: 'b', email: 'b@mail.cn', city: 'Hangzhou' },
    { external_id: 'c', email: 'c@mail.cn', city: 'Shanghai' },
  ]);
});
afterAll(async () => testDb?.drop());

function file(name: string, content: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  return target;
}

describe('hub segments preview', () => {
  it('prints the count and the first matching profile ids', async () => {
    const result = await runHub(['segments', 'preview', file('shanghai.json', JSON.stringify({ trait: { key: 'city', op: 'EQ', value: 'Shanghai' } })), '--sample', '1'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [countLine, ...ids] = result.stdout.trim().split('\n');
    expect(countLine).toBe('count: 2');
    const [first] = await testDb.database.query<{ profile_id: string }>("select profile_id from source_records where external_id in ('a', 'c') order by profile_id limit 1");
    expect(ids).toEqual([first.profile_id]);
  });

  it('exits 2 naming the fault of an invalid definition, a file that is not JSON, or a missing file', async () => {
    const invalid = await runHub(['segments', 'preview', file('bad.json', '{"all": []}')], env);
    expect(invalid).toMatchObject({ code: 2, stderr: "hub: definition.all: 'all' needs at least one condition\n" });
    const broken = await runHub(['segments', 'preview', file('broken.json', '{"all": [')], env);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json is not JSON/);
    const missing = await runHub(['segments', 'preview', path.join(dir, 'nope.json')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read .*nope\.json: ENOENT/);
  });
});

describe('hub segments list', () => {
  it('says so when there are none, and lists each saved segment with its member count', async () => {
    expect((await runHub(['segments', 'list'], env)).stdout).toBe('no segments\n');
    const segment = await testServices(testDb.database).segments.create({ name: 'Shanghai', definition: { trait: { key: 'city', op: 'EQ', value: 'Shanghai' } } });
    const result = await runHub(['segments', 'list'], env);
    expect(result.code).toBe(0);
    const [id, name, count, refresh, updatedAt] = result.stdout.trim().split('\t');
    expect({ id, name, count, refresh }).toEqual({ id: segment.id, name: 'Shanghai', count: '2 members', refresh: 'on change' });
    expect(new Date(updatedAt).getTime()).toBe(segment.updatedAt.getTime());
  });
});

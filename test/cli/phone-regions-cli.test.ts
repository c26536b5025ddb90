import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHub } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** `hub import --region` and `hub resolve --region` on a US store's export, with the hub's default (CN) left as it is. */

let testDb: TestDatabase;
let env: Record<string, string>;
const dir = mkdtempSync(path.join(tmpdir(), 'hub-regions-'));

beforeAll(async () => {
  testDb = await createTestDatabase('cli_phone_regions');
  env = { DATABASE_URL: testDb.url, HUB_DATA_DIR: dir };
});
afterAll(async () => {
  await testDb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, lines: string[]): string {
  const target = path.join(dir, name);
  writeFileSync(target, lines.join('\n') + '\n');
  return target;
}

const BAD_REGION = /--region 'XX' is not a region phone numbers can be read in: give an ISO 3166-1 alpha-2 code such as US, CN/;

describe('hub import --region', () => {
  it('reads numbers without a country code in the region: two ways of writing one number give one profile with +1…', async () => {
    const input = file('us-customers.csv', ['external_id,phone', 'u1,617.671.3260', 'u2,6176713260']);
    const result = await runHub(['import', input, '--source', 'us-shop', '--region', 'US'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('read 2, created 2, updated 0, unchanged 0, rejected 0');
    const profiles = await testDb.database.query<{ profile_id: string; phone_region: string }>("select distinct profile_id, phone_region from source_records where source = 'us-shop'");
    expect(profiles).toEqual([{ profile_id: expect.any(String), phone_region: 'US' }]);
    const phones = await testDb.database.query("select value from identities where type = 'phone' and profile_id = $1", [profiles[0].profile_id]);
    expect(phones).toEqual([{ value: '+16176713260' }]);
  });

  it('exits 2 on a region that is not one, before it reads or stores anything', async () => {
    const input = file('xx-customers.csv', ['external_id,phone', 'x1,617.671.3260']);
    const result = await runHub(['import', input, '--source', 'xx-shop', '--region', 'XX'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(BAD_REGION);
    expect(result.stdout).toBe('');
    expect(await testDb.database.query("select id from source_records where source = 'xx-shop'")).toEqual([]);
  });

  it('says in --help where phones without a country code are read', async () => {
    const { stdout } = await runHub(['import', '--help'], env);
    expect(stdout).toMatch(/--region <CC>/);
    expect(stdout).toMatch(/else in --region, else in HUB_DEFAULT_REGION/);
  });
});

describe('hub resolve --region', () => {
  // Offline: no database, no data dir.
  const offline = { HUB_DATA_DIR: path.join(dir, 'never'), DATABASE_URL: 'not a url' };
  const input = () => file('us-people.csv', ['record_id,phone', 'a,617.671.3260', 'b,6176713260', 'c,+44 20 7946 0018']);

  /** Each record's profile, and the rules of the links applied between the first two records. */
  async function resolved(args: string[], extraEnv: Record<string, string> = {}): Promise<{ profiles: Record<string, string>; rules: string[] }> {
    const output = path.join(dir, `profiles-${args.join('-').replace(/\W/g, '_')}-${Object.values(extraEnv).join('_')}.csv`);
    const explain = `${output}.explain.csv`;
    const result = await runHub(['resolve', '--input', input(), '--output', output, '--explain', explain, ...args], { ...offline, ...extraEnv });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rows: Record<string, string>[] = parse(readFileSync(output), { columns: true });
    const links: Record<string, string>[] = parse(readFileSync(explain), { columns: true });
    return {
      profiles: Object.fromEntries(rows.map((row) => [row.record_id, row.profile_id])),
      rules: links.filter((link) => link.left_record_id === 'a' && link.right_record_id === 'b' && link.decision === 'link').map((link) => link.rule).sort(),
    };
  }

  // In CN the two are no valid number, only alike digits the score weighs; in US they are one phone, which links alone.
  const ONE_US_PHONE = { profiles: { a: 'p-a', b: 'p-a', c: 'p-c' }, rules: ['identifier:phone', 'score'] };

  it('puts two ways of writing one US number in one profile, linked as one phone', async () => {
    expect(await resolved(['--region', 'US'])).toEqual(ONE_US_PHONE);
    expect(await resolved(['--region', 'us'])).toEqual(ONE_US_PHONE);
    expect((await resolved([])).rules).not.toContain('identifier:phone');
  });

  it('reads them in HUB_DEFAULT_REGION without --region, and --region wins over it', async () => {
    expect(await resolved([], { HUB_DEFAULT_REGION: 'US' })).toEqual(ONE_US_PHONE);
    expect(await resolved(['--region', 'US'], { HUB_DEFAULT_REGION: 'GB' })).toEqual(ONE_US_PHONE);
    expect((await resolved(['--region', 'CN'], { HUB_DEFAULT_REGION: 'US' })).rules).not.toContain('identifier:phone');
  });

  it('exits 2 with a clear message on a region that is not one, writing no output', async () => {
    const output = path.join(dir, 'bad-region-profiles.csv');
    const bad = await runHub(['resolve', '--input', input(), '--output', output, '--region', 'XX'], offline);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(BAD_REGION);
    const badDefault = await runHub(['resolve', '--input', input(), '--output', output], { ...offline, HUB_DEFAULT_REGION: 'XX' });
    expect(badDefault.code).toBe(2);
    expect(badDefault.stderr).toMatch(/Invalid HUB_DEFAULT_REGION: must be an ISO 3166-1 alpha-2 region such as CN or US/);
    expect(() => readFileSync(output)).toThrow();
  });

  it('says in --help where phones without a country code are read', async () => {
    const { stdout } = await runHub(['resolve', '--help'], offline);
    expect(stdout).toMatch(/--region <CC>/);
    expect(stdout).toMatch(/else in --region, else in HUB_DEFAULT_REGION \(CN when unset\)/);
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHub, type CliResult } from '../support/cli';

/** `hub resolve` run as the real executable on hand-made files; it needs no database and no configuration. */

const dir = mkdtempSync(path.join(tmpdir(), 'hub-resolve-'));
// A data dir that must never appear and a database URL that must never be read: the command is offline.
const env = { HUB_DATA_DIR: path.join(dir, 'data-dir'), DATABASE_URL: 'not a url' };
const TERMINAL_CONTROL = /[\r\u001b]/;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, lines: string[]): string {
  const target = path.join(dir, name);
  writeFileSync(target, lines.join('\n') + '\n');
  return target;
}

function readCsv(target: string): Record<string, string>[] {
  return parse(readFileSync(target), { columns: true });
}

// A member export as a shop or POS writes it: its own column names, one column the engine has no use for.
const PEOPLE = [
  'id,name,given_name,surname,mobile,mail,birthday,city,shoe_size',
  'pos-1,王芳,,,139 1745 2086,,1990-05-12,上海,37',
  'shop-1,Wang Fang,,,+86 139 1745 2086,fang.wang@qq.com,12/05/1990,Shanghai,37',
  'shop-2,,Wei,Zhang,,zhang.wei@gmail.com,1985-03-02,Beijing,42',
  'crm-1,,Wei,Zhang,13700137001,ZhangWei+vip@gmail.com,,Beijing,42',
  'pos-2,李雷,,,136 0571 8842,,1988-01-20,杭州,43',
  'pos-3,韩梅梅,,,13605718842,,1989-11-03,杭州,36',
  'pos-4,赵强,,,13800138000,,1975-06-01,南京,41',
  'pos-5,孙丽,,,13800138000,,1993-09-09,成都,38',
  'shop-3,,Emma,Brown,,emma.brown@outlook.com,1979-07-30,London,39',
  'shop-4,,Liam,Smith,+44 20 7946 0018,,1992-02-14,London,44',
];
const PEOPLE_MAP = ['id=record_id', 'name=full_name', 'given_name=first_name', 'surname=last_name', 'mobile=phone', 'mail=email', 'birthday=date_of_birth'];

describe('hub resolve on a member export with known people', () => {
  const output = path.join(dir, 'people-profiles.csv');
  const explain = path.join(dir, 'people-pairs.csv');
  let result: CliResult;
  let profileOf: Map<string, string>;

  beforeAll(async () => {
    const input = file('people.csv', PEOPLE);
    result = await runHub(['resolve', '--input', input, '--output', output, '--explain', explain, ...PEOPLE_MAP.flatMap((pair) => ['--map', pair])], env);
    profileOf = new Map(readCsv(output).map((row) => [row.record_id, row.profile_id]));
  });

  it('writes the header and one row per input record, in input order, and prints the summary', () => {
    expect(result.code).toBe(0);
    const lines = readFileSync(output, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('record_id,profile_id');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(PEOPLE.slice(1).map((line) => line.split(',')[0]));
    expect(result.stdout).toBe('read 10 records, 8 profiles (2 merged), 4 links, 0 for review, 0 skipped\n');
  });

  it('warns once about the column it ignores, and draws no progress bar into a pipe', () => {
    expect(result.stderr.match(/warning:/g)).toHaveLength(1);
    expect(result.stderr).toMatch(/warning: ignoring column\(s\) shoe_size;/);
    expect(result.stderr).not.toMatch(TERMINAL_CONTROL);
    expect(existsSync(env.HUB_DATA_DIR)).toBe(false);
  });

  it('puts 王芳 and Wang Fang, one phone written two ways, in one profile', () => {
    expect(profileOf.get('shop-1')).toBe(profileOf.get('pos-1'));
  });

  it('joins gmail addresses that differ only in dots, case and a +tag', () => {
    expect(profileOf.get('shop-2')).toBe(profileOf.get('crm-1'));
  });

  it('keeps a household apart when only their shared phone and city link them', () => {
    expect(profileOf.get('pos-2')).not.toBe(profileOf.get('pos-3'));
  });

  it('keeps strangers apart who both typed the placeholder 13800138000', () => {
    expect(profileOf.get('pos-4')).not.toBe(profileOf.get('pos-5'));
  });

  it('names every profile p- and its smallest record_id, and leaves the rest alone', () => {
    expect(Object.fromEntries(profileOf)).toEqual({
      'pos-1': 'p-pos-1',
      'shop-1': 'p-pos-1',
      'shop-2': 'p-crm-1',
      'crm-1': 'p-crm-1',
      'pos-2': 'p-pos-2',
      'pos-3': 'p-pos-3',
      'pos-4': 'p-pos-4',
      'pos-5': 'p-pos-5',
      'shop-3': 'p-shop-3',
      'shop-4': 'p-shop-4',
    });
  });

  it('explains every applied link with its rule, probability and per-field evidence', () => {
    expect(readFileSync(explain, 'utf8').split('\n')[0]).toBe('left_record_id,right_record_id,decision,rule,probability,evidence');
    const pairs = readCsv(explain);
    expect(pairs.map((pair) => `${pair.left_record_id}-${pair.right_record_id} ${pair.decision} ${pair.rule}`).sort()).toEqual([
      // A shared identifier with nothing in the records against it links them; the score agrees.
      'crm-1-shop-2 link identifier:email',
      'pos-1-shop-1 link identifier:phone',
      'pos-1-shop-1 link score',
      'shop-2-crm-1 link score',
    ]);
    for (const pair of pairs) {
      expect(profileOf.get(pair.left_record_id)).toBe(profileOf.get(pair.right_record_id));
      expect(pair.evidence).toMatch(/^\w+:\w+:-?\d+\.\d\d(;\w+:\w+:-?\d+\.\d\d)*$/);
    }
    const wangFang = pairs.find((pair) => pair.left_record_id === 'pos-1' && pair.rule === 'score')!;
    expect(Number(wangFang.probability)).toBeGreaterThanOrEqual(0.95);
    expect(wangFang.evidence).toMatch(/(^|;)phone:exact:/);
    expect(wangFang.evidence).toMatch(/(^|;)date_of_birth:exact:/);
    // Fields only one side has (e-mail) say nothing and are left out.
    expect(wangFang.evidence).not.toMatch(/email/);
  });

  it('gives the same output for the same input', async () => {
    const again = path.join(dir, 'people-profiles-again.csv');
    const rerun = await runHub(['resolve', '--input', path.join(dir, 'people.csv'), '--output', again, ...PEOPLE_MAP.flatMap((pair) => ['--map', pair])], env);
    expect(rerun.code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(output, 'utf8'));
  });
});

describe('hub resolve on files it must refuse or partly skip', () => {
  it('reads canonical column names without --map and warns about nothing', async () => {
    const input = file('canonical.csv', ['record_id,first_name,last_name,email', 'a,Ann,Lee,ann@lee.io', 'b,Anne,Lee,ANN@lee.io']);
    const output = path.join(dir, 'canonical-profiles.csv');
    const result = await runHub(['resolve', '--input', input, '--output', output], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(readFileSync(output, 'utf8')).toBe('record_id,profile_id\na,p-a\nb,p-a\n');
  });

  /** The profile of each record of a file that resolves cleanly: exit 0, nothing on stderr. */
  async function cleanProfiles(input: string, maps: string[] = []): Promise<Record<string, string>> {
    const output = `${input}-${maps.join('-').replace(/\W/g, '_')}-profiles.csv`;
    const result = await runHub(['resolve', '--input', input, '--output', output, ...maps.flatMap((pair) => ['--map', pair])], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    return Object.fromEntries(readCsv(output).map((row) => [row.record_id, row.profile_id]));
  }

  it('reads a nickname column without a warning and never links on it', async () => {
    const input = file('nicknames.csv', ['record_id,nickname', 'a,阳光', 'b,阳光', 'c,Sunny', 'd,Sunny']);
    expect(await cleanProfiles(input)).toEqual({ a: 'p-a', b: 'p-b', c: 'p-c', d: 'p-d' });
  });

  it('reads a column as nickname with --map and keeps apart records that the same column, read as a name, links', async () => {
    const input = file('wechat-names.csv', ['record_id,wechat_name,city,gender', 'a,王阳光,上海,male', 'b,王阳光,上海,male', 'c,李娜,北京,female', 'd,张伟,杭州,male', 'e,刘洋,南京,female']);
    expect(await cleanProfiles(input, ['wechat_name=full_name'])).toMatchObject({ a: 'p-a', b: 'p-a' });
    expect(await cleanProfiles(input, ['wechat_name=nickname'])).toEqual({ a: 'p-a', b: 'p-b', c: 'p-c', d: 'p-d', e: 'p-e' });
  });

  it('skips and reports a row whose cells do not match the header, counts it, and resolves the rest', async () => {
    const input = file('ragged.csv', ['record_id,first_name', 'r1,Ann', 'r2,Bob,extra', 'r3,Cid', ',Dan']);
    const output = path.join(dir, 'ragged-profiles.csv');
    const result = await runHub(['resolve', '--input', input, '--output', output], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^line 3: skipped: not a valid CSV row: 3 cells where the header has 2$/m);
    expect(result.stderr).toMatch(/^line 5: skipped: record_id is empty$/m);
    expect(result.stdout).toBe('read 4 records, 2 profiles (0 merged), 0 links, 0 for review, 2 skipped\n');
    expect(readFileSync(output, 'utf8')).toBe('record_id,profile_id\nr1,p-r1\nr3,p-r3\n');
  });

  it('exits 2 without a record_id column, naming the header and the --map that fixes it', async () => {
    const output = path.join(dir, 'no-id-profiles.csv');
    const result = await runHub(['resolve', '--input', file('no-id.csv', ['id,first_name', '1,Ann']), '--output', output], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no record_id column in the header (id, first_name); rename the column or add --map <column>=record_id');
    expect(existsSync(output)).toBe(false);
  });

  it('exits 2 on a repeated record_id naming both lines, and keeps the previous output', async () => {
    const output = path.join(dir, 'duplicate-profiles.csv');
    writeFileSync(output, 'record_id,profile_id\nold,p-old\n');
    const input = file('duplicate.csv', ['record_id,first_name', 'a1,Ann', 'a2,Bob', 'a1,Eve']);
    const result = await runHub(['resolve', '--input', input, '--output', output], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${input} line 4: record_id 'a1' is already on line 2`);
    expect(readFileSync(output, 'utf8')).toBe('record_id,profile_id\nold,p-old\n');
    expect(existsSync(`${output}.partial`)).toBe(false);
  });

  it('exits 2 at broken quoting with its line, rather than lose the rows after it', async () => {
    const input = file('quoting.csv', ['record_id,first_name', '1,Ann', '2,"Bob"by', '3,Cid']);
    const result = await runHub(['resolve', '--input', input, '--output', path.join(dir, 'quoting-profiles.csv')], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/line 3: not a valid CSV row: Invalid Closing Quote.*fix the quoting/);
  });

  it('exits 2 on a --map onto a field that does not exist, listing the fields', async () => {
    const input = file('map.csv', ['record_id,mail', '1,a@b.io']);
    const result = await runHub(['resolve', '--input', input, '--output', path.join(dir, 'map-profiles.csv'), '--map', 'mail=e_mail'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--map mail=e_mail: expected column=field with a field \(record_id, source, external_id, .*national_id, nickname\)/);
  });

  it('exits 2 when the output cannot be written', async () => {
    const input = file('unwritable.csv', ['record_id', '1']);
    const result = await runHub(['resolve', '--input', input, '--output', path.join(dir, 'no-such-folder', 'profiles.csv')], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot write .*no-such-folder\/profiles\.csv: ENOENT/);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHub } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** `hub profiles erase|export` and `hub suppressions list|lift`, with `hub import` as the path the person comes back by. */

let testDb: TestDatabase;
let env: Record<string, string>;
const dir = mkdtempSync(path.join(tmpdir(), 'hub-erasure-cli-'));
const EMAIL = 'erase.by.cli@example.com';

beforeAll(async () => {
  testDb = await createTestDatabase('cli_erasure');
  env = { DATABASE_URL: testDb.url, HUB_DATA_DIR: dir, REDIS_URL: '' };
});
afterAll(async () => testDb?.drop());

function csv(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('hub profiles and hub suppressions', () => {
  it('exports a person as JSON, erases them with a receipt, refuses them at the next import until the suppression is lifted', async () => {
    const file = csv('customers.csv', ['external_id,email,first_name,city', `c1,${EMAIL},Philippa,Zwolle`, 'c2,stays@example.com,Other,Utrecht'].join('\n') + '\n');
    expect((await runHub(['import', file, '--source', 'shop'], env)).stdout).toContain('read 2, created 2, updated 0, unchanged 0, rejected 0, suppressed 0');
    const [{ profile_id: profileId }] = await testDb.database.query<{ profile_id: string }>("select profile_id from source_records where external_id = 'c1'");

    const exported = await runHub(['profiles', 'export', profileId], env);
    expect(exported.code).toBe(0);
    const json = JSON.parse(exported.stdout);
    expect(json.profile.id).toBe(profileId);
    expect(json.identities.map((identity: { value: string }) => identity.value)).toContain(EMAIL);
    expect(json.traits.find((trait: { key: string }) => trait.key === 'city')).toMatchObject({ value: 'Zwolle', source: 'shop' });

    const erased = await runHub(['profiles', 'erase', profileId], env);
    expect(erased.code).toBe(0);
    expect(erased.stdout).toMatch(/^receipt: era_\w+\nprofile: prof_\w+\nerased at: \S+Z\nsuppression: sup_\w+\n/);
    expect(erased.stdout).toContain('removed profiles: 1\n');
    expect(erased.stdout).toContain('removed source_records: 1\n');
    expect(erased.stdout).not.toMatch(/erase\.by\.cli|Philippa|Zwolle/);
    const suppressionId = /suppression: (sup_\w+)/.exec(erased.stdout)![1];

    // The same file again: the erased person is not stored, and the summary says so.
    const again = await runHub(['import', file, '--source', 'shop'], env);
    expect(again.stdout).toContain('read 2, created 0, updated 0, unchanged 1, rejected 0, suppressed 1');
    expect(await testDb.database.query("select 1 from source_records where external_id = 'c1'")).toEqual([]);

    const listed = await runHub(['suppressions', 'list'], env);
    expect(listed.stdout).toMatch(new RegExp(`^${suppressionId}\\t\\d+ identifier\\(s\\)\\t\\S+\\tera_\\w+\\terasure request\\n$`));
    expect(listed.stdout).not.toContain(EMAIL);

    expect(await runHub(['suppressions', 'lift', suppressionId], env)).toMatchObject({ code: 0, stdout: `lifted: ${suppressionId}\n` });
    expect((await runHub(['suppressions', 'list'], env)).stdout).toBe('no suppressions\n');
    expect((await runHub(['import', file, '--source', 'shop'], env)).stdout).toContain('created 1, updated 0, unchanged 1, rejected 0, suppressed 0');

    const audit = await testDb.database.query<{ action: string; actor: string }>("select action, actor from audit_log where action in ('profile.erase', 'suppression.lift') order by at, id");
    expect(audit.map((row) => row.action)).toEqual(['profile.erase', 'suppression.lift']);
    for (const row of audit) expect(row.actor).toMatch(/^cli:/);
  }, 300_000);

  it('answers an unknown profile or suppression with an error and a failing exit code', async () => {
    const erase = await runHub(['profiles', 'erase', 'prof_nope'], env);
    expect(erase.code).not.toBe(0);
    expect(erase.stderr).toContain('No profile prof_nope');
    const lift = await runHub(['suppressions', 'lift', 'sup_nope'], env);
    expect(lift.code).not.toBe(0);
    expect(lift.stderr).toContain('No suppression sup_nope');
  }, 120_000);
});

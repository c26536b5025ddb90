import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHub } from '../support/cli';
import { testServices } from '../support/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** `hub identity model` and `hub identity estimate-model`, run as the real executable against this file's own database. */

let testDb: TestDatabase;
let env: Record<string, string>;
const dir = mkdtempSync(path.join(tmpdir(), 'hub-identity-'));

beforeAll(async () => {
  testDb = await createTestDatabase('cli_identity_model');
  env = { DATABASE_URL: testDb.url, HUB_DATA_DIR: dir };
});
afterAll(async () => testDb?.drop());

const APPLY_HINT = 'not applied: run `hub identity estimate-model --apply` to estimate again and apply the result';
const FIELD_COUNT = 17;
const CELL = String.raw`\w+ m=\S+ u=\S+ weight=[+-]\d+\.\d\d`;

/** Customers of a shop, half of them known to a crm again: the duplicates across sources EM learns from. */
async function storeCustomersOfTwoSources(): Promise<void> {
  const SURNAMES = ['Zhao', 'Qian', 'Sun', 'Li', 'Zhou', 'Wu', 'Zheng', 'Wang', 'Feng', 'Chen', 'Chu', 'Wei'];
  const NAMES = ['Hao', 'Yu', 'Xin', 'Rui', 'Kai', 'Lan', 'Qing', 'Bo', 'Ning', 'Yi', 'Zhen', 'Shu', 'Lin'];
  const customer = (n: number) => ({
    first_name: NAMES[n % NAMES.length],
    last_name: SURNAMES[Math.floor(n / NAMES.length) % SURNAMES.length],
    email: `buyer${n}@example.cn`,
    phone: `138${String(20_000_003 + n * 6_131).slice(-8)}`,
    city: ['杭州', '成都', '深圳', '南京'][n % 4],
  });
  const ingestion = testServices(testDb.database).ingestion;
  await ingestion.ingest('shop', Array.from({ length: 1000 }, (_, n) => ({ external_id: `shop-${n}`, ...customer(n) })));
  // A third of the crm's copies carry a work e-mail instead: people have several.
  await ingestion.ingest('crm', Array.from({ length: 500 }, (_, k) => ({ external_id: `crm-${k}`, ...customer(2 * k), ...(k % 3 === 0 ? { email: `k${k}@office.cn` } : {}) })));
}

const storedModels = () => testDb.database.query<{ id: string; origin: string; records: number }>('select id, origin, records from identity_models');

describe('hub identity', () => {
  it('prints the start model while none is stored: origin, prior, and each field with the m, u and weight of its levels', async () => {
    const result = await runHub(['identity', 'model'], env);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 6)).toEqual(['origin: start', 'id: none', 'made: none', 'records: none', 'pairs: none', 'prior: 0.0200']);
    expect(lines.slice(6)).toHaveLength(FIELD_COUNT);
    expect(lines).toContain('gender\texact m=0.970 u=0.500 weight=+0.96\tdifferent m=0.0300 u=0.500 weight=-4.06');
    for (const line of lines.slice(6)) expect(line).toMatch(new RegExp(String.raw`^\w+(\t${CELL})+$`));
  });

  it('refuses to estimate from too few records with exit 1, the reason on stderr and nothing changed', async () => {
    const result = await runHub(['identity', 'estimate-model', '--apply'], env);
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'hub: not estimated: the store holds 0 records; estimating needs 1000; nothing was changed\n' });
    expect(await storedModels()).toEqual([]);
  });

  it('prints an estimate beside the model in use and changes nothing without --apply', async () => {
    await storeCustomersOfTwoSources();
    const result = await runHub(['identity', 'estimate-model'], env);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('current: start');
    expect(lines.slice(1, 6).join('\n')).toMatch(/^records: 1500\npairs: [1-9]\d*\niterations: [1-9]\d*\nkept at start: (none|[\w,]+)\nprior: \S+ current=0\.0200$/);
    expect(lines.slice(6, -1)).toHaveLength(FIELD_COUNT);
    for (const line of lines.slice(6, -1)) expect(line).toMatch(new RegExp(String.raw`^\w+(\t${CELL} current=[+-]\d+\.\d\d)+$`));
    expect(lines).toContainEqual(expect.stringMatching(/^gender\texact m=\S+ u=\S+ weight=\S+ current=\+0\.96\tdifferent m=\S+ u=\S+ weight=\S+ current=-4\.06$/));
    expect(lines.at(-1)).toBe(APPLY_HINT);
    expect(await storedModels()).toEqual([]);
    expect((await runHub(['identity', 'model'], env)).stdout).toMatch(/^origin: start\n/);
  });

  it('with --apply stores the estimate it prints, which `hub identity model` then shows as the model in use', async () => {
    const applied = await runHub(['identity', 'estimate-model', '--apply'], env);
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    const lines = applied.stdout.trimEnd().split('\n');
    const id = /^applied: (mdl_\S+)$/.exec(lines.at(-1) ?? '')?.[1];
    expect(await storedModels()).toEqual([{ id, origin: 'estimated', records: 1500 }]);

    const shown = await runHub(['identity', 'model'], env);
    expect(shown).toMatchObject({ code: 0, stderr: '' });
    const model = shown.stdout.trimEnd().split('\n');
    expect(model.slice(0, 2)).toEqual(['origin: estimated', `id: ${id}`]);
    expect(model[2]).toMatch(/^made: \d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(model.slice(3, 6)).toEqual(['records: 1500', lines[2], lines[5].replace(/ current=.*/, '')]);
    // The fields as the estimate printed them, without the weights of the model they replaced.
    expect(model.slice(6)).toEqual(lines.slice(6, -1).map((line) => line.replace(/ current=\S+/g, '')));

    const again = await runHub(['identity', 'estimate-model'], env);
    expect(again.stdout.split('\n')[0]).toBe(`current: estimated ${id}`);
  });
});

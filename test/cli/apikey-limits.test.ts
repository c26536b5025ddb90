import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from '../../src/modules/auth';
import { runHub } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';

let testDb: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  testDb = await createTestDatabase('cli_apikey_limits');
  env = { DATABASE_URL: testDb.url, HUB_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-apikey-')) };
});
afterAll(async () => testDb?.drop());

describe('hub apikey create --rate --max-cost', () => {
  it('stores the rate and the cost budget with the key, and the key carries them when it authenticates', async () => {
    const created = await runHub(['apikey', 'create', '--scopes', 'profiles:read', '--name', 'partner', '--rate', '30', '--max-cost', '5000'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^rate: 30\/min$/m);
    expect(created.stdout).toMatch(/^max cost: 5000$/m);
    const key = /^API key: (\S+)$/m.exec(created.stdout)![1]!;
    const principal = await new ApiKeyService(testDb.database).authenticate(key);
    expect(principal).toMatchObject({ name: 'partner', rateLimitPerMinute: 30, maxQueryCost: 5000 });
  });

  it("leaves both to the hub's settings when not given", async () => {
    const created = await runHub(['apikey', 'create', '--scopes', 'profiles:read'], env);
    expect(created.stdout).toMatch(/^rate: default\/min$/m);
    const key = /^API key: (\S+)$/m.exec(created.stdout)![1]!;
    expect(await new ApiKeyService(testDb.database).authenticate(key)).toMatchObject({ rateLimitPerMinute: null, maxQueryCost: null });
  });

  it('refuses a rate that is not a whole number, with exit code 2', async () => {
    const refused = await runHub(['apikey', 'create', '--scopes', 'profiles:read', '--rate', 'fast'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--rate must be a whole number of at least 1/);
  });
});

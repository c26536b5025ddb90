import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../connectors/shopify/emulator';
import { runHub, startHubProcess } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * `hub connections create|update|delete|test|pause|resume` and `hub runs list|show`, run as the real executable
 * against this file's own database, a Shopify emulator and a POS folder: the same checks and audit entries as the
 * GraphQL mutations, secrets never printed.
 */

let testDb: TestDatabase;
let shop: Awaited<ReturnType<typeof startEmulator>>;
let env: Record<string, string>;
const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-connections-cli-'));
const importRoot = mkdtempSync(path.join(tmpdir(), 'hub-connections-cli-root-'));

beforeAll(async () => {
  testDb = await createTestDatabase('cli_connections');
  env = { DATABASE_URL: testDb.url, HUB_SECRET_KEY: '7c'.repeat(32), HUB_DATA_DIR: dataDir, REDIS_URL: '', HUB_PORT: '0', HUB_CONNECTOR_ALLOW_PRIVATE: 'true', HUB_IMPORT_ROOT: importRoot };
  shop = await startEmulator({ customers: 12 });
  shop.bucket.configure({ maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
}, 60_000);

afterAll(async () => {
  await shop?.stop();
  await testDb?.drop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(importRoot, { recursive: true, force: true });
});

const lines = (text: string) => text.split('\n').filter(Boolean);

/** The `key: value` lines a connection command prints. */
function fields(stdout: string): Record<string, string> {
  return Object.fromEntries(lines(stdout).map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]));
}

async function auditActions(targetId: string): Promise<string[]> {
  const rows = await testDb.database.query<{ action: string; actor: string }>('select action, actor from audit_log where $1 = any(target_ids) order by at, id', [targetId]);
  for (const row of rows) expect(row.actor).toMatch(/^cli:/);
  return rows.map((row) => row.action);
}

describe('hub connections', () => {
  it('creates, tests, pauses, resumes, updates and deletes a connection, auditing each change, with the token never printed', async () => {
    const token = String(shop.config.accessToken);
    const all: string[] = [];
    const hub = async (args: string[], stdin?: string) => {
      const result = await runHub(args, env, stdin);
      all.push(result.stdout, result.stderr);
      return result;
    };

    const created = await hub(['connections', 'create', 'cli-shop', '--connector', 'shopify', '--config', `shopDomain=${shop.config.shopDomain}`, '--config', `baseUrl=${shop.url}`, '--config', 'pageSize=5', '--secrets-stdin'], `accessToken=${token}\n`);
    expect(created.stderr).not.toContain('warning');
    expect(created.code).toBe(0);
    const connection = fields(created.stdout);
    expect(connection).toMatchObject({ name: 'cli-shop', connector: 'shopify', status: 'active', schedule: 'none (manual syncs only)' });
    expect(connection.created).toMatch(/^conn_/);
    const id = connection.created;
    expect(JSON.parse(connection.config)).toMatchObject({ shopDomain: shop.config.shopDomain, baseUrl: shop.url, pageSize: 5, accessToken: '••••••' });

    const tested = await hub(['connections', 'test', 'cli-shop']);
    expect(tested.code).toBe(0);
    expect(lines(tested.stdout)[0]).toBe('ok');
    expect(lines(tested.stdout).slice(1).every((line) => /^check [a-z-]+: (pass|warn|fail): .+/.test(line))).toBe(true);

    const paused = await hub(['connections', 'pause', 'cli-shop']);
    expect(paused.code).toBe(0);
    expect(fields(paused.stdout)).toMatchObject({ paused: id, status: 'paused' });
    const refused = await hub(['sync', 'cli-shop']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is paused; resume it before syncing/);

    const resumed = await hub(['connections', 'resume', id]);
    expect(resumed.code).toBe(0);
    expect(fields(resumed.stdout)).toMatchObject({ resumed: id, status: 'active' });

    // A wrong token from a file: saved (it is well formed), and the test says the platform refused it.
    const secretsFile = path.join(dataDir, 'shop.env');
    writeFileSync(secretsFile, 'accessToken=shpat_not_the_right_one\n');
    const updated = await hub(['connections', 'update', 'cli-shop', '--secrets-file', secretsFile, '--config', '{"pageSize":7}', '--schedule', 'every 30m']);
    expect(updated.code).toBe(0);
    expect(fields(updated.stdout)).toMatchObject({ updated: id, schedule: 'every 30m' });
    expect(JSON.parse(fields(updated.stdout).config)).toMatchObject({ pageSize: 7, accessToken: '••••••' });
    const failing = await hub(['connections', 'test', 'cli-shop']);
    expect(failing.code).toBe(1);
    expect(lines(failing.stdout)[0]).toMatch(/^failed: .*401/);

    // A pasted placeholder is refused naming the field, as the API refuses it.
    const placeholder = await hub(['connections', 'update', 'cli-shop', '--secrets-stdin'], '{"accessToken":"shpat_placeholder…"}');
    expect(placeholder.code).toBe(2);
    expect(placeholder.stderr).toMatch(/accessToken/);

    const back = await hub(['connections', 'update', 'cli-shop', '--secrets-stdin', '--clear-schedule'], JSON.stringify({ accessToken: token }));
    expect(back.code).toBe(0);
    expect(fields(back.stdout).schedule).toBe('none (manual syncs only)');

    const deleted = await hub(['connections', 'delete', 'cli-shop']);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe(`deleted: ${id}\n`);
    const gone = await hub(['connections', 'test', 'cli-shop']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/No connection named or with id 'cli-shop'/);

    expect(await auditActions(id)).toEqual(['connection.create', 'connection.pause', 'connection.resume', 'connection.update', 'connection.update', 'connection.delete']);
    const output = all.join('\n');
    for (const secret of [token, 'shpat_not_the_right_one', 'shpat_placeholder']) expect(output).not.toContain(secret);
  }, 120_000);

  it('refuses bad input with exit 2 and names fields, never values', async () => {
    const brokenJson = await runHub(['connections', 'create', 'cli-bad', '--connector', 'shopify', '--config', '{"shopDomain":"a.myshopify.com","accessToken":"shpat_secret_in_broken_json"'], env);
    expect(brokenJson.code).toBe(2);
    expect(brokenJson.stderr).toMatch(/--config is not valid JSON/);
    expect(brokenJson.stderr).not.toContain('shpat_secret_in_broken_json');

    const unknownField = await runHub(['connections', 'create', 'cli-bad', '--connector', 'shopify', '--config', 'shopDomain=a.myshopify.com', '--config', 'colour=blue'], env);
    expect(unknownField.code).toBe(2);
    expect(unknownField.stderr).toMatch(/Unknown config field\(s\) colour for shopify/);

    const notANumber = await runHub(['connections', 'create', 'cli-bad', '--connector', 'shopify', '--config', 'pageSize=lots'], env);
    expect(notANumber.code).toBe(2);
    expect(notANumber.stderr).toMatch(/pageSize must be a number/);

    const unknownConnector = await runHub(['connections', 'create', 'cli-bad', '--connector', 'myspace'], env);
    expect(unknownConnector.code).toBe(2);
    expect(unknownConnector.stderr).toMatch(/Unknown connector 'myspace'/);

    // The address guard the API applies: a private address without the demo's mark or HUB_CONNECTOR_ALLOW_PRIVATE.
    const guarded = await runHub(['connections', 'create', 'cli-private', '--connector', 'shopify', '--config', `{"shopDomain":"a.myshopify.com","baseUrl":"${shop.url}"}`, '--secrets-stdin'], { ...env, HUB_CONNECTOR_ALLOW_PRIVATE: 'false' }, 'accessToken=shpat_guarded');
    expect(guarded.code).toBe(2);
    expect(guarded.stdout + guarded.stderr).not.toContain('shpat_guarded');
  }, 60_000);

  it('takes the config `hub emulate` prints, pasted as it is (warning that its token sat on the command line)', async () => {
    const emulator = await startHubProcess(['emulate', 'shopify', '--customers', '5'], env, /connection config: .*\n/);
    try {
      const configLine = lines(emulator.output()).find((line) => line.startsWith('connection config: '))!;
      const pasted = configLine.slice('connection config: '.length);
      const created = await runHub(['connections', 'create', 'pasted-shop', '--connector', 'shopify', '--config', pasted], env);
      expect(created.code).toBe(0);
      expect(created.stderr).toMatch(/warning: secret field\(s\) accessToken given on the command line/);
      const token = (JSON.parse(pasted) as { accessToken: string }).accessToken;
      expect(created.stdout + created.stderr).not.toContain(token);
      const tested = await runHub(['connections', 'test', 'pasted-shop'], env);
      expect(lines(tested.stdout)[0]).toBe('ok');
    } finally {
      emulator.child.kill('SIGTERM');
    }
    expect(await emulator.exited).toBe(0);
  }, 60_000);
});

describe('hub runs', () => {
  it('lists runs and shows one with its rejected rows by line, reason and field names; the rows only with --show-rows', async () => {
    const folder = path.join(importRoot, 'till');
    mkdirSync(folder);
    const rows = ['会员卡号,手机号,姓名', 'M001,13800138001,王芳', 'M002,13800138002', 'M003,13800138003,张伟'];
    writeFileSync(path.join(folder, 'members.csv'), `${rows.join('\n')}\n`, 'utf8');
    const created = await runHub(['connections', 'create', 'till', '--connector', 'pos-file', '--config', `folder=${folder}`, '--config', 'encoding=utf-8'], env);
    expect(created.code).toBe(0);

    const first = await runHub(['sync', 'till'], env);
    expect(first.code).toBe(0);
    const firstRun = /^queued: (run_\w+)$/m.exec(first.stdout)![1];
    expect(lines(first.stdout)).toContain('members: read 3, created 2, updated 0, unchanged 0, rejected 1, suppressed 0');
    expect(first.stderr).toContain(`\`hub runs show ${firstRun}\` says why`);

    // Nothing new: the stream still gets its line.
    const again = await runHub(['sync', 'till'], env);
    expect(again.code).toBe(0);
    const secondRun = /^queued: (run_\w+)$/m.exec(again.stdout)![1];
    expect(lines(again.stdout).slice(1)).toEqual(['members: read 0, created 0, updated 0, unchanged 0, rejected 0, suppressed 0', 'succeeded: read 0, created 0, updated 0, unchanged 0, rejected 0, suppressed 0']);

    const list = await runHub(['runs', 'list', 'till'], env);
    expect(list.code).toBe(0);
    const listed = lines(list.stdout).map((line) => line.split('\t'));
    expect(listed.map((columns) => [columns[0], columns[1], columns[2]])).toEqual([
      [secondRun, 'succeeded', 'manual'],
      [firstRun, 'succeeded', 'manual'],
    ]);
    expect(listed[1].slice(5, 12)).toEqual(['1', '3', '2', '0', '0', '1', '0']);

    const show = await runHub(['runs', 'show', firstRun], env);
    expect(show.code).toBe(0);
    const shown = lines(show.stdout);
    expect(shown).toContain('status: succeeded');
    expect(shown).toContain('members: read 3, created 2, updated 0, unchanged 0, rejected 1, suppressed 0');
    expect(shown).toContain('rejected: 1');
    const rejection = shown.find((line) => line.startsWith('- '));
    expect(rejection).toMatch(/^- members line 3: members\.csv line 3: 2 cells where the header has 3 \(fields: file, cells\)$/);
    // The row holds a customer's phone: printed only when asked for.
    expect(show.stdout).not.toContain('13800138002');
    const withRows = await runHub(['runs', 'show', firstRun, '--show-rows'], env);
    expect(withRows.stdout).toContain('    row: {"file":"members.csv","line":3,"cells":["M002","13800138002"]}');

    const missing = await runHub(['runs', 'show', 'run_doesnotexist0000'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No sync run run_doesnotexist0000/);
    const badFirst = await runHub(['runs', 'list', 'till', '--first', '0'], env);
    expect(badFirst.code).toBe(2);
  }, 120_000);
});

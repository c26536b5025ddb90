import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../connectors/shopify/emulator';
import { loadConfig } from '../../src/config';
import { createServices, type HubServices } from '../../src/app/services';
import { createLogger } from '../../src/platform/logger';
import { runHub, startHubProcess, type CliResult } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Issue 22: `hub sync` beside a running `hub start` took over the run the server was executing, and attempts
 * reached 9. Now the run is handed to the server and followed; a run another process holds is never executed
 * here; a run is attempted 5 times at most; progress names totals and rates; every stream gets its line.
 */

const CUSTOMERS = 12;
const COUNTS = /^(\w+): read \d+, created \d+, updated \d+, unchanged \d+, rejected \d+, suppressed \d+$/;

let testDb: TestDatabase;
let services: HubServices;
let shop: Awaited<ReturnType<typeof startEmulator>>;
let env: Record<string, string>;
const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-sync-handoff-'));

beforeAll(async () => {
  testDb = await createTestDatabase('cli_sync_handoff');
  env = { DATABASE_URL: testDb.url, HUB_SECRET_KEY: '3d'.repeat(32), HUB_DATA_DIR: dataDir, REDIS_URL: '', HUB_PORT: '0', HUB_CONNECTOR_ALLOW_PRIVATE: 'true', HUB_DEMO: '0' };
  services = createServices(loadConfig({ ...env, LOG_LEVEL: 'silent' }), testDb.database, createLogger('silent'));
  await services.queue.startWorker(services.syncJobs.handlers());
  shop = await startEmulator({ customers: CUSTOMERS });
  shop.bucket.configure({ maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
}, 60_000);

afterAll(async () => {
  await services?.queue.close();
  await shop?.stop();
  await testDb?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const lines = (text: string) => text.split('\n').filter(Boolean);

async function runRow(runId: string) {
  const [row] = await testDb.database.query<{ status: string; attempts: number; lease_owner: string | null; last_error: string | null }>('select status, attempts, lease_owner, last_error from sync_runs where id = $1', [runId]);
  return row;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let polls = 0; polls < 1200; polls++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting: ${what}`);
}

/** The connection's running run and who holds its lease, once it runs. */
const runningRun = (connectionId: string) =>
  until('the run to be running', async () => {
    const [row] = await testDb.database.query<{ id: string; lease_owner: string }>("select id, lease_owner from sync_runs where connection_id = $1 and status = 'running' and lease_owner is not null", [connectionId]);
    return row;
  });

function streamLines(result: CliResult): string[] {
  return lines(result.stdout).slice(1, -1).map((line) => COUNTS.exec(line)?.[1] ?? `not a counts line: ${line}`);
}

describe('hub sync beside hub start', () => {
  it('hands the run to the server and follows it; a second hub sync follows the same run; the server executes it once', async () => {
    const connection = await services.connections.create({ name: 'beside-shop', connector: 'shopify', config: { ...shop.config, pageSize: 3 } });
    const server = await startHubProcess(['start'], env, /GraphQL: \S+\n/);
    shop.faults.set({ slowMs: 250 });
    try {
      const first = runHub(['sync', 'beside-shop'], env);
      const running = await runningRun(connection.id);
      // The server holds the run: its process id is in the lease owner (host:pid:random).
      expect(running.lease_owner.split(':')[1]).toBe(String(server.child.pid));
      const second = await runHub(['sync', 'beside-shop'], env);
      const firstResult = await first;

      expect(firstResult.code).toBe(0);
      expect(lines(firstResult.stdout)[0]).toBe(`queued: ${running.id}`);
      expect(second.code).toBe(0);
      expect(lines(second.stdout)[0]).toBe(`already running: ${running.id}`);
      for (const result of [firstResult, second]) {
        expect(result.stderr).toContain('hub: a hub process runs on this store: the run is handed to it');
        expect(streamLines(result)).toEqual(['customers', 'orders']);
        expect(lines(result.stdout).at(-1)).toMatch(/^succeeded: read \d+/);
      }
      expect(await runRow(running.id)).toMatchObject({ status: 'succeeded', attempts: 1 });

      // Progress a person can read on a pipe: the platform's total for the stream, the rate, never terminal control.
      const progress = lines(firstResult.stderr).filter((line) => line.startsWith('beside-shop: '));
      expect(progress.some((line) => new RegExp(`, customers \\d+/${CUSTOMERS} \\(\\d+%\\)`).test(line))).toBe(true);
      expect(progress.at(-1)).toMatch(new RegExp(`^beside-shop: succeeded, \\d+ records read, orders (\\d+)/\\1 \\(100%\\), [\\d.]+ records/s$`));
      expect(firstResult.stderr).not.toMatch(/[\r\u001b]/);
    } finally {
      shop.faults.set({ slowMs: 0 });
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
    expect(server.errors()).not.toContain('is being executed by another process');
  }, 180_000);
});

describe('hub sync without a hub process', () => {
  it('runs in this process; a second hub sync follows the running run without executing it', async () => {
    const connection = await services.connections.create({ name: 'alone-shop', connector: 'shopify', config: { ...shop.config, pageSize: 3 } });
    shop.faults.set({ slowMs: 250 });
    try {
      const first = runHub(['sync', 'alone-shop'], env);
      const running = await runningRun(connection.id);
      const second = await runHub(['sync', 'alone-shop'], env);
      const firstResult = await first;
      expect(firstResult.code).toBe(0);
      expect(firstResult.stderr).not.toContain('handed to it');
      expect(second.code).toBe(0);
      expect(lines(second.stdout)[0]).toBe(`already running: ${running.id}`);
      expect(lines(second.stdout).slice(1)).toEqual(lines(firstResult.stdout).slice(1));
      expect(await runRow(running.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    } finally {
      shop.faults.set({ slowMs: 0 });
    }
  }, 180_000);

  it('fails a run that has had its 5 attempts instead of making a sixth', async () => {
    const connection = await services.connections.create({ name: 'spent-shop', connector: 'shopify', config: shop.config });
    await testDb.database.query("insert into sync_runs (id, connection_id, status, trigger, attempts) values ('run_spentattempts01', $1, 'queued', 'api', 5)", [connection.id]);
    const result = await runHub(['sync', 'spent-shop'], env);
    expect(result.code).toBe(1);
    expect(lines(result.stdout)[0]).toBe('already queued: run_spentattempts01');
    expect(result.stderr).toMatch(/attempted 5 times without finishing/);
    expect(await runRow('run_spentattempts01')).toMatchObject({ status: 'failed', attempts: 5 });
  }, 60_000);

  it('writes log lines as JSON off a terminal, as text with --log-format text, and refuses another format', async () => {
    await services.connections.create({ name: 'logged-shop', connector: 'shopify', config: shop.config });
    const json = await runHub(['sync', 'logged-shop'], { ...env, LOG_LEVEL: 'info' });
    expect(json.code).toBe(0);
    const jsonLogs = lines(json.stderr).filter((line) => line.startsWith('{'));
    expect(jsonLogs.map((line) => (JSON.parse(line) as { msg: string }).msg)).toContain('stream synced');

    const text = await runHub(['--log-format', 'text', 'sync', 'logged-shop'], { ...env, LOG_LEVEL: 'info' });
    expect(text.code).toBe(0);
    expect(lines(text.stderr).some((line) => /^\d\d:\d\d:\d\d INFO  stream synced runId=run_\w+ stream=customers stats=\{/.test(line))).toBe(true);
    expect(text.stderr).not.toMatch(/^\{/m);

    const bad = await runHub(['--log-format', 'xml', 'sync', 'logged-shop'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--log-format.*xml.*json, text/s);
  }, 90_000);
});

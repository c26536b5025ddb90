import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorContext } from '../../connectors/sdk/connector';
import { HttpClient } from '../../connectors/sdk/http-client';
import { shopifyConnector } from '../../connectors/shopify/connector';
import { startEmulator } from '../../connectors/shopify/emulator';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/platform/logger';
import { createServices, type HubServices } from '../../src/app/services';
import { runHub, startHubProcess } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * `hub connectors list`, `hub connections list`, `hub sync`, `hub emulate`, `hub serve` and `hub worker`,
 * run as the real executable against this file's own database, a Shopify emulator and the local Redis.
 */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CUSTOMERS = 40;
const COUNTS = /^(\w+): read (\d+), created (\d+), updated (\d+), unchanged (\d+), rejected (\d+), suppressed (\d+)$/;
/** Terminal control: carriage returns and escape sequences have no place in a pipe or a CI log. */
const TERMINAL_CONTROL = /[\r\u001b]/;

let testDb: TestDatabase;
let services: HubServices;
let shop: Awaited<ReturnType<typeof startEmulator>>;
let env: Record<string, string>;
const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-sync-cli-'));
const queuePrefixes: string[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase('cli_sync');
  // REDIS_URL '' overrides one the shell may have: these commands run jobs in-process unless a test says otherwise.
  env = { DATABASE_URL: testDb.url, HUB_SECRET_KEY: '5e'.repeat(32), HUB_DATA_DIR: dataDir, REDIS_URL: '', HUB_PORT: '0', HUB_CONNECTOR_ALLOW_PRIVATE: 'true' };
  const logger = createLogger('silent');
  services = createServices(loadConfig({ ...env, LOG_LEVEL: 'silent' }), testDb.database, logger);
  await services.queue.startWorker(services.syncJobs.handlers());
  shop = await startEmulator({ customers: CUSTOMERS });
  // Throttling is the connector's own test; here it would only slow the syncs down.
  shop.bucket.configure({ maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
});

afterAll(async () => {
  await services?.queue.close();
  await shop?.stop();
  await testDb?.drop();
  rmSync(dataDir, { recursive: true, force: true });
  if (queuePrefixes.length > 0) {
    const redis = new IORedis(REDIS_URL);
    for (const prefix of queuePrefixes) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
  }
});

/** Env for a process on Redis, with a queue of its own so parallel test files never share jobs. */
function onRedis(): Record<string, string> {
  const prefix = `cli-sync-${randomBytes(4).toString('hex')}`;
  queuePrefixes.push(prefix);
  return { ...env, REDIS_URL, HUB_QUEUE_PREFIX: prefix };
}

const shopConfig = (overrides: Record<string, unknown> = {}) => ({ ...shop.config, pageSize: 10, ...overrides });

const lines = (text: string) => text.split('\n').filter(Boolean);

type Counts = { read: number; created: number; updated: number; unchanged: number; rejected: number };

/** `hub sync` stdout: the queued line, one line per stream, the totals. */
function parseSync(stdout: string) {
  const [queued, ...rest] = lines(stdout);
  const parse = (line: string): [string, Counts] => {
    const match = COUNTS.exec(line);
    if (!match) throw new Error(`not a counts line: ${line}`);
    const [, label, read, created, updated, unchanged, rejected] = match;
    return [label, { read: Number(read), created: Number(created), updated: Number(updated), unchanged: Number(unchanged), rejected: Number(rejected) }];
  };
  const [status, totals] = parse(rest.at(-1) ?? '');
  return { queued, streams: Object.fromEntries(rest.slice(0, -1).map(parse)), streamOrder: rest.slice(0, -1).map((line) => parse(line)[0]), status, totals };
}

async function runStatus(runId: string): Promise<string> {
  return (await testDb.database.query<{ status: string }>('select status from sync_runs where id = $1', [runId]))[0].status;
}

async function storedRecords(source: string): Promise<number> {
  return Number((await testDb.database.query<{ n: string }>('select count(*) as n from source_records where source = $1', [source]))[0].n);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('hub connections list', () => {
  // First in the file: the store is still empty.
  it('prints nothing on stdout for an empty store and tells on stderr how to create a connection', async () => {
    const result = await runHub(['connections', 'list'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no connections yet: create one with `hub connections create` \(or the GraphQL createConnection mutation\); `hub connectors list` shows the types/);
  });

  it('lists id, name, connector, status, last run and the reason a connection needs attention, never a secret', async () => {
    const good = await services.connections.create({ name: 'list-shop', connector: 'shopify', config: shopConfig() });
    const broken = await services.connections.create({ name: 'list-broken', connector: 'shopify', config: shopConfig({ accessToken: 'shpat_revoked' }) });
    // Paused as pauseConnection does it.
    const paused = await services.connections.create({ name: 'list-paused', connector: 'shopify', config: shopConfig() });
    await services.connections.update(paused.id, { enabled: false });
    for (const connection of [good, broken]) await services.syncJobs.trigger(connection.id, { fullRefresh: false, trigger: 'manual' });
    await services.queue.drain();

    const result = await runHub(['connections', 'list'], env);
    expect(result.code).toBe(0);
    const rows = lines(result.stdout).map((line) => line.split('\t')).filter((columns) => columns[1].startsWith('list-'));
    expect(rows.map((columns) => columns.length)).toEqual([6, 6, 6]);
    const [brokenRow, pausedRow, goodRow] = rows;
    expect(goodRow).toEqual([good.id, 'list-shop', 'shopify', 'active', expect.stringMatching(/^succeeded \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), '']);
    expect(brokenRow.slice(0, 4)).toEqual([broken.id, 'list-broken', 'shopify', 'needs_attention']);
    expect(brokenRow[4]).toMatch(/^failed \d{4}-/);
    expect(brokenRow[5]).toMatch(/^Shopify refused the access token \(401/);
    expect(pausedRow).toEqual([paused.id, 'list-paused', 'shopify', 'paused', 'never', '']);
    expect(result.stdout).not.toContain(String(shop.config.accessToken));
    expect(result.stdout).not.toContain('shpat_revoked');
  }, 60_000);
});

describe('hub connectors list', () => {
  it('prints each connector type with its streams and config fields, secrets marked, without needing a database', async () => {
    const result = await runHub(['connectors', 'list'], { ...env, DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' });
    expect(result.code).toBe(0);
    const rows = lines(result.stdout).map((line) => line.split('\t'));
    expect(rows.map(([type]) => type)).toEqual(['pos-file', 'shopify', 'zoho-crm', 'wecom', 'wechat-oa']);
    expect(rows.every((columns) => columns.length === 4)).toBe(true);
    const byType = Object.fromEntries(rows.map(([type, title, streams, fields]) => [type, { title, streams, fields }]));
    expect(byType.shopify).toEqual({ title: 'Shopify', streams: 'customers, orders', fields: 'shopDomain, credentialKind?, accessToken? (secret), clientId?, clientSecret? (secret), refreshToken? (secret), apiVersion?, pageSize?, bulkThreshold?, baseUrl?' });
    expect(byType['zoho-crm'].streams).toBe('contacts, leads');
    expect(byType['zoho-crm'].fields).toContain('clientSecret (secret), refreshToken (secret)');
    expect(byType.wecom.streams).toBe('external_contacts (full)');
    expect(byType['wechat-oa'].streams).toBe('followers (full)');
    expect(byType['wechat-oa'].fields).toBe('appid, secret (secret), baseUrl?');
    expect(byType['pos-file'].fields).toMatch(/^folder, /);
  });
});

describe('hub sync without REDIS_URL', () => {
  it('runs in this process and prints per-stream counts and the totals; again it reads only changes, with --full everything', async () => {
    const connection = await services.connections.create({ name: 'shop', connector: 'shopify', config: shopConfig() });
    const first = await runHub(['sync', 'shop'], env);
    expect(first.code).toBe(0);
    const firstRun = parseSync(first.stdout);
    const runId = /^queued: (run_\w+)$/.exec(firstRun.queued)?.[1];
    expect(runId).toBeDefined();
    expect(await runStatus(runId!)).toBe('succeeded');
    expect(firstRun.streamOrder).toEqual(['customers', 'orders']);
    expect(firstRun.streams.customers.read).toBe(CUSTOMERS);
    expect(firstRun.streams.orders.read).toBe(shop.shop.orders.length);
    expect(firstRun.status).toBe('succeeded');
    expect(firstRun.totals).toEqual({
      read: CUSTOMERS + shop.shop.orders.length,
      created: firstRun.streams.customers.created + firstRun.streams.orders.created,
      updated: 0,
      unchanged: 0,
      rejected: firstRun.streams.customers.rejected + firstRun.streams.orders.rejected,
    });
    expect(firstRun.totals.created + firstRun.totals.rejected).toBe(firstRun.totals.read);
    expect(await storedRecords('shop')).toBe(firstRun.totals.created);
    if (firstRun.totals.rejected > 0) expect(first.stderr).toContain(`hub: ${firstRun.totals.rejected} record(s) rejected; \`hub runs show ${runId}\` says why`);
    expect(first.stderr).not.toMatch(TERMINAL_CONTROL);
    expect(first.stdout + first.stderr).not.toContain(String(shop.config.accessToken));

    const again = await runHub(['sync', connection.id], env);
    expect(again.code).toBe(0);
    expect(lines(again.stdout).at(-1)).toBe('succeeded: read 0, created 0, updated 0, unchanged 0, rejected 0, suppressed 0');

    const full = await runHub(['sync', 'shop', '--full'], env);
    expect(full.code).toBe(0);
    const { totals } = firstRun;
    expect(lines(full.stdout).at(-1)).toBe(`succeeded: read ${totals.read}, created 0, updated 0, unchanged ${totals.created}, rejected ${totals.rejected}, suppressed 0`);
    expect(await storedRecords('shop')).toBe(totals.created);
  }, 90_000);

  it('exits 1 with the reason when the platform refuses the token, and the connection needs attention', async () => {
    const connection = await services.connections.create({ name: 'bad-token', connector: 'shopify', config: shopConfig({ accessToken: 'shpat_wrong' }) });
    const result = await runHub(['sync', 'bad-token'], env);
    expect(result.code).toBe(1);
    expect(lines(result.stdout).at(-1)).toBe('failed: read 0, created 0, updated 0, unchanged 0, rejected 0, suppressed 0');
    expect(result.stderr).toContain('hub: sync of bad-token failed: Shopify refused the access token (401');
    expect(result.stderr).toContain('hub: bad-token needs attention: correct its config (`hub connections update bad-token`), then run `hub sync bad-token` again');
    expect(result.stdout + result.stderr).not.toContain('shpat_wrong');
    const [stored] = await testDb.database.query<{ status: string }>('select status from connections where id = $1', [connection.id]);
    expect(stored.status).toBe('needs_attention');
  }, 60_000);

  it('exits 1 naming the connection it cannot find, and pointing to the list', async () => {
    const result = await runHub(['sync', 'no-such-shop'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("hub: No connection named or with id 'no-such-shop'; `hub connections list` shows them.\n");
  });

  it('refuses a paused connection with exit 1 and says how to resume it', async () => {
    await services.connections.create({ name: 'sync-paused', connector: 'shopify', config: shopConfig(), enabled: false });
    const result = await runHub(['sync', 'sync-paused'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Connection sync-paused is paused; resume it before syncing/);
  });

  it('exits 2 when the connection argument is missing', async () => {
    const result = await runHub(['sync'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing required argument 'connection'/);
  });
});

describe('hub sync with REDIS_URL', () => {
  it('queues the run and returns; with --follow it shows progress until a separate `hub worker` finishes it', async () => {
    const redisEnv = onRedis();
    await services.connections.create({ name: 'follow-shop', connector: 'shopify', config: shopConfig() });

    // No worker runs on this queue yet: the run waits.
    const queued = await runHub(['sync', 'follow-shop'], redisEnv);
    expect(queued.code).toBe(0);
    const runId = /^queued: (run_\w+)\n$/.exec(queued.stdout)?.[1];
    expect(runId).toBeDefined();
    expect(await runStatus(runId!)).toBe('queued');

    const follow = await startHubProcess(['sync', 'follow-shop', '--follow'], redisEnv, /^already queued: run_\w+\n/);
    let worker: Awaited<ReturnType<typeof startHubProcess>> | undefined;
    try {
      expect(follow.output()).toBe(`already queued: ${runId}\n`);
      // The first progress line, before any worker exists to move the run on.
      for (let polls = 0; !follow.errors().includes('\n'); polls++) {
        if (polls > 600) throw new Error(`no progress line from hub sync --follow: ${follow.errors()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(lines(follow.errors())[0]).toBe('follow-shop: queued, 0 records read');

      worker = await startHubProcess(['worker'], redisEnv, /worker ready\n/);
      expect(await follow.exited).toBe(0);
    } finally {
      follow.child.kill('SIGTERM');
      worker?.child.kill('SIGTERM');
    }
    expect(await worker!.exited).toBe(0);

    const result = parseSync(follow.output());
    expect(result.streamOrder).toEqual(['customers', 'orders']);
    expect(result.streams.customers.read).toBe(CUSTOMERS);
    expect(result.status).toBe('succeeded');
    expect(result.totals.read).toBe(CUSTOMERS + shop.shop.orders.length);
    expect(await runStatus(runId!)).toBe('succeeded');
    expect(await storedRecords('follow-shop')).toBe(result.totals.created);
    const progress = lines(follow.errors()).filter((line) => !line.startsWith('hub: ') && !line.startsWith('{'));
    for (const line of progress) expect(line).toMatch(/^follow-shop: (queued|running|succeeded)(, attempt \d+ after: .+)?, \d+ records read(, (customers|orders) \d+\/\d+ \(\d+%\))?(, [\d.]+ records\/s)?(, ETA .+)?$/);
    expect(progress.at(-1)).toMatch(new RegExp(`^follow-shop: succeeded, ${result.totals.read} records read, orders (\\d+)/\\1 \\(100%\\)`));
    expect(follow.errors()).not.toMatch(TERMINAL_CONTROL);
  }, 120_000);
});

describe('hub emulate', () => {
  it('serves the Shopify Admin API with the customers asked for, prints the config that reaches it, and stops on SIGTERM', async () => {
    const port = await freePort();
    const emulator = await startHubProcess(['emulate', 'shopify', '--port', String(port), '--customers', '50'], env, /connection config: .*\n/);
    let config: Record<string, string | number>;
    try {
      const [urlLine, configLine] = lines(emulator.output());
      expect(urlLine).toBe(`shopify emulator: http://127.0.0.1:${port}`);
      expect(configLine).toMatch(/^connection config: \{/);
      config = JSON.parse(configLine.slice('connection config: '.length));
      expect(config).toMatchObject({ baseUrl: `http://127.0.0.1:${port}`, shopDomain: expect.any(String), accessToken: expect.stringMatching(/^shpat_/) });

      const context: ConnectorContext = { http: (options) => new HttpClient({ timeoutMs: 5_000, ...options }) };
      expect(await shopifyConnector.check(config, context)).toMatchObject({ ok: true });
      expect(await shopifyConnector.check({ ...config, accessToken: 'shpat_wrong' }, context)).toMatchObject({ ok: false, reason: expect.stringMatching(/401/) });
      const customerIds = new Set<unknown>();
      for await (const message of shopifyConnector.read('customers', config, undefined, context)) {
        if (message.type === 'record') customerIds.add(message.record.external_id);
        if (message.type === 'rejection') throw new Error(`rejected: ${message.reason}`);
      }
      expect(customerIds.size).toBe(50);
    } finally {
      emulator.child.kill('SIGTERM');
    }
    expect(await emulator.exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/admin/api/2025-01/graphql.json`, { method: 'POST' })).rejects.toThrow();
  }, 60_000);

  it('exits 2 naming the platforms it knows when asked for another', async () => {
    const result = await runHub(['emulate', 'myspace'], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("hub: No emulator for 'myspace'; available: pos-file, shopify, zoho-crm, wecom, wechat-oa.\n");
  });

  it('exits 2 with what to do when the port is taken or the numbers are not numbers', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const busy = await runHub(['emulate', 'shopify', '--port', String(port)], env);
      expect(busy.code).toBe(2);
      expect(busy.stderr).toContain(`Port ${port} of 127.0.0.1 is in use; choose another --port, or --port 0 for a free one.`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    const badCount = await runHub(['emulate', 'shopify', '--customers', 'lots'], env);
    expect(badCount.code).toBe(2);
    expect(badCount.stderr).toContain("--customers must be a whole number from 1 to 100000, not 'lots'.");
  }, 60_000);
});

describe('hub serve and hub worker', () => {
  it('exit 2 without REDIS_URL, telling to set it or use `hub start`', async () => {
    for (const command of ['serve', 'worker']) {
      const result = await runHub([command], env);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(new RegExp(`^hub: hub ${command} .*set REDIS_URL .*or use \`hub start\``));
    }
  }, 60_000);

  it('hub serve prints the GraphQL URL, answers queries from the store, and exits 0 on SIGTERM', async () => {
    await services.connections.create({ name: 'serve-shop', connector: 'shopify', config: shopConfig() });
    const { key } = await services.apiKeys.create('cli serve test', ['connectors:admin']);
    const serve = await startHubProcess(['serve'], onRedis(), /GraphQL: \S+\n/);
    try {
      const url = lines(serve.output())[0].slice('GraphQL: '.length);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: '{ connection(id: "serve-shop") { name connector status } }' }),
      });
      expect(await response.json()).toEqual({ data: { connection: { name: 'serve-shop', connector: 'shopify', status: 'active' } } });
    } finally {
      serve.child.kill('SIGTERM');
    }
    expect(await serve.exited).toBe(0);
    expect(serve.output()).toMatch(/^GraphQL: \S+\n$/);
  }, 60_000);
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../connectors/shopify/emulator';
import { createServices, type HubServices } from '../../src/app/services';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/platform/logger';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';
import { HUB_BIN } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Issue 20: a `hub sync` killed mid-run left its run `running` for good, and triggerSync kept answering
 * that dead run. Runs now hold a lease their process renews; once it expires the run is taken over from
 * its last checkpoint (or failed with the reason after too many deaths). Leases last 1 s here.
 */

const LEASE_MS = 1_000;
let testDb: TestDatabase;
let services: HubServices;
let shop: Awaited<ReturnType<typeof startEmulator>>;
let env: Record<string, string>;
const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-sync-lease-'));

beforeAll(async () => {
  testDb = await createTestDatabase('sync_lease');
  env = {
    DATABASE_URL: testDb.url,
    HUB_SECRET_KEY: '7a'.repeat(32),
    HUB_DATA_DIR: dataDir,
    REDIS_URL: '',
    HUB_SYNC_LEASE_MS: String(LEASE_MS),
    // The emulator listens on 127.0.0.1, which the connector address guard refuses otherwise.
    HUB_CONNECTOR_ALLOW_PRIVATE: 'true',
  };
  const logger = createLogger('silent');
  services = createServices(loadConfig({ ...env, LOG_LEVEL: 'silent' }), testDb.database, logger, new InProcessQueue(logger, 50));
  await services.queue.startWorker(services.syncJobs.handlers());
  shop = await startEmulator({ customers: 100 });
  shop.bucket.configure({ maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
});

afterAll(async () => {
  await services?.queue.close();
  await shop?.stop();
  await testDb?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const storedCount = async (source: string) => Number((await testDb.database.query<{ n: string }>('select count(*) as n from source_records where source = $1', [source]))[0].n);

const runRow = async (runId: string) =>
  (await testDb.database.query<{ status: string; attempts: number; last_error: string | null; lease_expired: boolean | null }>(
    'select status, attempts, last_error, lease_expires_at < now() as lease_expired from sync_runs where id = $1',
    [runId],
  ))[0];

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('sync run leases', () => {
  it('takes over a run whose `hub sync` was SIGKILLed mid-run, from its checkpoint, losing and doubling nothing', async () => {
    // The reference: the same shop synced in one go.
    const reference = await services.connections.create({ name: 'reference', connector: 'shopify', config: { ...shop.config, pageSize: 25 } });
    await services.syncJobs.trigger(reference.id, { fullRefresh: false, trigger: 'manual' });
    await services.queue.drain();
    const expected = await storedCount('reference');
    expect(expected).toBeGreaterThan(100);

    const connection = await services.connections.create({ name: 'shop-killed', connector: 'shopify', config: { ...shop.config, pageSize: 10 } });
    shop.faults.set({ slowMs: 60 });
    const child = spawn(process.execPath, [HUB_BIN, 'sync', 'shop-killed'], { env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    await until('a few committed pages', async () => (await storedCount('shop-killed')) >= 40);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    shop.faults.set({ slowMs: 0 });
    const runId = /: (run_\S+)/.exec(stdout)![1];
    const stored = await storedCount('shop-killed');
    expect(stored).toBeLessThan(expected);
    expect(await runRow(runId)).toMatchObject({ status: 'running', attempts: 1 });

    // Nobody renews the lease any more: it expires, and the run is seen as abandoned, not as running.
    await until('the dead process lease to expire', async () => (await runRow(runId)).lease_expired === true, 10_000);
    const triggered = await services.syncJobs.trigger(connection.id, { fullRefresh: false, trigger: 'api' });
    expect(triggered).toMatchObject({ runId, created: false, takeover: 1 });
    await services.queue.drain();

    expect(await runRow(runId)).toMatchObject({ status: 'succeeded', attempts: 2, last_error: null });
    expect(await storedCount('shop-killed')).toBe(expected);
    const [{ duplicates }] = await testDb.database.query<{ duplicates: string }>(
      "select count(*) - count(distinct external_id) as duplicates from source_records where source = 'shop-killed'",
    );
    expect(Number(duplicates)).toBe(0);
    // The same external ids as the uninterrupted reference: nothing lost.
    const [{ missing }] = await testDb.database.query<{ missing: string }>(
      "select count(*) as missing from source_records r where r.source = 'reference' and not exists (select 1 from source_records k where k.source = 'shop-killed' and k.external_id = r.external_id)",
    );
    expect(Number(missing)).toBe(0);

    // And the next trigger starts a new run as usual.
    const next = await services.syncJobs.trigger(connection.id, { fullRefresh: false, trigger: 'api' });
    expect(next).toMatchObject({ created: true });
    expect(next.runId).not.toBe(runId);
    await services.queue.drain();
    expect(await runRow(next.runId)).toMatchObject({ status: 'succeeded' });
  }, 120_000);

  it('leaves a run whose process still renews its lease alone: a trigger answers it as running', async () => {
    const connection = await services.connections.create({ name: 'shop-alive', connector: 'shopify', config: { ...shop.config, pageSize: 10 } });
    shop.faults.set({ slowMs: 40 });
    try {
      const first = await services.syncJobs.trigger(connection.id, { fullRefresh: false, trigger: 'api' });
      await until('the run to start', async () => (await runRow(first.runId)).status === 'running');
      // Three lease lengths later the run still runs here, its lease renewed.
      await new Promise((resolve) => setTimeout(resolve, 3 * LEASE_MS));
      expect(await runRow(first.runId)).toMatchObject({ status: 'running', lease_expired: false });
      const again = await services.syncJobs.trigger(connection.id, { fullRefresh: false, trigger: 'api' });
      expect(again).toEqual({ runId: first.runId, connectionId: connection.id, created: false });
    } finally {
      shop.faults.set({ slowMs: 0 });
    }
    await services.queue.drain();
  }, 120_000);

  it('fails with the reason a run abandoned five times, and the sweep takes over one abandoned fewer times', async () => {
    const connection = await services.connections.create({ name: 'shop-abandoned', connector: 'shopify', config: { ...shop.config, pageSize: 50 } });
    const other = await services.connections.create({ name: 'shop-swept', connector: 'shopify', config: { ...shop.config, pageSize: 50 } });
    // As a process that died holding them would leave them.
    await testDb.database.query(
      `insert into sync_runs (id, connection_id, status, trigger, started_at, attempts, lease_owner, lease_expires_at) values
         ('run_abandoned5', $1, 'running', 'api', now(), 5, 'gone:1', now() - interval '1 minute'),
         ('run_abandoned1', $2, 'running', 'api', now(), 1, 'gone:2', now() - interval '1 minute')`,
      [connection.id, other.id],
    );
    expect(await services.syncJobs.sweepAbandoned()).toEqual({ takenOver: 1, failed: 1 });
    expect(await runRow('run_abandoned5')).toMatchObject({ status: 'failed', last_error: expect.stringMatching(/stopped 5 times without finishing it \(its lease expired each time\)/) });
    await services.queue.drain();
    expect(await runRow('run_abandoned1')).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(await storedCount('shop-swept')).toBe(await storedCount('reference'));
  }, 120_000);
});

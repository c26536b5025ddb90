import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/registry';
import { startEmulator } from '../../connectors/shopify/emulator';
import { connectDatabase } from '../../src/app/database';
import { createServices, type HubServices } from '../../src/app/services';
import { loadConfig } from '../../src/config';
import type { Database } from '../../src/platform/database/database';
import { createLogger } from '../../src/platform/logger';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';
import { SecretBox } from '../../src/platform/secret-box';
import { RunCancellations, SyncRunner, SyncService } from '../../src/modules/sync';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Cancelling a run stops its connector's reading at once: the page request in flight is aborted, whichever
 * process executes the run. The emulator's slow answers take ten minutes, far past the test timeout: a run
 * that waited for one would fail the test by timing out, so none of these tests measures time.
 */
const SLOW_PAGE_MS = 600_000;
const NEVER_MS = 3_600_000;

const logger = createLogger('silent');
const config = loadConfig({ HUB_SECRET_KEY: 'c4'.repeat(32), LOG_LEVEL: 'silent', HUB_CONNECTOR_ALLOW_PRIVATE: 'true' });
let testDb: TestDatabase;
let services: HubServices;
/** A second process's view: its own connection pool on the same database. */
let otherDatabase: Database;
let otherServices: HubServices;
let shop: Awaited<ReturnType<typeof startEmulator>>;

beforeAll(async () => {
  testDb = await createTestDatabase('sync_cancellation');
  services = createServices(config, testDb.database, logger, new InProcessQueue(logger, 5));
  await services.queue.startWorker(services.syncJobs.handlers());
  otherDatabase = await connectDatabase(testDb.url);
  otherServices = createServices(config, otherDatabase, logger, new InProcessQueue(logger, 5));
  shop = await startEmulator({ customers: 120 });
  // Throttling is the connector's own test; here it would only slow the syncs down.
  shop.bucket.configure({ maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
  const reference = await services.connections.create({ name: 'reference', connector: 'shopify', config: { ...shop.config, pageSize: 25 } });
  await services.syncJobs.trigger(reference.id, { fullRefresh: false, trigger: 'manual' });
  await services.queue.drain();
});
afterAll(async () => {
  await services?.queue.close();
  await otherServices?.queue.close();
  await otherDatabase?.close();
  await shop?.stop();
  await testDb?.drop();
});

/**
 * Runs executed by this SyncService learn of a cancellation only as `recheckMs` says: NEVER_MS leaves the
 * notification as the only way, a short one shows the status re-read that covers a lost notification.
 */
function executorOn(database: Database, ingestion: HubServices['ingestion'], recheckMs: number): SyncService {
  const runner = new SyncRunner(database, ingestion, connectors, new SecretBox(config.secretKey!), logger, config.connections, new RunCancellations(database, logger, { recheckMs }));
  return new SyncService(database, runner, logger, { syncFailed: async () => {} });
}

const storedCount = async (source: string) =>
  Number((await services.database.query<{ n: string }>('select count(*) as n from source_records where source = $1', [source]))[0].n);

const runRow = async (runId: string) =>
  (await services.database.query<{ status: string; stream_stats: Record<string, { read: number }> }>('select status, stream_stats from sync_runs where id = $1', [runId]))[0];

const checkpointedStreams = async (connectionId: string) =>
  (await services.database.query<{ stream: string }>('select stream from sync_stream_states where connection_id = $1 order by stream', [connectionId])).map((row) => row.stream);

async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let polls = 0; !(await condition()); polls++) {
    if (polls > 1000) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Makes every answer from now on slow, and resolves once a page request is waiting for one (in flight). */
async function slowPageInFlight(): Promise<number> {
  const before = shop.requests.length;
  shop.faults.set({ slowMs: SLOW_PAGE_MS });
  await until(() => shop.requests.length > before, 'a page request after the slowdown');
  return shop.requests.length;
}

describe('cancelling a sync run', () => {
  it('aborts the page request in flight, stores nothing of it, keeps the committed batches, and the next run goes on from there', async () => {
    const connection = await services.connections.create({ name: 'shop-cancelled', connector: 'shopify', config: { ...shop.config, pageSize: 10 } });
    // Pages a little slow at first, so the run is still among its 12 customer pages when the slow one comes.
    shop.faults.set({ slowMs: 20 });
    const { runId } = await services.syncJobs.trigger(connection.id, { fullRefresh: false, trigger: 'manual' });
    await until(async () => (await storedCount('shop-cancelled')) >= 20, 'two committed pages');
    const requestsInFlight = await slowPageInFlight();
    // The page before the one in flight is committed: the connector asks for a page only after the last one was stored.
    const storedAtCancel = await storedCount('shop-cancelled');
    const countedAtCancel = (await runRow(runId)).stream_stats;

    await services.sync.cancel(runId);
    await services.queue.drain();
    shop.faults.set({ slowMs: 0 });

    const cancelled = await runRow(runId);
    expect(cancelled.status).toBe('cancelled');
    expect(shop.requests.length).toBe(requestsInFlight);
    expect(await storedCount('shop-cancelled')).toBe(storedAtCancel);
    expect(cancelled.stream_stats).toEqual(countedAtCancel);
    expect(await checkpointedStreams(connection.id)).toEqual(['customers']);

    const { runId: nextRunId } = await services.syncJobs.trigger(connection.id, { fullRefresh: false, trigger: 'manual' });
    await services.queue.drain();
    const next = await runRow(nextRunId);
    expect(next.status).toBe('succeeded');
    expect(next.stream_stats.customers.read).toBeLessThan(120);
    expect(await storedCount('shop-cancelled')).toBe(await storedCount('reference'));
    const [{ n: duplicates }] = await services.database.query<{ n: number }>(
      "select count(*)::int as n from (select external_id from source_records where source = 'shop-cancelled' group by external_id having count(*) > 1) d",
    );
    expect(duplicates).toBe(0);
  });

  it('reaches a run executing in another process through the notification sent on commit', async () => {
    const connection = await services.connections.create({ name: 'shop-elsewhere', connector: 'shopify', config: { ...shop.config, pageSize: 10 } });
    const { runId } = await services.sync.enqueue(connection.id, { fullRefresh: false, trigger: 'manual' });
    // The other process re-reads statuses never: only the notification can stop its run.
    const executing = executorOn(otherDatabase, otherServices.ingestion, NEVER_MS).execute(runId, true);
    const requestsInFlight = await slowPageInFlight();

    await services.sync.cancel(runId);
    const verdict = await executing;
    shop.faults.set({ slowMs: 0 });

    expect(verdict).toEqual({ status: 'cancelled' });
    expect((await runRow(runId)).status).toBe('cancelled');
    expect(shop.requests.length).toBe(requestsInFlight);
    expect(await storedCount('shop-elsewhere')).toBe(0);
  });

  it('still stops a run whose cancellation notification was lost, when it re-reads the run status', async () => {
    const connection = await services.connections.create({ name: 'shop-unheard', connector: 'shopify', config: { ...shop.config, pageSize: 10 } });
    const { runId } = await services.sync.enqueue(connection.id, { fullRefresh: false, trigger: 'manual' });
    const executing = executorOn(otherDatabase, otherServices.ingestion, 50).execute(runId, true);
    const requestsInFlight = await slowPageInFlight();

    // Cancelled as cancelRun does it, minus the notification: what a dropped LISTEN connection would miss.
    await services.database.query("update sync_runs set status = 'cancelled', finished_at = now(), last_error = 'cancelled' where id = $1", [runId]);
    const verdict = await executing;
    shop.faults.set({ slowMs: 0 });

    expect(verdict).toEqual({ status: 'cancelled' });
    expect(shop.requests.length).toBe(requestsInFlight);
    expect(await storedCount('shop-unheard')).toBe(0);
  });
});

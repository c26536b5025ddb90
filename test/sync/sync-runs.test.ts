import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../connectors/shopify/emulator';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/platform/logger';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';
import { createServices, type HubServices } from '../../src/app/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

let testDb: TestDatabase;
let services: HubServices;
let shop: Awaited<ReturnType<typeof startEmulator>>;

beforeAll(async () => {
  testDb = await createTestDatabase('sync_runs');
  const config = loadConfig({ DATABASE_URL: testDb.url, HUB_SECRET_KEY: 'cd'.repeat(32), LOG_LEVEL: 'silent', HUB_CONNECTOR_ALLOW_PRIVATE: 'true' });
  const logger = createLogger('silent');
  services = createServices(config, testDb.database, logger, new InProcessQueue(logger, 5));
  await services.queue.startWorker(services.syncJobs.handlers());
  shop = await startEmulator({ customers: 120 });
});
afterAll(async () => {
  await services?.queue.close();
  await shop?.stop();
  await testDb?.drop();
});

async function syncAndWait(connectionId: string, fullRefresh = false) {
  const { runId } = await services.syncJobs.trigger(connectionId, { fullRefresh, trigger: 'manual' });
  await services.queue.drain();
  const [run] = await services.database.query<{ status: string; stream_stats: Record<string, { read: number; created: number; updated: number; unchanged: number; rejected: number }>; last_error: string | null }>(
    'select status, stream_stats, last_error from sync_runs where id = $1',
    [runId],
  );
  return run;
}

const storedCount = async (source: string) =>
  Number((await services.database.query<{ n: string }>('select count(*) as n from source_records where source = $1', [source]))[0].n);

describe('sync runs', () => {
  it('syncs every customer and order once, stores secrets sealed, and reads only changes the next time', async () => {
    const connection = await services.connections.create({ name: 'shop', connector: 'shopify', config: { ...shop.config, pageSize: 25 } });
    const [stored] = await services.database.query<{ config: Record<string, unknown> }>('select config from connections where id = $1', [connection.id]);
    expect(String(stored.config.accessToken)).toMatch(/^v1:/);
    expect(JSON.stringify(stored.config)).not.toContain(String(shop.config.accessToken));

    const first = await syncAndWait(connection.id);
    expect(first.status).toBe('succeeded');
    const { customers, orders } = first.stream_stats;
    expect(customers.read).toBe(120);
    expect(customers.created + customers.rejected).toBe(120);
    expect(await storedCount('shop')).toBe(customers.created + orders.created);

    const second = await syncAndWait(connection.id);
    expect(second.status).toBe('succeeded');
    expect(second.stream_stats.customers.created + second.stream_stats.customers.updated).toBe(0);

    shop.touch('p000003', new Date('2026-11-20T00:00:00Z'));
    const third = await syncAndWait(connection.id);
    expect(third.stream_stats.customers.read).toBeGreaterThanOrEqual(1);
    expect(third.stream_stats.customers.read).toBeLessThan(10);
    expect(await storedCount('shop')).toBe(customers.created + orders.created);
  });

  it('retries through server errors and loses nothing', async () => {
    const connection = await services.connections.create({ name: 'shop-flaky', connector: 'shopify', config: { ...shop.config, pageSize: 25 } });
    shop.faults.set({ serverError: 3 });
    const run = await syncAndWait(connection.id);
    expect(run.status).toBe('succeeded');
    expect(await storedCount('shop-flaky')).toBe(await storedCount('shop'));
  });

  it('marks the connection needs_attention with the reason when credentials are wrong', async () => {
    const connection = await services.connections.create({ name: 'shop-bad-key', connector: 'shopify', config: { ...shop.config, accessToken: 'shpat_wrong' } });
    expect(await services.connections.test(connection.id)).toMatchObject({ ok: false });
    const run = await syncAndWait(connection.id);
    expect(run.status).toBe('failed');
    const [state] = await services.database.query<{ status: string; status_reason: string }>('select status, status_reason from connections where id = $1', [connection.id]);
    expect(state.status).toBe('needs_attention');
    expect(state.status_reason).toMatch(/401|Invalid API key/i);
  });

  it('runs one sync at a time per connection', async () => {
    const connection = await services.connections.get('shop');
    const [a, b] = await Promise.all([
      services.sync.enqueue(connection!.id, { fullRefresh: false, trigger: 'manual' }),
      services.sync.enqueue(connection!.id, { fullRefresh: false, trigger: 'manual' }),
    ]);
    expect(a.runId).toBe(b.runId);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    await services.queue.enqueue('sync', { runId: a.runId }, { jobId: `sync-${a.runId}` });
    await services.queue.drain();
  });

  it('cancels a running sync, keeps what it stored, and the next run goes on from there', async () => {
    const connection = await services.connections.create({ name: 'shop-cancelled', connector: 'shopify', config: { ...shop.config, pageSize: 10 } });
    shop.faults.set({ slowMs: 30 });
    const { runId } = await services.syncJobs.trigger(connection.id, { fullRefresh: false, trigger: 'manual' });
    for (let polls = 0; (await storedCount('shop-cancelled')) < 20; polls++) {
      if (polls > 500) throw new Error('the sync made no progress');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await services.sync.cancel(runId);
    await services.queue.drain();
    shop.faults.set({ slowMs: 0 });
    const [cancelled] = await services.database.query<{ status: string; stream_stats: Record<string, { read: number }> }>('select status, stream_stats from sync_runs where id = $1', [runId]);
    expect(cancelled.status).toBe('cancelled');
    const storedAtCancel = await storedCount('shop-cancelled');
    expect(storedAtCancel).toBeLessThan(await storedCount('shop'));
    await expect(services.sync.cancel(runId)).rejects.toThrow(/already been cancelled/);

    const next = await syncAndWait(connection.id);
    expect(next.status).toBe('succeeded');
    expect(next.stream_stats.customers.read).toBeLessThan(120);
    expect(await storedCount('shop-cancelled')).toBe(await storedCount('shop'));
    const [{ n: duplicates }] = await services.database.query<{ n: number }>(
      "select count(*)::int as n from (select external_id from source_records where source = 'shop-cancelled' group by external_id having count(*) > 1) d",
    );
    expect(duplicates).toBe(0);
  });

  it('cancels a queued run before it starts', async () => {
    const connection = await services.connections.get('shop');
    const { runId } = await services.sync.enqueue(connection!.id, { fullRefresh: false, trigger: 'manual' });
    await services.sync.cancel(runId);
    await services.queue.enqueue('sync', { runId }, { jobId: `sync-${runId}` });
    await services.queue.drain();
    const [run] = await services.database.query<{ status: string; started_at: Date | null }>('select status, started_at from sync_runs where id = $1', [runId]);
    expect(run).toEqual({ status: 'cancelled', started_at: null });
    await expect(services.sync.cancel('run_unknown')).rejects.toThrow(/No sync run/);
  });

  it('never executes one run in two places at once: the second is told the run is busy', async () => {
    const connection = await services.connections.create({ name: 'shop-contended', connector: 'shopify', config: { ...shop.config, pageSize: 20 } });
    const { runId } = await services.sync.enqueue(connection.id, { fullRefresh: false, trigger: 'manual' });
    shop.faults.set({ slowMs: 20 });
    const [first, second] = await Promise.all([services.sync.execute(runId, true), new Promise((resolve) => setTimeout(resolve, 100)).then(() => services.sync.execute(runId, true))]);
    shop.faults.set({ slowMs: 0 });
    expect(first.status).toBe('succeeded');
    expect(second).toEqual({ status: 'busy' });
    expect(await storedCount('shop-contended')).toBe(await storedCount('shop'));
  });
});

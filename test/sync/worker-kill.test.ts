import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../connectors/shopify/emulator';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/platform/logger';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';
import { createServices, type HubServices } from '../../src/app/services';
import { startHubProcess } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let testDb: TestDatabase;
let shop: Awaited<ReturnType<typeof startEmulator>>;
let env: Record<string, string>;
let services: HubServices;

beforeAll(async () => {
  testDb = await createTestDatabase('worker_kill');
  shop = await startEmulator({ customers: 300 });
  // Throttling is tested with the connector; here it would only make the sync slow.
  shop.bucket.configure({ maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
  env = { DATABASE_URL: testDb.url, REDIS_URL, HUB_QUEUE_PREFIX: `kill-${randomBytes(4).toString('hex')}`, HUB_SECRET_KEY: 'ef'.repeat(32), HUB_JOB_LOCK_MS: '1500', HUB_CONNECTOR_ALLOW_PRIVATE: 'true' };
  services = createServices(loadConfig({ ...env, LOG_LEVEL: 'silent' }), testDb.database, createLogger('silent'));
});
afterAll(async () => {
  await services?.queue.close();
  await shop?.stop();
  await testDb?.drop();
});

const runOf = async (runId: string) =>
  (await testDb.database.query<{ status: string; read: number }>(
    "select status, coalesce((select sum((value->>'read')::int) from jsonb_each(stream_stats)), 0)::int as read from sync_runs where id = $1",
    [runId],
  ))[0];

/** What a source holds: every record's external id and content, every event's key. */
async function snapshot(source: string) {
  const records = await testDb.database.query<{ external_id: string; content_hash: string }>('select external_id, content_hash from source_records where source = $1 order by external_id', [source]);
  const events = await testDb.database.query<{ key: string }>(
    "select s.external_id || '/' || e.event_key as key from events e join source_records s on s.id = e.source_record_id where s.source = $1 order by 1",
    [source],
  );
  return { records, events: events.map((event) => event.key) };
}

describe('a worker killed with SIGKILL in the middle of a sync', () => {
  it('is taken over by a new worker and the store ends equal to a clean run, nothing lost or duplicated', async () => {
    const connection = await services.connections.create({ name: 'killed', connector: 'shopify', config: { ...shop.config, pageSize: 20 } });
    shop.faults.set({ slowMs: 40 });
    const first = await startHubProcess(['worker'], env, /worker ready/);
    const { runId } = await services.syncJobs.trigger(connection.id, { fullRefresh: false, trigger: 'manual' });

    // Kill it once some pages are committed, well before the end.
    for (let waited = 0; (await runOf(runId)).read < 100; waited += 50) {
      if (waited > 30_000) throw new Error('the first worker made no progress');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = await runOf(runId);
    expect(atKill.status).toBe('running');

    shop.faults.set({ slowMs: 0 });
    const second = await startHubProcess(['worker'], env, /worker ready/);
    try {
      for (let waited = 0; (await runOf(runId)).status === 'running'; waited += 100) {
        if (waited > 60_000) throw new Error('the second worker did not finish the run');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    expect((await runOf(runId)).status).toBe('succeeded');

    // The same platform, synced cleanly in one go under another name.
    const clean = createServices(loadConfig({ ...env, REDIS_URL: '', LOG_LEVEL: 'silent' }), testDb.database, createLogger('silent'), new InProcessQueue(createLogger('silent'), 5));
    const cleanConnection = await clean.connections.create({ name: 'clean', connector: 'shopify', config: { ...shop.config, pageSize: 20 } });
    await clean.queue.startWorker(clean.syncJobs.handlers());
    const { runId: cleanRunId } = await clean.syncJobs.trigger(cleanConnection.id, { fullRefresh: false, trigger: 'manual' });
    await clean.queue.drain();
    await clean.queue.close();

    const killed = await snapshot('killed');
    const reference = await snapshot('clean');
    expect(killed.records.length).toBeGreaterThan(300);
    expect(killed).toEqual(reference);
    // The run's counts carry over the crash: what the first worker committed plus what the second read.
    expect((await runOf(runId)).read).toBe((await runOf(cleanRunId)).read);
  }, 120_000);
});

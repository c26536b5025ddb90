import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { startDemo } from '../../src/app/demo-platforms';
import { createLogger } from '../../src/platform/logger';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';
import { createServices, type HubServices } from '../../src/app/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** The import root: each test's demo writes its POS exports into a folder of its own under it. */
const importRoot = mkdtempSync(path.join(tmpdir(), 'demo-imports-'));
const demoFolder = () => mkdtempSync(path.join(importRoot, 'demo-'));
let testDb: TestDatabase;
let services: HubServices;

beforeAll(async () => {
  testDb = await createTestDatabase('demo_platforms');
  const logger = createLogger('silent');
  services = createServices(loadConfig({ DATABASE_URL: testDb.url, HUB_SECRET_KEY: 'cd'.repeat(32), LOG_LEVEL: 'silent', HUB_IMPORT_ROOT: importRoot }), testDb.database, logger, new InProcessQueue(logger, 5));
  await services.queue.startWorker(services.syncJobs.handlers());
});
afterAll(async () => {
  await services?.queue.close();
  await testDb?.drop();
});

describe('the demo', () => {
  it('leaves a store that already holds data alone', async () => {
    await services.ingestion.ingest('crm', [{ external_id: 'c1', email: 'ann@example.com' }]);
    expect(await startDemo(services, demoFolder())).toBeUndefined();
    expect(await services.connections.list()).toEqual([]);
  });

  it('does not come back once its connections were deleted', async () => {
    await testDb.database.query('truncate source_records, profiles, identities, traits, events, merge_decisions cascade');
    const dataDir = demoFolder();
    const demo = await startDemo(services, dataDir);
    expect(demo?.created).toBe(true);
    await demo!.stop();
    for (const connection of await services.connections.list()) await services.connections.remove(connection.id);
    expect(await startDemo(services, dataDir)).toBeUndefined();
  }, 60_000);

  it('answers a segment of recent buyers with the count a direct query gives, and shows computed traits and portrait tags', async () => {
    await testDb.database.query('truncate source_records, profiles, identities, traits, events, merge_decisions, computed_traits, sync_runs, connections cascade');
    const demo = await startDemo(services, demoFolder());
    await demo!.stop();
    const segment = await services.segmentPreview.prepare({ all: [{ event: { type: 'order', withinDays: 365, count: { gte: 1 } } }] });
    const [{ count }] = await testDb.database.query<{ count: number }>(
      `select count(distinct p.id)::int as count from profiles p join events e on e.profile_id = p.id
        where p.merged_into_id is null and e.type = 'order' and e.occurred_at >= now() - interval '365 days'`,
    );
    expect(count).toBeGreaterThan(0);
    expect(await services.segmentPreview.count(segment)).toBe(count);

    const [{ buyers, tagged }] = await testDb.database.query<{ buyers: number; tagged: number }>(
      `select count(*) filter (where key = 'order_count')::int as buyers, count(*) filter (where key = 'portrait_tags')::int as tagged from computed_traits`,
    );
    const [{ orderers }] = await testDb.database.query<{ orderers: number }>(
      `select count(distinct e.profile_id)::int as orderers from events e join profiles p on p.id = e.profile_id where p.merged_into_id is null and e.type = 'order'`,
    );
    expect(buyers).toBe(orderers);
    expect(tagged).toBeGreaterThanOrEqual(buyers);
  }, 60_000);
});

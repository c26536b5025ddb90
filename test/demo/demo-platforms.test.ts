import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { startDemo } from '../../src/modules/demo/demo-platforms';
import { createLogger } from '../../src/platform/logger';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';
import { createServices, type HubServices } from '../../src/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

let testDb: TestDatabase;
let services: HubServices;

beforeAll(async () => {
  testDb = await createTestDatabase('demo_platforms');
  const logger = createLogger('silent');
  services = createServices(loadConfig({ DATABASE_URL: testDb.url, HUB_SECRET_KEY: 'cd'.repeat(32), LOG_LEVEL: 'silent' }), testDb.database, logger, new InProcessQueue(logger, 5));
  await services.queue.startWorker(services.syncJobs.handlers());
});
afterAll(async () => {
  await services?.queue.close();
  await testDb?.drop();
});

describe('the demo', () => {
  it('leaves a store that already holds data alone', async () => {
    await services.ingestion.ingest('crm', [{ external_id: 'c1', email: 'ann@example.com' }]);
    expect(await startDemo(services, mkdtempSync(path.join(tmpdir(), 'demo-')))).toBeUndefined();
    expect(await services.connections.list()).toEqual([]);
  });

  it('does not come back once its connections were deleted', async () => {
    await testDb.database.query('truncate source_records, profiles, identities, traits, events, merge_decisions cascade');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'demo-'));
    const demo = await startDemo(services, dataDir);
    expect(demo?.created).toBe(true);
    await demo!.stop();
    for (const connection of await services.connections.list()) await services.connections.remove(connection.id);
    expect(await startDemo(services, dataDir)).toBeUndefined();
  }, 60_000);
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posMembers } from '../../connectors/pos-file/emulator';
import { startDemo } from '../../src/app/demo-platforms';
import { createServices, type HubServices } from '../../src/app/services';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/platform/logger';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';
import { createTestDatabase, type TestDatabase } from '../support/database';

const importRoot = mkdtempSync(path.join(tmpdir(), 'demo-points-'));
let testDb: TestDatabase;
let services: HubServices;

beforeAll(async () => {
  testDb = await createTestDatabase('demo_points');
  const logger = createLogger('silent');
  services = createServices(loadConfig({ DATABASE_URL: testDb.url, HUB_SECRET_KEY: 'cd'.repeat(32), LOG_LEVEL: 'silent', HUB_IMPORT_ROOT: importRoot }), testDb.database, logger, new InProcessQueue(logger, 5));
  await services.queue.startWorker(services.syncJobs.handlers());
  const demo = await startDemo(services, mkdtempSync(path.join(importRoot, 'demo-')));
  await demo!.stop();
});
afterAll(async () => {
  await services?.queue.close();
  await testDb?.drop();
});

const count = async (value: unknown) => services.segmentPreview.count(await services.segmentPreview.prepare({ trait: { key: 'points', op: 'GTE', value } }));

describe('points on the demo store', () => {
  it('match the members whose POS points are 10,000 or more, whether the bound is "10000" or 10000', async () => {
    // What the demo's POS exports say, read from its member list rather than from the store: each member is a person
    // of the demo's pool, whose profile holds the points of the exports (text comparison matched "134" >= "10000").
    const profiles = posMembers(300).filter((member) => member.points >= 10_000).length;
    expect(profiles).toBeGreaterThan(20);
    expect(await count('10000')).toBe(profiles);
    expect(await count(10000)).toBe(profiles);
    const definitions = await services.segmentPreview.traitDefinitions();
    expect(definitions.find((definition) => definition.key === 'points')).toMatchObject({ type: 'number', origin: 'connector', connectors: ['pos-file'] });
    expect(definitions.find((definition) => definition.key === 'member_card')).toMatchObject({ type: 'text' });
  });
});

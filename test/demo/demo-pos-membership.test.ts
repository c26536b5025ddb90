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

const importRoot = mkdtempSync(path.join(tmpdir(), 'demo-pos-membership-'));
let testDb: TestDatabase;
let services: HubServices;

beforeAll(async () => {
  testDb = await createTestDatabase('demo_pos_membership');
  const logger = createLogger('silent');
  services = createServices(loadConfig({ DATABASE_URL: testDb.url, HUB_SECRET_KEY: 'ef'.repeat(32), LOG_LEVEL: 'silent', HUB_IMPORT_ROOT: importRoot }), testDb.database, logger, new InProcessQueue(logger, 5));
  await services.queue.startWorker(services.syncJobs.handlers());
});
afterAll(async () => {
  await services?.queue.close();
  await testDb?.drop();
});

describe('the demo POS export', () => {
  it('gives profiles the tier and points the POS export states, not bronze with 0 points', async () => {
    const demo = await startDemo(services, mkdtempSync(path.join(importRoot, 'demo-')));
    await demo!.stop();
    // The demo's POS knows the members of its 300-person pool; each card's level and points are in its exports.
    const byCard = new Map(posMembers(300).filter((member) => member.card).map((member) => [member.card, member]));
    const rows = await testDb.database.query<{ card: string; tier: string | null; points: number | null }>(
      `select t.value_text as card,
              (select c.value #>> '{}' from computed_traits c where c.profile_id = p.id and c.key = 'membership_tier') as tier,
              (select (c.value #>> '{}')::int from computed_traits c where c.profile_id = p.id and c.key = 'membership_points') as points
         from profiles p join traits t on t.profile_id = p.id and t.key = 'member_card'
        where p.merged_into_id is null`,
    );
    const members = rows.filter((row) => byCard.has(row.card));
    expect(members.length).toBeGreaterThan(100);
    for (const row of members) expect({ card: row.card, tier: row.tier, points: row.points }).toEqual({ card: row.card, tier: byCard.get(row.card)!.level, points: byCard.get(row.card)!.points });
    expect(new Set(members.map((row) => row.tier))).toEqual(new Set(['普通会员', '银卡会员', '金卡会员', '钻石会员']));
  }, 120_000);
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createServices, type HubServices } from '../../src/app/services';
import { createLogger } from '../../src/platform/logger';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Issue 20, item 5: a POS file with one NUL byte failed its connection on every sync for good, the good rows
 * never stored, the connection still `active`. Now the row is a rejection and the run goes on.
 */
let testDb: TestDatabase;
let services: HubServices;
const folders = mkdtempSync(path.join(tmpdir(), 'hub-bad-row-'));

beforeAll(async () => {
  testDb = await createTestDatabase('bad_row_sync');
  const logger = createLogger('silent');
  const config = loadConfig({ DATABASE_URL: testDb.url, HUB_SECRET_KEY: 'ef'.repeat(32), LOG_LEVEL: 'silent', HUB_CONNECTOR_ALLOW_PRIVATE: 'true', HUB_IMPORT_ROOT: folders });
  services = createServices(config, testDb.database, logger, new InProcessQueue(logger, 5));
  await services.queue.startWorker(services.syncJobs.handlers());
}, 60_000);
afterAll(async () => {
  await services?.queue.close();
  await testDb?.drop();
  rmSync(folders, { recursive: true, force: true });
});

async function syncAndWait(connectionId: string) {
  const { runId } = await services.syncJobs.trigger(connectionId, { fullRefresh: false, trigger: 'manual' });
  await services.queue.drain();
  const [run] = await testDb.database.query<{ status: string; last_error: string | null; stream_stats: Record<string, { read: number; created: number; rejected: number }> }>(
    'select status, last_error, stream_stats from sync_runs where id = $1',
    [runId],
  );
  return { runId, ...run };
}

describe('a POS export with a NUL byte in one row', () => {
  it('stores the good rows, rejects the bad one, and the run succeeds, again on the next sync', async () => {
    const folder = path.join(folders, 'till');
    mkdirSync(folder);
    const rows = ['会员卡号,手机号,姓名', 'M001,13800138001,王芳', 'M002,13800138002,李\u0000强', 'M003,13800138003,张伟'];
    writeFileSync(path.join(folder, 'members.csv'), `${rows.join('\n')}\n`, 'utf8');
    const connection = await services.connections.create({ name: 'till', connector: 'pos-file', config: { folder, encoding: 'utf-8' } });

    const first = await syncAndWait(connection.id);
    expect(first).toMatchObject({ status: 'succeeded', last_error: null });
    expect(first.stream_stats.members).toMatchObject({ read: 3, created: 2, rejected: 1 });
    const stored = await testDb.database.query<{ external_id: string }>("select external_id from source_records where source = 'till' order by external_id");
    expect(stored.map((row) => row.external_id)).toHaveLength(2);
    const rejections = await testDb.database.query<{ reason: string; raw: unknown }>('select reason, raw from sync_rejections where run_id = $1', [first.runId]);
    expect(rejections).toHaveLength(1);
    expect(rejections[0].reason).toMatch(/contains a NUL character \(U\+0000\)$/);
    // The row is kept for the operator to see, the NUL made storable.
    expect(JSON.stringify(rejections[0].raw)).toContain('李\ufffd强');

    const second = await syncAndWait(connection.id);
    expect(second).toMatchObject({ status: 'succeeded', last_error: null });
    const [state] = await testDb.database.query<{ status: string }>('select status from connections where id = $1', [connection.id]);
    expect(state.status).not.toBe('needs_attention');
  });
});

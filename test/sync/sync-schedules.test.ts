import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../connectors/shopify/emulator';
import { loadConfig } from '../../src/config';
import { SCHEDULED_SYNC_JOB } from '../../src/modules/sync';
import { createLogger } from '../../src/platform/logger';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';
import { createServices, type HubServices } from '../../src/app/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

let testDb: TestDatabase;
let services: HubServices;
let shop: Awaited<ReturnType<typeof startEmulator>>;

beforeAll(async () => {
  testDb = await createTestDatabase('sync_schedules');
  const logger = createLogger('silent');
  services = createServices(loadConfig({ DATABASE_URL: testDb.url, HUB_SECRET_KEY: 'cd'.repeat(32), LOG_LEVEL: 'silent', HUB_CONNECTOR_ALLOW_PRIVATE: 'true' }), testDb.database, logger, new InProcessQueue(logger, 5));
  shop = await startEmulator({ customers: 20 });
});
afterAll(async () => {
  await services?.queue.close();
  await shop?.stop();
  await testDb?.drop();
});

const scheduleOf = async (connectionId: string) => (await services.queue.schedules()).get(`sync-schedule-${connectionId}`);
const runsOf = (connectionId: string) => services.database.query<{ trigger: string; status: string }>('select trigger, status from sync_runs where connection_id = $1 order by queued_at', [connectionId]);

describe('connection schedules', () => {
  it('follows the connection: set on create, changed on update, dropped on pause and delete, back on resume', async () => {
    const connection = await services.connections.create({ name: 'scheduled', connector: 'shopify', config: shop.config, schedule: 'every 15m' });
    expect(await scheduleOf(connection.id)).toEqual({ everyMs: 900_000 });
    await services.connections.update(connection.id, { schedule: '0 3 * * *' });
    expect(await scheduleOf(connection.id)).toEqual({ cron: '0 3 * * *' });
    await services.connections.update(connection.id, { enabled: false });
    expect(await scheduleOf(connection.id)).toBeUndefined();
    await services.connections.update(connection.id, { enabled: true });
    expect(await scheduleOf(connection.id)).toEqual({ cron: '0 3 * * *' });
    await services.connections.update(connection.id, { schedule: null });
    expect(await scheduleOf(connection.id)).toBeUndefined();
    await services.connections.update(connection.id, { schedule: 'every 1h' });
    await services.connections.remove(connection.id);
    expect(await scheduleOf(connection.id)).toBeUndefined();
  });

  it('creates a connection asked to be disabled as paused, with no schedule', async () => {
    const connection = await services.connections.create({ name: 'born-paused', connector: 'shopify', config: shop.config, schedule: 'every 1h', enabled: false });
    expect(connection).toMatchObject({ enabled: false, status: 'paused' });
    expect(await scheduleOf(connection.id)).toBeUndefined();
    await services.connections.remove(connection.id);
  });

  it('puts back what a restart lost and removes what no connection asks for', async () => {
    const kept = await services.connections.create({ name: 'kept', connector: 'shopify', config: shop.config, schedule: 'every 30m' });
    await services.queue.removeSchedule(`sync-schedule-${kept.id}`);
    await services.queue.upsertSchedule('sync-schedule-conn_gone', { everyMs: 60_000 }, { name: SCHEDULED_SYNC_JOB, data: { connectionId: 'conn_gone' } });
    expect(await services.syncSchedules.reconcile()).toEqual({ scheduled: 1, removed: 1, refused: 0 });
    expect([...(await services.queue.schedules()).keys()]).toEqual([`sync-schedule-${kept.id}`]);
    await services.connections.remove(kept.id);
  });

  it('refuses a six-field cron at save, naming the rule, and keeps the connection unscheduled', async () => {
    await expect(services.connections.create({ name: 'every-second', connector: 'shopify', config: shop.config, schedule: '* * * * * *' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/has a seconds field/),
    });
    const connection = await services.connections.create({ name: 'every-minute', connector: 'shopify', config: shop.config, schedule: '* * * * *' });
    await expect(services.connections.update(connection.id, { schedule: '*/2 * * * * *' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await scheduleOf(connection.id)).toEqual({ cron: '* * * * *' });
    await services.connections.remove(connection.id);
  });

  it('does not schedule a sub-minute cron saved before the rule, and marks its connection needs_attention', async () => {
    const connection = await services.connections.create({ name: 'saved-earlier', connector: 'shopify', config: shop.config, schedule: 'every 1h' });
    // As an older hub stored it, before six-field crons were refused.
    await testDb.database.query("update connections set schedule = '* * * * * *' where id = $1", [connection.id]);
    expect(await services.syncSchedules.reconcile()).toMatchObject({ refused: 1 });
    expect(await scheduleOf(connection.id)).toBeUndefined();
    const [row] = await testDb.database.query<{ status: string; status_reason: string }>('select status, status_reason from connections where id = $1', [connection.id]);
    expect(row).toMatchObject({ status: 'needs_attention', status_reason: expect.stringMatching(/seconds field/) });
    await services.connections.remove(connection.id);
  });

  it('queues a run on a tick, like a manual trigger, and skips a paused or deleted connection', async () => {
    const connection = await services.connections.create({ name: 'ticking', connector: 'shopify', config: shop.config, schedule: 'every 1h' });
    await services.queue.startWorker(services.syncJobs.handlers());
    const tick = services.syncJobs.handlers()[SCHEDULED_SYNC_JOB];
    await tick({ connectionId: connection.id }, { attempt: 1, finalAttempt: true });
    await services.queue.drain();
    expect(await runsOf(connection.id)).toEqual([{ trigger: 'schedule', status: 'succeeded' }]);

    await services.connections.update(connection.id, { enabled: false });
    await tick({ connectionId: connection.id }, { attempt: 1, finalAttempt: true });
    await tick({ connectionId: 'conn_deleted' }, { attempt: 1, finalAttempt: true });
    await services.queue.drain();
    expect(await runsOf(connection.id)).toHaveLength(1);
  });
});

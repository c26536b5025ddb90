import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../connectors/shopify/emulator';
import { createServices, type HubServices } from '../../src/app/services';
import { loadConfig } from '../../src/config';
import { HubError } from '../../src/errors/hub-error';
import { createLogger } from '../../src/platform/logger';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';
import { startHubProcess } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * What leaves the sync module when a platform fails a run: a HubError `UPSTREAM` (the code GraphQL and the
 * CLI know) carrying the connector's message and code, never a ConnectorError. No GraphQL operation or CLI
 * command receives a failed run's error as an exception (they read the run's status and last error); what
 * does is the queue running the sync job, whose failed attempts `hub worker` and `hub start` log.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const HUB_SECRET_KEY = '7a'.repeat(32);
let testDb: TestDatabase;
let services: HubServices;
let shop: Awaited<ReturnType<typeof startEmulator>>;
const folders = mkdtempSync(path.join(tmpdir(), 'hub-upstream-'));

beforeAll(async () => {
  testDb = await createTestDatabase('sync_upstream_errors');
  const logger = createLogger('silent');
  services = createServices(loadConfig({ HUB_SECRET_KEY, LOG_LEVEL: 'silent', HUB_CONNECTOR_ALLOW_PRIVATE: 'true', HUB_IMPORT_ROOT: folders }), testDb.database, logger, new InProcessQueue(logger, 5));
  shop = await startEmulator({ customers: 10 });
});
afterAll(async () => {
  await services?.queue.close();
  await shop?.stop();
  await testDb?.drop();
  rmSync(folders, { recursive: true, force: true });
});

/** A pos-file connection whose folder is a symlink loop: readdir fails with ELOOP, a failure the connector deems passing (retryable). */
async function loopingPosConnection(name: string) {
  const folder = path.join(folders, name);
  symlinkSync(folder, folder);
  return services.connections.create({ name, connector: 'pos-file', config: { folder } });
}

describe('a platform failing a sync run', () => {
  it('fails the run with UPSTREAM naming the platform answer and the connector code, never the credentials', async () => {
    const connection = await services.connections.create({ name: 'shop-revoked', connector: 'shopify', config: { ...shop.config, accessToken: 'shpat_revoked_token' } });
    const { runId } = await services.sync.enqueue(connection.id, { fullRefresh: false, trigger: 'manual' });

    const verdict = await services.sync.execute(runId, false);

    expect(verdict.status).toBe('failed');
    const error = (verdict as { error: Error }).error;
    expect(error).toBeInstanceOf(HubError);
    expect(error).toMatchObject({ code: 'UPSTREAM', details: { connectorCode: 'AUTH_FAILED', retryable: false, status: 401 } });
    expect(error.message).toMatch(/^Shopify refused the access token \(401/);
    expect(error.message).not.toContain('shpat_revoked_token');
  });

  it('hands the queue an UPSTREAM error for an attempt it will retry', async () => {
    const connection = await loopingPosConnection('pos-looping');
    const { runId } = await services.sync.enqueue(connection.id, { fullRefresh: false, trigger: 'manual' });

    const attempt = services.syncJobs.handlers().sync({ runId }, { attempt: 1, finalAttempt: false });

    const error = await attempt.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HubError);
    expect(error).toMatchObject({ code: 'UPSTREAM', details: { connectorCode: 'UPSTREAM_UNAVAILABLE', retryable: true } });
    expect((error as Error).message).toMatch(/^could not read .*pos-looping: ELOOP/);
    const [run] = await services.database.query<{ status: string }>('select status from sync_runs where id = $1', [runId]);
    expect(run.status).toBe('running');
  });

  it('is logged by `hub worker` as UPSTREAM with the connector code', async () => {
    const env = { DATABASE_URL: testDb.url, REDIS_URL, HUB_QUEUE_PREFIX: `upstream-${randomBytes(4).toString('hex')}`, HUB_SECRET_KEY, HUB_CONNECTOR_ALLOW_PRIVATE: 'true', HUB_IMPORT_ROOT: folders };
    const onRedis = createServices(loadConfig({ ...env, LOG_LEVEL: 'silent' }), testDb.database, createLogger('silent'));
    const connection = await loopingPosConnection('pos-looping-worker');
    const worker = await startHubProcess(['worker'], env, /worker ready/);
    let failedAttempt: string | undefined;
    try {
      await onRedis.syncJobs.trigger(connection.id, { fullRefresh: false, trigger: 'manual' });
      for (let polls = 0; !(failedAttempt = worker.errors().split('\n').find((line) => line.includes('job attempt failed'))); polls++) {
        if (polls > 600) throw new Error(`no failed attempt logged:\n${worker.errors()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
      await onRedis.queue.close();
      const redis = new IORedis(REDIS_URL);
      const keys = await redis.keys(`${env.HUB_QUEUE_PREFIX}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
    expect(JSON.parse(failedAttempt).err).toMatchObject({ type: 'HubError', code: 'UPSTREAM', details: { connectorCode: 'UPSTREAM_UNAVAILABLE', retryable: true } });
  }, 60_000);
});

import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReadiness } from '../../src/app/readiness';
import { createLogger } from '../../src/platform/logger';
import { BullMqQueue } from '../../src/platform/queue/bullmq-queue';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** What /ready asks: the real database and the real Redis, and a Redis that is not there, bounded in time. */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger('silent');
let testDb: TestDatabase;
let closedPort: number;

beforeAll(async () => {
  testDb = await createTestDatabase('readiness');
  closedPort = await new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
});
afterAll(async () => {
  await testDb?.drop();
});

describe('readiness', () => {
  it('is ready when the database and the queue answer (in-process and on Redis)', async () => {
    expect(await checkReadiness({ database: testDb.database, queue: new InProcessQueue(logger) })).toEqual({ ready: true, checks: { database: { status: 'ok' }, queue: { status: 'ok' } } });
    const redis = new BullMqQueue(REDIS_URL, logger, { prefix: `readiness-${process.pid}` });
    try {
      expect(await checkReadiness({ database: testDb.database, queue: redis })).toMatchObject({ ready: true });
    } finally {
      await redis.close();
    }
  });

  it('names the queue as down, within its time bound, when Redis does not answer', async () => {
    const absent = new BullMqQueue(`redis://127.0.0.1:${closedPort}`, logger, { prefix: 'readiness-absent' });
    const readiness = await checkReadiness({ database: testDb.database, queue: absent }, 500);
    expect(readiness).toEqual({ ready: false, checks: { database: { status: 'ok' }, queue: { status: 'down', reason: 'no answer within 500 ms' } } });
    void absent.close().catch(() => undefined);
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/platform/logger';
import { createServices, type HubServices } from '../../src/app/services';
import { startHubProcess } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { WebhookReceiver } from '../support/webhook-receiver';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PROFILES = 60;
let testDb: TestDatabase;
let services: HubServices;
let receiver: WebhookReceiver;
let env: Record<string, string>;

beforeAll(async () => {
  testDb = await createTestDatabase('webhook_kill');
  env = {
    DATABASE_URL: testDb.url,
    REDIS_URL,
    HUB_QUEUE_PREFIX: `whkill-${randomBytes(4).toString('hex')}`,
    HUB_SECRET_KEY: 'cd'.repeat(32),
    HUB_WEBHOOK_ALLOW_PRIVATE: 'true',
    // A lease of 2 × 1 s + 1 s: the killed worker's deliveries are taken over 3 s after it claimed them.
    HUB_WEBHOOK_TIMEOUT_MS: '1000',
    HUB_WEBHOOK_POLL_MS: '200',
    HUB_WEBHOOK_CONCURRENCY: '8',
  };
  services = createServices(loadConfig({ ...env, LOG_LEVEL: 'silent' }), testDb.database, createLogger('silent'));
  // Slow enough that attempts are in flight when the worker dies.
  receiver = await WebhookReceiver.start([], { delayMs: 150 });
});
afterAll(async () => {
  await services?.queue.close();
  await receiver?.close();
  await testDb?.drop();
});

const countByStatus = async () =>
  Object.fromEntries((await testDb.database.query<{ status: string; count: number }>('select status, count(*)::int as count from webhook_deliveries group by status')).map((row) => [row.status, row.count]));

describe('a webhook dispatcher killed with SIGKILL mid-delivery', () => {
  it('loses nothing: another worker takes its leased deliveries over and every event arrives once or as a retry of the same webhook-id, in order', async () => {
    const { secret } = await services.webhooks.subscriptions.create({ url: receiver.url, events: ['profile.created', 'profile.updated'] });
    receiver.useSecrets([secret]);
    for (const round of [1, 2]) {
      const records = Array.from({ length: PROFILES }, (_, index) => ({ external_id: `k${index}`, email: `k${index}@kill.example.com`, traits: { round } }));
      await services.ingestion.ingest('shop', records);
    }
    expect(await countByStatus()).toEqual({ pending: PROFILES * 2 });

    const first = await startHubProcess(['worker'], env, /worker ready/);
    await receiver.waitFor(() => receiver.accepted.length >= 10, 30_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = await countByStatus();
    expect(atKill.delivering).toBeGreaterThan(0);
    expect(atKill.pending).toBeGreaterThan(0);

    const second = await startHubProcess(['worker'], env, /worker ready/);
    try {
      for (let waited = 0; (await countByStatus()).delivered !== PROFILES * 2; waited += 100) {
        if (waited > 60_000) throw new Error(`the second worker did not deliver everything: ${JSON.stringify(await countByStatus())}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }

    const events = await testDb.database.query<{ id: string }>('select id from webhook_events');
    expect(new Set(receiver.distinctIds())).toEqual(new Set(events.map((event) => event.id)));
    expect(receiver.badSignatures).toBe(0);
    // The attempts in flight at the kill reached the receiver, unanswered: they were sent again, as the same messages.
    expect(receiver.accepted.length).toBeGreaterThan(receiver.firstArrivals().length);
    for (const [profileId, seen] of receiver.sequencesByProfile()) expect(seen, profileId).toEqual([1, 2]);
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../connectors/shopify/emulator';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/platform/logger';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';
import { createServices, type HubServices } from '../../src/app/services';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { WebhookReceiver } from '../support/webhook-receiver';

let testDb: TestDatabase;
let services: HubServices;
let shop: Awaited<ReturnType<typeof startEmulator>>;
let receiver: WebhookReceiver;

beforeAll(async () => {
  testDb = await createTestDatabase('sync_failed_webhook');
  const logger = createLogger('silent');
  services = createServices(loadConfig({ DATABASE_URL: testDb.url, HUB_SECRET_KEY: 'cd'.repeat(32), LOG_LEVEL: 'silent', HUB_WEBHOOK_ALLOW_PRIVATE: 'true', HUB_CONNECTOR_ALLOW_PRIVATE: 'true' }), testDb.database, logger, new InProcessQueue(logger, 5));
  await services.queue.startWorker(services.syncJobs.handlers());
  await services.webhooks.dispatcher.start();
  shop = await startEmulator({ customers: 10 });
  receiver = await WebhookReceiver.start();
});
afterAll(async () => {
  await services?.webhooks.dispatcher.close();
  await services?.queue.close();
  await receiver?.close();
  await shop?.stop();
  await testDb?.drop();
});

describe('sync.failed webhooks', () => {
  it('tells subscribers of sync.failed that a run failed for good, naming the connection and the error but no credential', async () => {
    const failures = await services.webhooks.subscriptions.create({ url: receiver.url, events: ['sync.failed'] });
    const profilesOnly = await services.webhooks.subscriptions.create({ url: receiver.url, events: ['profile.created'] });
    receiver.useSecrets([failures.secret, profilesOnly.secret]);
    const connection = await services.connections.create({ name: 'shop-bad-key', connector: 'shopify', config: { ...shop.config, accessToken: 'shpat_wrong_secret_token' } });
    const { runId } = await services.syncJobs.trigger(connection.id, { fullRefresh: false, trigger: 'manual' });
    await services.queue.drain();

    await receiver.waitFor(() => receiver.accepted.length >= 1);
    await services.webhooks.dispatcher.idle();
    expect(receiver.accepted).toHaveLength(1);
    const [hook] = receiver.accepted;
    expect(hook!.body).toMatchObject({
      type: 'sync.failed',
      profileId: null,
      sequence: 1,
      data: { connectionId: connection.id, connectionName: 'shop-bad-key', connector: 'shopify', syncRunId: runId, error: expect.stringMatching(/401|Invalid API key/i) },
    });
    expect(JSON.stringify(hook!.body)).not.toContain('shpat_wrong_secret_token');
    const [delivery] = await testDb.database.query<{ subscription_id: string }>('select subscription_id from webhook_deliveries');
    expect(delivery!.subscription_id).toBe(failures.subscription.id);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { connectDatabase } from '../../src/app/database';
import type { Database } from '../../src/platform/database/database';
import { createLogger } from '../../src/platform/logger';
import { createServices, type HubServices } from '../../src/app/services';
import type { TestHub } from '../support/hub';
import { startWebhookTestHub, type WebhookTestHub } from '../support/webhook-hub';

const PROFILES = 40;
const ROUNDS = 4;

describe('two dispatchers on one database, as two hub workers', () => {
  let setup: WebhookTestHub;
  let hub: TestHub;
  let second: { database: Database; services: HubServices };

  beforeAll(async () => {
    setup = await startWebhookTestHub('concurrent_dispatchers', { HUB_WEBHOOK_CONCURRENCY: '4' });
    hub = setup.hub;
    // Another process's worth of services: its own pool, its own LISTEN connection, its own dispatcher.
    const database = await connectDatabase(hub.testDb.url);
    const services = createServices(loadConfig({ DATABASE_URL: hub.testDb.url, HUB_SECRET_KEY: 'ab'.repeat(32), LOG_LEVEL: 'silent', HUB_WEBHOOK_ALLOW_PRIVATE: 'true', HUB_WEBHOOK_CONCURRENCY: '4' }), database, createLogger('silent'));
    await services.webhooks.dispatcher.start();
    second = { database, services };
  });
  afterAll(async () => {
    await second.services.webhooks.dispatcher.close();
    await second.services.queue.close();
    await second.database.close();
    await setup.stop();
  });

  it('share the deliveries without sending one twice, each profile in sequence order', async () => {
    const { secret } = await hub.services.webhooks.subscriptions.create({ url: setup.receiver.url, events: ['profile.created', 'profile.updated'] });
    setup.receiver.useSecrets([secret]);
    for (let round = 0; round < ROUNDS; round++) {
      await hub.services.ingestion.ingest('shop', Array.from({ length: PROFILES }, (_, index) => ({ external_id: `c${index}`, email: `c${index}@two.example.com`, traits: { round } })));
    }
    await setup.receiver.waitFor(() => setup.receiver.distinctIds().length === PROFILES * ROUNDS);
    await Promise.all([hub.services.webhooks.dispatcher.idle(), second.services.webhooks.dispatcher.idle()]);
    expect(setup.receiver.accepted).toHaveLength(PROFILES * ROUNDS);
    // Each dispatcher keeps at most 4 connections: more than 4 means both of them sent.
    expect(setup.receiver.remotePorts.size).toBeGreaterThan(4);
    for (const [profileId, sequences] of setup.receiver.sequencesByProfile()) expect(sequences, profileId).toEqual([1, 2, 3, 4]);
  });
});

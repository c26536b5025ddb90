import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type ShopifyEmulator } from '../../connectors/shopify/emulator';
import { loadConfig } from '../../src/config';
import { createServices, type HubServices } from '../../src/app/services';
import { createLogger } from '../../src/platform/logger';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';
import { SecretBox } from '../../src/platform/secret-box';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Shopify replaces an expiring offline token's refresh token every time it is used and refuses the old one after. A hub
 * that refreshed and kept the new refresh token only in memory could never sync that connection again.
 */

const SECRET_KEY = 'ef'.repeat(32);
const HOUR = 3_600_000;

let testDb: TestDatabase;
let services: HubServices;
let shop: ShopifyEmulator;
const box = new SecretBox(Buffer.from(SECRET_KEY, 'hex'));

beforeAll(async () => {
  testDb = await createTestDatabase('secret_rotation');
  const config = loadConfig({ DATABASE_URL: testDb.url, HUB_SECRET_KEY: SECRET_KEY, LOG_LEVEL: 'silent', HUB_CONNECTOR_ALLOW_PRIVATE: 'true' });
  const logger = createLogger('silent');
  services = createServices(config, testDb.database, logger, new InProcessQueue(logger, 5));
  await services.queue.startWorker(services.syncJobs.handlers());
  shop = await startEmulator({ customers: 40 });
});
afterAll(async () => {
  await services?.queue.close();
  await shop?.stop();
  await testDb?.drop();
});

async function syncAndWait(connectionId: string) {
  const { runId } = await services.syncJobs.trigger(connectionId, { fullRefresh: false, trigger: 'manual' });
  await services.queue.drain();
  const [run] = await services.database.query<{ status: string; last_error: string | null }>('select status, last_error from sync_runs where id = $1', [runId]);
  return run;
}

const storedConfig = async (id: string) => (await services.database.query<{ config: Record<string, string> }>('select config from connections where id = $1', [id]))[0].config;

describe('secret rotation during a sync', () => {
  it('stores the refresh token Shopify rotated, sealed, so the next sync (an hour later) still works', async () => {
    const installed = shop.configFor('expiring-offline-token');
    const connection = await services.connections.create({ name: 'shop-offline', connector: 'shopify', config: { ...installed, pageSize: 20 } });
    shop.advanceClock(HOUR + 1000);

    const first = await syncAndWait(connection.id);
    expect(first).toMatchObject({ status: 'succeeded', last_error: null });
    const stored = await storedConfig(connection.id);
    expect(stored.refreshToken).toMatch(/^v1:/);
    expect(JSON.stringify(stored)).not.toContain('shprt_');
    const rotated = box.open(stored.refreshToken);
    expect(rotated).toMatch(/^shprt_/);
    expect(rotated).not.toBe(installed.refreshToken);
    // The other fields are as they were: the connector handed back secrets only.
    expect(stored.shopDomain).toBe(installed.shopDomain);
    expect(box.open(stored.clientSecret)).toBe(installed.clientSecret);

    // The installed refresh token is dead now; only the stored one can renew the token an hour later.
    shop.advanceClock(HOUR + 1000);
    const second = await syncAndWait(connection.id);
    expect(second).toMatchObject({ status: 'succeeded' });
    expect(box.open((await storedConfig(connection.id)).refreshToken)).not.toBe(rotated);
    expect(shop.auth.grants.refresh_token).toBe(2);
  });

  it('keeps the rotated refresh token even when the run fails right after the refresh', async () => {
    const connection = await services.connections.create({ name: 'shop-offline-failing', connector: 'shopify', config: { ...shop.configFor('expiring-offline-token'), pageSize: 20 } });
    const grantsBefore = shop.auth.grants.refresh_token;
    shop.advanceClock(HOUR + 1000);
    // The page fetched with the new token is refused for good (a scope taken away): the run fails, its batch with it.
    shop.auth.scopes = ['read_orders'];

    const failed = await syncAndWait(connection.id);
    shop.auth.scopes = ['read_customers', 'read_orders', 'read_all_orders'];
    expect(failed).toMatchObject({ status: 'failed', last_error: expect.stringMatching(/Access denied for customers/) });
    expect(shop.auth.grants.refresh_token).toBeGreaterThan(grantsBefore);

    const next = await syncAndWait(connection.id);
    expect(next).toMatchObject({ status: 'succeeded' });
  });
});

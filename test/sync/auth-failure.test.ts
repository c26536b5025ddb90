import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator as startShopify } from '../../connectors/shopify/emulator';
import { startEmulator as startZoho } from '../../connectors/zoho-crm/emulator';
import { startWecomEmulator as startWecom } from '../../connectors/wecom/emulator';
import { startEmulator as startWechat } from '../../connectors/wechat-oa/emulator';
import type { StartedEmulator } from '../../connectors/sdk/emulation/emulator';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/platform/logger';
import { SecretBox } from '../../src/platform/secret-box';
import { InProcessQueue } from '../../src/platform/queue/in-process-queue';
import { createServices, type HubServices } from '../../src/app/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Issue 22: a refused credential stops a sync at its first answer, and testConnection says so on the connection too;
 * a credential no HTTP header can carry is that kind of failure, not a network error retried for 50 s.
 */
const SECRET_KEY = 'ef'.repeat(32);
let testDb: TestDatabase;
let services: HubServices;
const emulators: Record<string, StartedEmulator> = {};

beforeAll(async () => {
  testDb = await createTestDatabase('sync_auth_failure');
  const config = loadConfig({ DATABASE_URL: testDb.url, HUB_SECRET_KEY: SECRET_KEY, LOG_LEVEL: 'silent', HUB_CONNECTOR_ALLOW_PRIVATE: 'true' });
  const logger = createLogger('silent');
  services = createServices(config, testDb.database, logger, new InProcessQueue(logger, 5));
  await services.queue.startWorker(services.syncJobs.handlers());
  emulators.shopify = await startShopify({ customers: 3 });
  emulators['zoho-crm'] = await startZoho({ customers: 3 });
  emulators.wecom = await startWecom({ customers: 3 });
  emulators['wechat-oa'] = await startWechat({ customers: 3 });
});
afterAll(async () => {
  await services?.queue.close();
  for (const emulator of Object.values(emulators)) await emulator.stop();
  await testDb?.drop();
});

const WRONG: Record<string, Record<string, unknown>> = {
  shopify: { accessToken: 'shpat_0123456789abcdef0123456789abcdef' },
  'zoho-crm': { refreshToken: '1000.wrongwrongwrong.wrongwrong' },
  wecom: { secret: 'wrong-secret-wrong-secret' },
  'wechat-oa': { secret: '0123456789abcdef0123456789abcdef' },
};

describe('a wrong credential', () => {
  for (const connector of Object.keys(WRONG)) {
    it(`${connector}: fails the sync in one attempt and marks the connection needs_attention`, async () => {
      const emulator = emulators[connector]!;
      const connection = await services.connections.create({ name: `${connector}-wrong`, connector, config: { ...emulator.config, ...WRONG[connector] } });
      const before = emulator.requests.length;
      const { runId } = await services.syncJobs.trigger(connection.id, { fullRefresh: false, trigger: 'manual' });
      await services.queue.drain();
      const [run] = await services.database.query<{ status: string; attempts: number; last_error: string }>('select status, attempts, last_error from sync_runs where id = $1', [runId]);
      const [stored] = await services.database.query<{ status: string; status_reason: string }>('select status, status_reason from connections where id = $1', [connection.id]);
      expect(run).toMatchObject({ status: 'failed', attempts: 1 });
      expect(stored).toEqual({ status: 'needs_attention', status_reason: run!.last_error });
      expect(run!.last_error).toMatch(/refused|errcode|invalid|check/i);
      // The first refusal ends it: no HTTP retry, no job retry.
      expect(emulator.requests.length - before).toBe(1);
    });

    it(`${connector}: testConnection marks the connection needs_attention with the platform's refusal`, async () => {
      const emulator = emulators[connector]!;
      const connection = await services.connections.create({ name: `${connector}-test-wrong`, connector, config: { ...emulator.config, ...WRONG[connector] } });
      const before = emulator.requests.length;
      const result = await services.connections.test(connection.id);
      expect(result.ok).toBe(false);
      expect(await services.connections.get(connection.id)).toMatchObject({ status: 'needs_attention', statusReason: result.reason });
      expect(emulator.requests.length - before).toBe(1);
    });
  }

  it('leaves a connection active when testConnection only finds the platform unreachable', async () => {
    const connection = await services.connections.create({ name: 'shop-unreachable', connector: 'shopify', config: { ...emulators.shopify!.config, baseUrl: 'http://127.0.0.1:9' } });
    const result = await services.connections.test(connection.id);
    expect(result.ok).toBe(false);
    expect(await services.connections.get(connection.id)).toMatchObject({ status: 'active' });
  });
});

describe('a credential stored before it was checked on saving (the README placeholder shpat_…)', () => {
  async function placeholderConnection(name: string): Promise<string> {
    const emulator = emulators.shopify!;
    const connection = await services.connections.create({ name, connector: 'shopify', config: emulator.config });
    // Written as an older hub stored it: sealed, unchecked.
    const box = new SecretBox(Buffer.from(SECRET_KEY, 'hex'));
    await services.database.query("update connections set config = jsonb_set(config, '{accessToken}', to_jsonb($2::text)) where id = $1", [connection.id, box.seal('shpat_…')]);
    return connection.id;
  }

  it('fails the sync at once as a credential problem, sends nothing, and marks the connection needs_attention', async () => {
    const id = await placeholderConnection('shop-placeholder');
    const before = emulators.shopify!.requests.length;
    const { runId } = await services.syncJobs.trigger(id, { fullRefresh: false, trigger: 'manual' });
    await services.queue.drain();
    const [run] = await services.database.query<{ status: string; attempts: number; last_error: string }>('select status, attempts, last_error from sync_runs where id = $1', [runId]);
    expect(run).toMatchObject({ status: 'failed', attempts: 1 });
    expect(run!.last_error).toMatch(/header holds a character HTTP headers cannot carry \(U\+2026\): set the connection's credential again/);
    expect(run!.last_error).not.toMatch(/network error|ByteString|gave up/);
    expect(emulators.shopify!.requests.length).toBe(before);
    expect(await services.connections.get(id)).toMatchObject({ status: 'needs_attention', statusReason: run!.last_error });
  });

  it('fails testConnection with the same reason and marks the connection', async () => {
    const id = await placeholderConnection('shop-placeholder-test');
    const result = await services.connections.test(id);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/cannot carry \(U\+2026\)/) });
    expect(await services.connections.get(id)).toMatchObject({ status: 'needs_attention' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type ShopifyEmulator } from '../../connectors/shopify/emulator';
import { migrationsList } from '../../migrations';
import type { HubServices } from '../../src/app/services';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testServices } from '../support/services';

/** Issue 22: a Shopify customer's profile listed each of its orders' gids as an external_id identity. */
describe('order records are no identities of their buyer', () => {
  let testDb: TestDatabase;
  let services: HubServices;
  let shop: ShopifyEmulator;

  beforeAll(async () => {
    testDb = await createTestDatabase('order_identities');
    services = testServices(testDb.database);
    shop = await startEmulator({ customers: 30 });
  });
  afterAll(async () => {
    await services?.queue.close();
    await shop?.stop();
    await testDb?.drop();
  });

  it("keeps every order's gid out of the identities after a Shopify sync, and the customers' own ids in", async () => {
    const connection = await services.connections.create({ name: 'shop', connector: 'shopify', config: shop.config });
    const { runId } = await services.sync.enqueue(connection.id, { fullRefresh: true, trigger: 'manual' });
    expect((await services.sync.execute(runId, true)).status).toBe('succeeded');

    const orders = await testDb.database.query<{ external_id: string; profile_id: string; customer: string | null }>(
      "select external_id, profile_id, payload ->> 'customer_external_id' as customer from source_records where external_id like 'gid://shopify/Order/%'",
    );
    expect(orders.some((order) => order.customer !== null)).toBe(true);
    expect(orders.some((order) => order.customer === null)).toBe(true); // guest checkouts too
    const identities = await testDb.database.query<{ value: string }>("select value from identities where type = 'external_id'");
    expect(identities.filter((identity) => identity.value.includes('gid://shopify/Order/'))).toEqual([]);
    expect(identities.filter((identity) => identity.value.startsWith('shop:gid://shopify/Customer/')).length).toBeGreaterThan(0);

    // The buyer's profile still holds its order (the event), found by the customer's id, not by the order's.
    const bought = orders.find((order) => order.customer !== null)!;
    expect((await services.profiles.findByIdentity('external_id', `shop:${bought.customer}`))?.id).toBe(bought.profile_id);
    expect(await services.profiles.findByIdentity('external_id', `shop:${bought.external_id}`)).toBeNull();
  });

  it('keeps a person record whose events have ids of their own as an identity', async () => {
    const { profileIds } = await services.ingestion.ingest('crm', [
      { external_id: 'c-100', email: 'mei.order@identity.example.com', events: [{ id: 'o-1', type: 'order', occurred_at: '2026-10-02T10:00:00Z', amount: 10 }] },
    ]);
    expect((await services.profiles.findByIdentity('external_id', 'crm:c-100'))?.id).toBe(profileIds[0]);
  });
});

describe('Migration20261207140000_order_identities', () => {
  let testDb: TestDatabase;
  const mine = migrationsList.findIndex((migration) => migration.name === 'Migration20261207140000_order_identities');

  beforeAll(async () => {
    testDb = await createTestDatabase('order_identities_migration', { migrateTo: migrationsList[mine - 1]!.name });
  });
  afterAll(async () => testDb?.drop());

  const query = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => testDb.database.query<T>(text, params);

  async function storeRecord(recordId: string, payload: Record<string, unknown>, identities: [type: string, value: string][]): Promise<void> {
    await query("insert into profiles (id) values ('prof_buyer') on conflict do nothing");
    await query("insert into source_records (id, source, external_id, profile_id, payload, content_hash) values ($1, 'shop', $2, 'prof_buyer', $3, 'h')", [recordId, payload.external_id, JSON.stringify(payload)]);
    for (const [type, value] of identities) {
      await query("insert into identities (id, profile_id, type, value, raw_value, source, source_record_id) values ($1, 'prof_buyer', $2, $3, $3, 'shop', $4)", [`idn_${recordId}_${type}`, type, value, recordId]);
    }
  }

  it("removes the stored external_id identities of orders, and nothing else", async () => {
    const order = (id: string, extra: Record<string, unknown> = {}) => ({ external_id: id, email: 'buyer@migration.example.com', events: [{ id, type: 'order', occurred_at: '2026-10-02T10:00:00.000Z' }], ...extra });
    await storeRecord('srec_customer', { external_id: 'gid://shopify/Customer/1', email: 'buyer@migration.example.com', events: [{ id: 'other', type: 'order', occurred_at: '2026-10-02T10:00:00.000Z' }] }, [
      ['external_id', 'shop:gid://shopify/Customer/1'],
      ['email', 'buyer@migration.example.com'],
    ]);
    await storeRecord('srec_order', order('gid://shopify/Order/7', { customer_external_id: 'gid://shopify/Customer/1' }), [['external_id', 'shop:gid://shopify/Order/7']]);
    await storeRecord('srec_guest', order('gid://shopify/Order/8'), [['external_id', 'shop:gid://shopify/Order/8']]);
    await storeRecord('srec_odd', { external_id: 'x-1', events: 'not a list' }, [['external_id', 'shop:x-1']]);

    expect(await testDb.database.migrate()).toContain('Migration20261207140000_order_identities');

    const left = await query<{ type: string; value: string }>("select type, value from identities where profile_id = 'prof_buyer' order by type, value");
    expect(left).toEqual([
      { type: 'email', value: 'buyer@migration.example.com' },
      { type: 'external_id', value: 'shop:gid://shopify/Customer/1' },
      { type: 'external_id', value: 'shop:x-1' },
    ]);
    expect(await query('select id from source_records order by id')).toHaveLength(4);
  });
});

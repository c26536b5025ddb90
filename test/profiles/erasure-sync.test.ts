import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type ShopifyEmulator } from '../../connectors/shopify/emulator';
import { startTestHub, type TestHub } from '../support/hub';

/**
 * Issue 20, finding 4: "nothing stops the next sync from re-creating the person". A Shopify sync stores a
 * customer; the customer is erased; a full re-sync of the same shop must not store them again, and says so in
 * the run's counts.
 */

let shop: ShopifyEmulator;
let hub: TestHub;

beforeAll(async () => {
  shop = await startEmulator({ customers: 8 });
  hub = await startTestHub('erasure_sync', { HUB_CONNECTOR_ALLOW_PRIVATE: 'true' });
  await hub.services.queue.startWorker(hub.services.syncJobs.handlers());
});
afterAll(async () => {
  await hub?.services.queue.close();
  await hub?.stop();
  await shop?.stop();
});

async function sync(connectionId: string, full: boolean): Promise<{ status: string; streams: { stream: string; created: number; suppressed: number }[] }> {
  const triggered = await hub.graphql('mutation($id: ID!, $full: Boolean) { triggerSync(connectionId: $id, full: $full) { id } }', { id: connectionId, full });
  expect(triggered.body.errors).toBeUndefined();
  await hub.services.queue.drain();
  const run = await hub.graphql('query($id: ID!) { syncRun(id: $id) { status streams { stream created suppressed } } }', { id: triggered.body.data.triggerSync.id });
  return run.body.data.syncRun;
}

/** The tables in which any row quotes the text, in any column. */
async function tablesQuoting(text: string): Promise<string[]> {
  const tables = await hub.testDb.database.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'");
  const found: string[] = [];
  for (const { table_name: table } of tables) {
    const [{ count }] = await hub.testDb.database.query<{ count: number }>(`select count(*)::int as count from ${table} t where t::text ilike $1`, [`%${text}%`]);
    if (count > 0) found.push(table);
  }
  return found;
}

describe('a sync after an erasure', () => {
  it('does not store the erased customer again, and counts them as suppressed in the run', async () => {
    const created = await hub.graphql('mutation($input: CreateConnectionInput!) { createConnection(input: $input) { id } }', { input: { name: 'shop', connector: 'shopify', config: shop.config } });
    expect(created.body.errors).toBeUndefined();
    const connectionId = created.body.data.createConnection.id;
    const first = await sync(connectionId, false);
    expect(first.status).toBe('succeeded');
    expect(first.streams.find((stream) => stream.stream === 'customers')).toMatchObject({ suppressed: 0 });

    const customer = shop.shop.customers.find((candidate) => candidate.email);
    expect(customer).toBeDefined();
    const [holder] = await hub.testDb.database.query<{ profile_id: string }>("select profile_id from identities where type = 'email' and value = lower($1)", [customer!.email]);
    const receipt = await hub.services.profileErasure.deleteProfile(holder.profile_id);
    expect(receipt.removed.profiles).toBeGreaterThanOrEqual(1);
    // The run's own rows (checkpoints, counts) held nothing of the customer either.
    expect(await tablesQuoting(customer!.email!)).toEqual([]);

    const again = await sync(connectionId, true);
    expect(again.status).toBe('succeeded');
    const customers = again.streams.find((stream) => stream.stream === 'customers')!;
    expect(customers.suppressed).toBeGreaterThanOrEqual(1);
    expect(await hub.testDb.database.query("select 1 from identities where type = 'email' and value = lower($1)", [customer!.email])).toEqual([]);
    expect(await tablesQuoting(customer!.email!)).toEqual([]);
    // Everyone else is still there, untouched.
    const [others] = await hub.testDb.database.query<{ count: number }>("select count(*)::int as count from source_records where source = 'shop'");
    expect(others.count).toBeGreaterThan(0);
  });
});

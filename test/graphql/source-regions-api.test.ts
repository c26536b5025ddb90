import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type ShopifyEmulator } from '../../connectors/shopify/emulator';
import { ConnectionByIdDocument, CreateConnectionDocument, IngestRecordsDocument, TriggerSyncDocument, UpdateConnectionDocument } from '../../src/graphql/client/graphql';
import { startTestHub, type TestHub } from '../support/hub';

// A source's region over the API: ingestRecords(region:) and a connection's region, on a hub whose default is CN.
let hub: TestHub;
let shop: ShopifyEmulator;

beforeAll(async () => {
  shop = await startEmulator({ customers: 20 });
  hub = await startTestHub('source_regions_api');
  await hub.services.queue.startWorker(hub.services.syncJobs.handlers());
});
afterAll(async () => {
  await hub?.services.queue.close();
  await hub?.stop();
  await shop?.stop();
});

async function data(query: string | { toString(): string }, variables?: Record<string, unknown>): Promise<any> {
  const { body } = await hub.graphql(query.toString(), variables);
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** The one error of a request that must fail. */
async function failure(query: string | { toString(): string }, variables?: Record<string, unknown>): Promise<{ message: string; extensions: { code: string } }> {
  const { body } = await hub.graphql(query.toString(), variables);
  expect(body.errors).toHaveLength(1);
  return body.errors[0];
}

const query = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => hub.testDb.database.query<T>(text, params);

const BAD_REGION = /region '.*' is not a region phone numbers can be read in: give an ISO 3166-1 alpha-2 code such as US, CN/;

describe('ingestRecords(region:)', () => {
  it("reads the batch's phones without a country code in its region and keeps the region with each record", async () => {
    const { ingestRecords } = await data(IngestRecordsDocument, {
      source: 'us-store',
      region: 'us',
      records: [
        { external_id: 'a1', phone: '617.671.3260' },
        { external_id: 'a2', phone: '6176713260' },
      ],
    });
    expect(ingestRecords).toMatchObject({ created: 2, rejected: 0 });
    expect(ingestRecords.profileIds).toHaveLength(1);
    const phones = await query("select distinct value from identities where type = 'phone' and profile_id = $1", [ingestRecords.profileIds[0]]);
    expect(phones).toEqual([{ value: '+16176713260' }]);
    expect(await query("select distinct phone_region from source_records where source = 'us-store'")).toEqual([{ phone_region: 'US' }]);
  });

  it('refuses a region that is not one, as BAD_USER_INPUT, and stores nothing', async () => {
    const error = await failure(IngestRecordsDocument, { source: 'nowhere', region: 'XX', records: [{ external_id: 'n1', phone: '617.671.3260' }] });
    expect(error).toMatchObject({ message: expect.stringMatching(BAD_REGION), extensions: { code: 'BAD_USER_INPUT' } });
    expect(await query("select id from source_records where source = 'nowhere'")).toEqual([]);
  });
});

describe("a connection's region", () => {
  let connectionId: string;

  it('is set on create (upper-cased), shown on the connection, and refused when it is not a region', async () => {
    const { createConnection } = await data(CreateConnectionDocument, { input: { name: 'us-shop', connector: 'shopify', config: shop.config, region: 'us' } });
    connectionId = createConnection.id;
    expect(createConnection).toMatchObject({ name: 'us-shop', region: 'US' });
    expect((await data(ConnectionByIdDocument, { id: 'us-shop' })).connection).toMatchObject({ id: connectionId, region: 'US' });
    // Not part of the connector's config: the config holds the connector's own fields only.
    expect(createConnection.config).not.toHaveProperty('region');

    const refused = await failure(CreateConnectionDocument, { input: { name: 'xx-shop', connector: 'shopify', config: shop.config, region: 'XX' } });
    expect(refused).toMatchObject({ message: expect.stringMatching(BAD_REGION), extensions: { code: 'BAD_USER_INPUT' } });
    expect((await data(ConnectionByIdDocument, { id: 'xx-shop' })).connection).toBeNull();
    const { createConnection: plain } = await data(CreateConnectionDocument, { input: { name: 'plain-shop', connector: 'shopify', config: shop.config, enabled: false } });
    expect(plain.region).toBeNull();
  });

  it("stores the records of a sync with the connection's region; a record's own country code still comes first", async () => {
    await data(TriggerSyncDocument, { connectionId });
    await hub.services.queue.drain();
    const { connection } = await data(ConnectionByIdDocument, { id: connectionId });
    expect(connection.lastRun).toMatchObject({ status: 'succeeded' });
    const regions = await query<{ phone_region: string | null; records: number }>("select phone_region, count(*)::int as records from source_records where source = 'us-shop' group by phone_region");
    expect(regions).toEqual([{ phone_region: 'US', records: expect.any(Number) }]);
    // The emulated shop writes every phone as +86…: read as written, whatever the region.
    const phones = await query<{ value: string }>("select value from identities where type = 'phone' and source = 'us-shop'");
    expect(phones.length).toBeGreaterThan(0);
    expect(phones.every((phone) => phone.value.startsWith('+86'))).toBe(true);
  });

  it('is changed and cleared with updateConnection (null: the hub default again), and the next sync re-reads every record in it', async () => {
    const refused = await failure(UpdateConnectionDocument, { id: connectionId, input: { region: 'ZZ' } });
    expect(refused).toMatchObject({ message: expect.stringMatching(BAD_REGION), extensions: { code: 'BAD_USER_INPUT' } });
    expect((await data(ConnectionByIdDocument, { id: connectionId })).connection.region).toBe('US');

    expect((await data(UpdateConnectionDocument, { id: connectionId, input: { schedule: null } })).updateConnection.region).toBe('US');
    const { updateConnection } = await data(UpdateConnectionDocument, { id: connectionId, input: { region: null } });
    expect(updateConnection.region).toBeNull();
    expect((await data(ConnectionByIdDocument, { id: connectionId })).connection.region).toBeNull();

    const stored = (await query<{ n: number }>("select count(*)::int as n from source_records where source = 'us-shop'"))[0].n;
    await data(TriggerSyncDocument, { connectionId, full: true });
    await hub.services.queue.drain();
    const [run] = await query<{ status: string; stream_stats: Record<string, { updated: number; unchanged: number }> }>(
      'select status, stream_stats from sync_runs where connection_id = $1 order by queued_at desc limit 1',
      [connectionId],
    );
    expect(run.status).toBe('succeeded');
    // Read in another region, every record is a new version, though its payload is the same.
    expect(Object.values(run.stream_stats).reduce((sum, stats) => sum + stats.updated, 0)).toBe(stored);
    expect(Object.values(run.stream_stats).reduce((sum, stats) => sum + stats.unchanged, 0)).toBe(0);
    expect(await query("select distinct phone_region from source_records where source = 'us-shop'")).toEqual([{ phone_region: null }]);
  });
});

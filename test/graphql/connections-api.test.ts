import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type ShopifyEmulator } from '../../connectors/shopify/emulator';
import { ConnectionByIdDocument, ConnectionsDocument, CreateConnectionDocument, SyncRunsDocument, TriggerSyncDocument, UpdateConnectionDocument } from '../../src/graphql/client/graphql';
import { startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;
let shop: ShopifyEmulator;
/** A key holding only the data team's scope. */
let dataTeamKey: string;
let dataTeamReaderKey: string;
const BAD_TOKEN = 'shpat_00000000000000000000000000bad';
let secrets: string[];

beforeAll(async () => {
  shop = await startEmulator({ customers: 120 });
  secrets = [String(shop.config.accessToken), BAD_TOKEN];
  hub = await startTestHub('connections_api');
  await hub.services.queue.startWorker(hub.services.syncJobs.handlers());
  dataTeamKey = (await hub.services.apiKeys.create('data team', ['connectors:admin'])).key;
  // Rejected rows are the platform's rows as sent: personal data, which needs profiles:read as well.
  dataTeamReaderKey = (await hub.services.apiKeys.create('data team reader', ['connectors:admin', 'profiles:read'])).key;
});
afterAll(async () => {
  await hub?.services.queue.close();
  await hub?.stop();
  await shop?.stop();
});

/**
 * Every request of this file goes through here: whatever it asks, no response may hold a connector
 * secret, in clear or sealed (`v1:…` is SecretBox's stored form).
 */
async function api(query: string | { toString(): string }, variables?: Record<string, unknown>, key: string | null = dataTeamKey): Promise<any> {
  const { body } = await hub.graphql(query.toString(), variables, key);
  const json = JSON.stringify(body);
  for (const secret of secrets) expect(json, 'a response holds a connector secret').not.toContain(secret);
  expect(json, 'a response holds a sealed secret').not.toMatch(/"v1:[A-Za-z0-9+/=]{16,}/);
  return body;
}

/** The body's data, failing with the GraphQL errors when there are any. */
async function data(query: string | { toString(): string }, variables?: Record<string, unknown>, key?: string | null): Promise<any> {
  const body = await api(query, variables, key);
  expect(body.errors).toBeUndefined();
  return body.data;
}

const walkInOrders = () => shop.shop.orders.filter((order) => !order.customer && !order.guestEmail);

async function createShopConnection(name: string, config: Record<string, unknown> = shop.config): Promise<{ id: string; config: Record<string, unknown> }> {
  const { createConnection } = await data(CreateConnectionDocument, { input: { name, connector: 'shopify', config } });
  return createConnection;
}

describe('connectors', () => {
  it('lists the five connector types with their config fields, secret ones marked', async () => {
    const { connectors } = await data('{ connectors { type title streams fields { name type required secret description default } } }');
    expect(connectors.map((connector: any) => connector.type).sort()).toEqual(['pos-file', 'shopify', 'wechat-oa', 'wecom', 'zoho-crm']);
    const shopify = connectors.find((connector: any) => connector.type === 'shopify');
    expect(shopify.title).toBe('Shopify');
    expect(Object.fromEntries(connectors.map((connector: any) => [connector.type, connector.streams]))).toEqual({
      'pos-file': ['members'], shopify: ['customers', 'orders'], 'zoho-crm': ['contacts', 'leads'], wecom: ['external_contacts'], 'wechat-oa': ['followers'],
    });
    expect(shopify.fields.find((field: any) => field.name === 'accessToken')).toMatchObject({ type: 'string', required: false, secret: true });
    expect(shopify.fields.find((field: any) => field.name === 'shopDomain')).toMatchObject({ required: true, secret: false });
    expect(shopify.fields.find((field: any) => field.name === 'apiVersion')).toMatchObject({ required: false, secret: false, default: '2026-04' });
    const secretFields = Object.fromEntries(connectors.map((connector: any) => [connector.type, connector.fields.filter((field: any) => field.secret).map((field: any) => field.name)]));
    expect(secretFields).toEqual({ 'pos-file': [], shopify: ['accessToken', 'clientSecret', 'refreshToken'], 'zoho-crm': ['clientSecret', 'refreshToken'], wecom: ['secret'], 'wechat-oa': ['secret'] });
  });
});

describe('connections and sync runs', () => {
  let shopId: string;
  let firstRunId: string;

  it('creates a connection and shows its config with the access token redacted, by id, by name and in the list', async () => {
    const created = await createShopConnection('shop');
    shopId = created.id;
    expect(shopId).toMatch(/^conn_/);
    expect(created).toMatchObject({ name: 'shop', connector: 'shopify', status: 'active', statusReason: null, enabled: true, schedule: null, lastRun: null });
    expect(created.config).toEqual({ shopDomain: shop.config.shopDomain, accessToken: '••••••', credentialKind: 'admin-token', apiVersion: '2026-04', pageSize: 100, bulkThreshold: 10000, baseUrl: shop.url });

    const byId = (await data(ConnectionByIdDocument, { id: shopId })).connection;
    const byName = (await data(ConnectionByIdDocument, { id: 'shop' })).connection;
    expect(byName).toEqual(byId);
    expect(byId.config.accessToken).toBe('••••••');
    const { connections } = await data(ConnectionsDocument);
    expect(connections.map((connection: any) => connection.id)).toEqual([shopId]);
    expect((await data('{ connection(id: "conn_nope") { id } }')).connection).toBeNull();
  });

  it('runs a triggered sync and shows it succeeded with counts per stream on lastRun', async () => {
    const { triggerSync } = await data(TriggerSyncDocument, { connectionId: shopId });
    firstRunId = triggerSync.id;
    expect(triggerSync).toMatchObject({ connectionId: shopId, fullRefresh: false, trigger: 'api', status: expect.stringMatching(/^(queued|running)$/) });
    await hub.services.queue.drain();

    const { connection } = await data('query($id: ID!) { connection(id: $id) { lastRun { id status finishedAt lastError streams { stream read total created rejected } } } }', { id: shopId });
    expect(connection.lastRun).toMatchObject({ id: firstRunId, status: 'succeeded', lastError: null });
    expect(Date.parse(connection.lastRun.finishedAt)).not.toBeNaN();
    expect(connection.lastRun.streams).toEqual([
      // A first read is a full one: Shopify's counts are the streams' totals.
      { stream: 'customers', read: shop.shop.customers.length, total: shop.shop.customers.length, created: expect.any(Number), rejected: 0 },
      { stream: 'orders', read: shop.shop.orders.length, total: shop.shop.orders.length, created: expect.any(Number), rejected: walkInOrders().length },
    ]);
    expect(connection.lastRun.streams[0].created).toBeGreaterThan(0);
    expect(connection.lastRun.streams[1].created).toBeGreaterThan(0);
  });

  it('lists the rows a run rejected, with the reason and the row as Shopify sent it, page by page', async () => {
    const walkIns = walkInOrders();
    expect(walkIns.length, 'the emulated shop should hold walk-in orders without contact').toBeGreaterThan(1);
    const query = `query($id: ID!, $after: String) { connection(id: $id) { lastRun { streams { stream rejected }
      rejections(first: 1, after: $after) { edges { cursor node { id stream reason raw createdAt } } pageInfo { hasNextPage endCursor } } } } }`;
    const seen: any[] = [];
    let after: string | null = null;
    do {
      const { connection } = await data(query, { id: shopId, after }, dataTeamReaderKey);
      const page = connection.lastRun.rejections;
      expect(page.edges.length).toBeLessThanOrEqual(1);
      seen.push(...page.edges.map((edge: any) => edge.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);

    expect(seen).toHaveLength(walkIns.length);
    expect(new Set(seen.map((rejection) => rejection.id)).size).toBe(walkIns.length);
    for (const rejection of seen) {
      expect(rejection).toMatchObject({ stream: 'orders', reason: expect.stringMatching(/no e-mail or phone and no customer: nothing links it to a person/) });
      expect(rejection.raw.id).toMatch(/^gid:\/\/shopify\/Order\/\d+$/);
      expect(Date.parse(rejection.createdAt)).not.toBeNaN();
    }
    expect(seen.map((rejection) => rejection.raw.id).sort()).toEqual(walkIns.map((order) => `gid://shopify/Order/${order.numericId}`).sort());
  });

  it('answers the run already queued or running instead of queueing a second one', async () => {
    const { a, b } = await data('mutation($id: ID!) { a: triggerSync(connectionId: $id, full: true) { id fullRefresh } b: triggerSync(connectionId: $id) { id fullRefresh } }', { id: 'shop' });
    expect(b).toEqual(a);
    expect(a.fullRefresh).toBe(true);
    await hub.services.queue.drain();
    const [{ count }] = await hub.testDb.database.query<{ count: number }>('select count(*)::int as count from sync_runs where connection_id = $1', [shopId]);
    expect(count).toBe(2);
  });

  it('pages through runs newest first', async () => {
    await data(TriggerSyncDocument, { connectionId: shopId });
    await hub.services.queue.drain();
    const stored = await hub.testDb.database.query<{ id: string }>('select id from sync_runs where connection_id = $1 order by queued_at desc', [shopId]);
    expect(stored).toHaveLength(3);
    expect(stored.at(-1)!.id).toBe(firstRunId);

    const page1 = (await data(SyncRunsDocument, { connectionId: shopId, first: 2 }, dataTeamReaderKey)).syncRuns;
    expect(page1.edges.map((edge: any) => edge.node.id)).toEqual([stored[0].id, stored[1].id]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page1.edges.every((edge: any) => edge.node.status === 'succeeded')).toBe(true);
    const page2 = (await data(SyncRunsDocument, { connectionId: 'shop', first: 2, after: page1.pageInfo.endCursor }, dataTeamReaderKey)).syncRuns;
    expect(page2.edges.map((edge: any) => edge.node.id)).toEqual([firstRunId]);
    expect(page2.pageInfo).toMatchObject({ hasNextPage: false });
    // The first run's rejections come along with the run, by the operation's default of 5 per run.
    expect(page2.edges[0].node.rejections.edges.length).toBe(Math.min(5, walkInOrders().length));
  });

  it('answers one run by id, and null for an unknown id', async () => {
    const { triggerSync } = await data(TriggerSyncDocument, { connectionId: shopId });
    await hub.services.queue.drain();
    const { syncRun } = await data('query($id: ID!) { syncRun(id: $id) { id status connectionId } }', { id: triggerSync.id });
    expect(syncRun).toEqual({ id: triggerSync.id, status: 'succeeded', connectionId: shopId });
    expect((await data('{ syncRun(id: "run_nope") { id } }')).syncRun).toBeNull();
  });

  it('cancels a queued run, and says why it cannot cancel a finished one', async () => {
    const { runId } = await hub.services.sync.enqueue(shopId, { fullRefresh: false, trigger: 'manual' });
    const { cancelSyncRun } = await data('mutation($id: ID!) { cancelSyncRun(id: $id) { id status lastError } }', { id: runId });
    expect(cancelSyncRun).toEqual({ id: runId, status: 'cancelled', lastError: 'cancelled' });
    const again = await api('mutation($id: ID!) { cancelSyncRun(id: $id) { id } }', { id: runId });
    expect(again.errors[0]).toMatchObject({ message: expect.stringMatching(/already been cancelled/), extensions: { code: 'CONFLICT' } });
    expect((await api('mutation { cancelSyncRun(id: "run_nope") { id } }')).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('tests a connection: ok with the stored token, a reason with a refused one', async () => {
    const bad = await createShopConnection('shop-bad-token', { ...shop.config, accessToken: BAD_TOKEN });
    expect((await data('mutation($id: ID!) { testConnection(id: $id) { ok reason } }', { id: shopId })).testConnection).toEqual({ ok: true, reason: null });
    const { testConnection } = await data('mutation($id: ID!) { testConnection(id: $id) { ok reason } }', { id: bad.id });
    expect(testConnection.ok).toBe(false);
    expect(testConnection.reason).toMatch(/Shopify refused the access token \(401/);
  });

  it('marks a connection needs_attention when its sync is refused, and shows why', async () => {
    await data(TriggerSyncDocument, { connectionId: 'shop-bad-token' });
    await hub.services.queue.drain();
    const { connection } = await data(ConnectionByIdDocument, { id: 'shop-bad-token' });
    expect(connection.status).toBe('needs_attention');
    expect(connection.statusReason).toMatch(/refused the access token/);
    expect(connection.lastRun).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringMatching(/refused the access token/) });
  });

  it('keeps the stored access token when an update leaves it out, and replaces it when given', async () => {
    const { updateConnection } = await data(UpdateConnectionDocument, { id: shopId, input: { config: { pageSize: 50 }, schedule: 'every 15m' } });
    expect(updateConnection).toMatchObject({ schedule: 'every 15m', config: { pageSize: 50, accessToken: '••••••', shopDomain: shop.config.shopDomain } });
    expect((await data('mutation { testConnection(id: "shop") { ok } }')).testConnection.ok).toBe(true);
    const { triggerSync } = await data(TriggerSyncDocument, { connectionId: shopId });
    await hub.services.queue.drain();
    expect((await data(ConnectionByIdDocument, { id: shopId })).connection.lastRun).toMatchObject({ id: triggerSync.id, status: 'succeeded' });

    // A form that round-trips what the API showed sends the placeholder back: the stored token must survive it.
    const roundTripped = (await data(ConnectionByIdDocument, { id: shopId })).connection.config;
    await data(UpdateConnectionDocument, { id: shopId, input: { config: roundTripped } });
    expect((await data('mutation { testConnection(id: "shop") { ok reason } }')).testConnection).toEqual({ ok: true, reason: null });

    const cleared = (await data(UpdateConnectionDocument, { id: shopId, input: { schedule: null } })).updateConnection;
    expect(cleared).toMatchObject({ schedule: null, config: { pageSize: 50 } });

    await data(UpdateConnectionDocument, { id: 'shop-bad-token', input: { config: { accessToken: shop.config.accessToken } } });
    expect((await data('mutation { testConnection(id: "shop-bad-token") { ok reason } }')).testConnection).toEqual({ ok: true, reason: null });
  });

  it('pauses and resumes a connection', async () => {
    const paused = (await data('mutation { pauseConnection(id: "shop") { id enabled status } }')).pauseConnection;
    expect(paused).toEqual({ id: shopId, enabled: false, status: 'paused' });
    expect((await data(ConnectionByIdDocument, { id: shopId })).connection).toMatchObject({ enabled: false, status: 'paused' });
    const refused = await api('mutation { triggerSync(connectionId: "shop") { id } }');
    expect(refused.errors[0]).toMatchObject({ message: expect.stringMatching(/paused; resume it/), extensions: { code: 'CONFLICT' } });
    const resumed = (await data('mutation($id: ID!) { resumeConnection(id: $id) { id enabled status } }', { id: shopId })).resumeConnection;
    expect(resumed).toEqual({ id: shopId, enabled: true, status: 'active' });
  });

  it('deletes a connection with its runs, answering its id', async () => {
    const { id } = (await data(ConnectionByIdDocument, { id: 'shop-bad-token' })).connection;
    expect((await data('mutation { deleteConnection(id: "shop-bad-token") }')).deleteConnection).toBe(id);
    expect((await data(ConnectionByIdDocument, { id })).connection).toBeNull();
    expect(await hub.testDb.database.query('select id from sync_runs where connection_id = $1', [id])).toEqual([]);
    const again = await api('mutation($id: ID!) { deleteConnection(id: $id) }', { id });
    expect(again.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('scopes', () => {
  const operations: [string, Record<string, unknown>?][] = [
    ['{ connectors { type } }'],
    ['{ connections { id } }'],
    ['{ connection(id: "shop") { id } }'],
    ['{ syncRuns(connectionId: "shop") { edges { node { id } } } }'],
    ['mutation($input: CreateConnectionInput!) { createConnection(input: $input) { id } }', { input: { name: 'sneaky', connector: 'shopify', config: {} } }],
    ['mutation { updateConnection(id: "shop", input: { enabled: false }) { id } }'],
    ['mutation { deleteConnection(id: "shop") }'],
    ['mutation { testConnection(id: "shop") { ok } }'],
    ['mutation { triggerSync(connectionId: "shop") { id } }'],
    ['mutation { cancelSyncRun(id: "run_x") { id } }'],
    ['{ syncRun(id: "run_x") { id } }'],
    ['mutation { pauseConnection(id: "shop") { id } }'],
    ['mutation { resumeConnection(id: "shop") { id } }'],
  ];

  it.each(operations)('answers FORBIDDEN to a profiles:read key for %s', async (query, variables) => {
    const body = await api(query, variables, hub.keys.read);
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(body.errors[0].message).toMatch(/lacks the scope connectors:admin/);
    expect(Object.values(body.data ?? {}).filter((value) => value !== null)).toEqual([]);
  });

  it('lets an admin key in, as admin implies connectors:admin', async () => {
    expect((await data('{ connectors { type } }', undefined, hub.keys.admin)).connectors).toHaveLength(5);
  });
});

describe('bad input', () => {
  const create = (input: Record<string, unknown>) => api(CreateConnectionDocument, { input: { name: 'shop-2', connector: 'shopify', config: shop.config, ...input } });
  type Config = Record<string, unknown>;

  it.each<[string, (config: Config) => Config, RegExp]>([
    ['an unknown connector', () => ({ connector: 'magento' }), /Unknown connector 'magento'; available: pos-file, shopify, zoho-crm, wecom, wechat-oa/],
    ['a bad schedule', () => ({ schedule: 'every fortnight' }), /Schedule 'every fortnight' is neither an interval such as 'every 15m' nor a valid cron expression/],
    ['a missing required config field', () => ({ config: { accessToken: 'shpat_x', baseUrl: 'http://127.0.0.1:1' } }), /Config field shopDomain is required for shopify: The store's myshopify.com domain/],
    ['an unknown config field', (config) => ({ config: { ...config, password: 'x' } }), /Unknown config field\(s\) password for shopify/],
    ['a config field of the wrong type', (config) => ({ config: { ...config, pageSize: 'lots' } }), /Config field pageSize must be a number/],
    ['a name that cannot be a source name', () => ({ name: 'my shop' }), /connection name holds 1-64 letters/],
    ['a config that is not an object', () => ({ config: 'accessToken=x' }), /JSONObject/],
  ])('refuses %s with BAD_USER_INPUT and says what is wrong', async (_label, input, message) => {
    const body = await create(input(shop.config));
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(message);
    expect(await hub.testDb.database.query("select id from connections where name = 'shop-2'")).toEqual([]);
  });

  it('refuses a second connection of the same name with CONFLICT', async () => {
    const body = await create({ name: 'shop' });
    expect(body.errors[0].extensions.code).toBe('CONFLICT');
  });

  it('refuses a bad schedule on update and leaves the connection as it was', async () => {
    const body = await api('mutation { updateConnection(id: "shop", input: { schedule: "61 * * * *" }) { id } }');
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/Schedule '61 \* \* \* \*' is neither/);
    expect((await data(ConnectionByIdDocument, { id: 'shop' })).connection.schedule).toBeNull();
  });

  it('answers NOT_FOUND for syncs and runs of an unknown connection', async () => {
    for (const query of ['mutation { triggerSync(connectionId: "nope") { id } }', '{ syncRuns(connectionId: "nope") { edges { cursor } } }', 'mutation { testConnection(id: "nope") { ok } }']) {
      const body = await api(query);
      expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
      expect(body.errors[0].message).toMatch(/No connection nope/);
    }
  });

  it('refuses a page size out of range and a cursor it did not issue', async () => {
    const tooLarge = await api('{ syncRuns(connectionId: "shop", first: 501) { edges { cursor } } }');
    expect(tooLarge.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/first must not be greater than 500/) });
    const zero = await api('{ connection(id: "shop") { lastRun { rejections(first: 0) { edges { cursor } } } } }');
    expect(zero.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const garbage = await api('{ syncRuns(connectionId: "shop", after: "garbage") { edges { cursor } } }');
    expect(garbage.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/Invalid cursor/) });
  });
});

describe('batching', () => {
  const LIST = '{ connections { id config lastRun { id status streams { stream read } rejections(first: 3) { edges { node { reason } } } } } }';

  async function statementsForList(): Promise<{ statements: number; withRuns: number }> {
    await api('{ connectors { type } }'); // warms the API-key cache
    const before = hub.statementCount();
    const { connections } = await data(LIST);
    return { statements: hub.statementCount() - before, withRuns: connections.filter((connection: any) => connection.lastRun).length };
  }

  async function addConnectionsWithRuns(names: string[]): Promise<void> {
    for (const name of names) {
      const connection = await hub.services.connections.create({ name, connector: 'shopify', config: shop.config });
      // Queued straight in the store (not on the job queue): a queued run is a last run as good as any.
      await hub.services.sync.enqueue(connection.id, { fullRefresh: false, trigger: 'manual' });
    }
  }

  it('lists connections with their last runs and rejections in as many SQL statements for 6 connections as for 2', async () => {
    await addConnectionsWithRuns(['batch-1']);
    const small = await statementsForList();
    await addConnectionsWithRuns(['batch-2', 'batch-3', 'batch-4', 'batch-5']);
    const large = await statementsForList();
    expect(small.withRuns).toBe(2);
    expect(large.withRuns).toBe(6);
    // One statement for the connections, one for all their last runs, one for all those runs' rejections.
    expect(large.statements).toBe(3);
    expect(small.statements).toBe(large.statements);
  });
});

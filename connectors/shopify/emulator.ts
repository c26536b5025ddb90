import type { EmulatorOptions, StartEmulator, StartedEmulator } from '../sdk/emulation/emulator';
import { serveEmulator, type EmulatorReply, type EmulatorRequest } from '../sdk/emulation/emulator-server';
import { FaultSwitches } from '../sdk/emulation/fault-switches';
import { syntheticPeople } from '../sdk/emulation/synthetic-people';
import { EmulatedBulkOperations } from './emulated-bulk';
import { EmulatedShopifyAuth, INVALID_TOKEN } from './emulated-oauth';
import { EmulatedShop, shopifyTime, type MarketingState } from './emulated-shop';
import { connectionCost, nodeCost, SINGLE_QUERY_MAX_COST } from './query-cost';
import { QueryCostBucket, type ThrottleStatus } from './query-cost-bucket';

/**
 * A Shopify Admin GraphQL API on 127.0.0.1: `POST /admin/api/{version}/graphql.json` with
 * `X-Shopify-Access-Token`, answering the root fields `shop`, `customers` and `orders`. Connections page
 * by opaque cursors (`first` ≤ 250, `after`), sort by `sortKey` (UPDATED_AT or ID) and filter by the
 * search syntax `updated_at:>='ISO'`. Every answer carries `extensions.cost`, charged to a real leaky
 * bucket (2,000 points, 100/s: the Standard plan's rate on shopify.dev today) at Shopify's prices: a connection costs 2 + first × (1 for the node + 1 for each object
 * selected inside it), and a query over 1,000 points is refused (MAX_COST_EXCEEDED) whatever the bucket holds. The
 * query text is read only as far as needed (root field, sortKey, the node's selection for its cost); nodes always have
 * the fields the connector asks for. A version older than Shopify's 12-month window is served as the oldest supported
 * one, said in `X-Shopify-API-Version`.
 *
 * Faults, in Shopify's own terms: rateLimit → HTTP 200 `THROTTLED` as if another client of the same app
 * had just emptied the bucket (the real bucket is left alone, so the retry succeeds whatever the clock);
 * serverError → 503; expireToken → the access token in use is revoked (as an uninstall or a rotation by hand
 * does; a client-credentials or offline-refresh connection gets a new one, an admin token cannot); truncateJson
 * → cut-off body. Tokens and grants: see EmulatedShopifyAuth.
 */
export interface ShopifyEmulator extends StartedEmulator {
  /** Marks a person's customer record edited at `at` (a tag is added), so it shows up in incremental reads. */
  touch(key: string, at: Date): void;
  /** Places an order for a person's customer at `at` (which updates the customer too); returns the order gid. */
  placeOrder(key: string, at: Date, totalCents?: number): string;
  /** The customer gid Shopify shows for a person of the synthetic pool. */
  customerId(key: string): string;
  /** The person's customer changes their e-mail or SMS marketing consent at `at` (the customer is updated too). */
  setMarketingConsent(key: string, channel: 'email' | 'sms', state: MarketingState, at: Date): void;
  /** The cost bucket; `bucket.configure({ maximumAvailable, restoreRate })` makes throttling easy to reach. */
  bucket: QueryCostBucket;
  /** Moves the emulator's clock (and so the bucket's refill) forward without waiting. */
  advanceClock(ms: number): void;
  /** The store's data, for tests that compare what was read with what is there. */
  shop: EmulatedShop;
  /** How many answers were THROTTLED, by the fault switch or by the bucket. */
  stats: { throttled: number };
  /** The app's tokens: admin token, client credentials, expiring offline tokens with rotating refresh tokens, granted scopes. */
  auth: EmulatedShopifyAuth;
  /** Bulk exports: `plan` (polls until done, a FAILED errorCode, cut-off downloads), `stats` (downloads that carried credentials), `onPoll`. */
  bulk: EmulatedBulkOperations;
  /** A connection config for each credential kind (the offline kind gets a fresh install's token pair each call). */
  configFor(kind: 'admin-token' | 'client-credentials' | 'expiring-offline-token'): Record<string, string | number>;
}

const MAX_PAGE_SIZE = 250;

type GraphqlBody = { query?: unknown; variables?: Record<string, unknown> };
/** `node` is built only for the rows a page returns: building all of them made every page cost O(shop size). */
type Row = { numericId: number; updatedAt: number; node: () => unknown };

export const startEmulator = (async (options: EmulatorOptions = {}): Promise<ShopifyEmulator> => {
  const seed = options.seed ?? 20261123;
  const shop = new EmulatedShop(syntheticPeople(options.customers ?? 200, seed), seed);
  const faults = new FaultSwitches();
  let clockOffsetMs = 0;
  const bucket = new QueryCostBucket(2000, 100, () => Date.now() + clockOffsetMs);
  const auth = new EmulatedShopifyAuth(() => Date.now() + clockOffsetMs);
  const stats = { throttled: 0 };
  const bulk = new EmulatedBulkOperations(
    () => Date.now() + clockOffsetMs,
    (root) => (root === 'customers' ? shop.customers.map((customer) => shop.customerNode(customer)) : shop.orders.map((order) => shop.orderNode(order))),
  );
  await bulk.start();

  const graphqlError = (message: string, code?: string, extra: Record<string, unknown> = {}): EmulatorReply => ({
    status: 200,
    body: { errors: [{ message, ...(code ? { extensions: { code } } : {}) }], ...extra },
  });
  const throttled = (requestedQueryCost: number, throttleStatus: ThrottleStatus): EmulatorReply => {
    stats.throttled++;
    return {
      status: 200,
      body: {
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/limits#rate-limits' } }],
        extensions: { cost: { requestedQueryCost, actualQueryCost: null, throttleStatus } },
      },
    };
  };

  // Sorted once per change of the shop, not per page: re-sorting 100k customers on every page cost up to a second.
  const listings = new Map<string, { version: number; rows: Row[] }>();
  const sortedRows = (root: string, sortKey: string): Row[] => {
    const cached = listings.get(`${root} ${sortKey}`);
    if (cached?.version === shop.version) return cached.rows;
    const rows: Row[] =
      root === 'customers'
        ? shop.customers.map((customer) => ({ numericId: customer.numericId, updatedAt: customer.updatedAt.getTime(), node: () => shop.customerNode(customer) }))
        : shop.orders.map((order) => ({ numericId: order.numericId, updatedAt: order.updatedAt.getTime(), node: () => shop.orderNode(order) }));
    const sortValue = sortValueOf(sortKey);
    rows.sort((a, b) => sortValue(a) - sortValue(b) || a.numericId - b.numericId);
    listings.set(`${root} ${sortKey}`, { version: shop.version, rows });
    return rows;
  };

  const handle = (request: EmulatorRequest): EmulatorReply => {
    const oauth = auth.handle(request);
    if (oauth) return oauth;
    const version = /^\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/.exec(request.url.pathname)?.[1];
    if (!version) return { status: 404, body: { errors: 'Not Found' } };
    const reply = answer(request);
    return { ...reply, headers: { ...reply.headers, 'X-Shopify-API-Version': servedVersion(version, Date.now() + clockOffsetMs) } };
  };

  const answer = (request: EmulatorRequest): EmulatorReply => {
    if (request.method !== 'POST') return { status: 405, body: { errors: 'Method Not Allowed' } };
    const token = request.headers['x-shopify-access-token'];
    if (!auth.accepts(token)) return { status: 401, body: { errors: INVALID_TOKEN } };
    if (faults.plan.expireToken) {
      faults.set({ expireToken: false });
      auth.revoke(String(token));
      return { status: 401, body: { errors: INVALID_TOKEN } };
    }
    if (faults.take('serverError')) return { status: 503, body: { errors: 'Service Unavailable' } };

    const { query, variables = {} } = (request.body ?? {}) as GraphqlBody;
    if (typeof query !== 'string') return { status: 400, body: { errors: { query: 'Required parameter missing or invalid' } } };
    const bulkAnswer = answerBulk(query, variables);
    if (bulkAnswer) return bulkAnswer;
    const root = /\b(shop|customers|orders)\s*[({]/.exec(query)?.[1];
    if (!root) return graphqlError(`Field '${/{\s*(\w+)/.exec(query)?.[1] ?? '?'}' doesn't exist on type 'QueryRoot'`, 'undefinedField');
    const first = Number(variables.first ?? /first:\s*(\d+)/.exec(query)?.[1]);
    if (root !== 'shop' && !(first > 0)) {
      // As Shopify answers it: data null, the field's place in the query, and the connection's minimum cost charged.
      const at = query.search(new RegExp(`\\b${root}\\b`));
      const before = query.slice(0, at).split('\n');
      bucket.tryDebit(2);
      const cost = { requestedQueryCost: 2, actualQueryCost: 2, throttleStatus: bucket.status() };
      return {
        status: 200,
        body: { data: null, errors: [{ message: 'you must provide one of first or last', locations: [{ line: before.length, column: before.at(-1)!.length + 1 }], path: [root] }], extensions: { cost } },
      };
    }
    if (first > MAX_PAGE_SIZE) return graphqlError(`The first argument must be less than or equal to ${MAX_PAGE_SIZE}.`, 'BAD_REQUEST');

    // A plain object costs 1; a connection 2 + first × its node's cost, nested objects included.
    const costOfNode = nodeCost(nodeSelection(query));
    const requestedQueryCost = root === 'shop' ? 1 : connectionCost(first, costOfNode);
    if (root !== 'shop' && !auth.scopes.includes(`read_${root}`)) {
      return graphqlError(`Access denied for ${root} field. Required access: \`read_${root}\` access scope.`, 'ACCESS_DENIED');
    }
    if (requestedQueryCost > SINGLE_QUERY_MAX_COST) {
      return {
        status: 200,
        body: {
          errors: [
            {
              message: `Query cost is ${requestedQueryCost}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).`,
              extensions: { code: 'MAX_COST_EXCEEDED', cost: requestedQueryCost, maxCost: SINGLE_QUERY_MAX_COST },
            },
          ],
        },
      };
    }
    if (faults.take('rateLimit')) return throttled(requestedQueryCost, { ...bucket.status(), currentlyAvailable: 0 });
    if (!bucket.tryDebit(requestedQueryCost)) return throttled(requestedQueryCost, bucket.status());

    let data: unknown;
    let actualQueryCost = requestedQueryCost;
    if (root === 'shop') {
      data = { name: 'Hub Emulated Shop', myshopifyDomain: 'hub-emulated.myshopify.com' };
    } else {
      const sortKey = String(variables.sortKey ?? /sortKey:\s*(\w+)/.exec(query)?.[1] ?? 'ID');
      const page = connectionPage(sortedRows(root, sortKey), { first, after: variables.after, search: variables.query, sortKey });
      if (page.error !== undefined) return graphqlError(page.error);
      data = page.connection;
      // Charged for what came back: 2 + each node with the nested objects it actually has (a null one costs nothing).
      actualQueryCost = 2 + page.connection.edges.reduce((sum, edge) => sum + objectsIn(edge.node), 0);
      bucket.refund(requestedQueryCost - actualQueryCost);
    }
    return { status: 200, body: { data: { [root]: data }, extensions: { cost: { requestedQueryCost, actualQueryCost, throttleStatus: bucket.status() } } } };
  };

  /** customersCount and ordersCount: `query` filters as a connection's does, `limit` caps (default 10,000; null: none, as since 2025-07). */
  const storeCount = (root: 'customers' | 'orders', variables: Record<string, unknown>) => {
    const filters = parseUpdatedAtFilters(typeof variables.query === 'string' ? variables.query : '');
    const matching = sortedRows(root, 'ID').filter((row) => filters.every((accepts) => accepts(row.updatedAt))).length;
    const limit = variables.limit === null ? Infinity : Number(variables.limit ?? 10_000);
    return { count: Math.min(matching, limit), precision: matching >= limit ? 'AT_LEAST' : 'EXACT' };
  };

  /** The bulk mutation (10 points, as every mutation), an operation's status and the store's counts (1 point each). */
  const answerBulk = (query: string, variables: Record<string, unknown>): EmulatorReply | undefined => {
    const field = /\b(bulkOperationRunQuery|bulkOperation|node|customersCount|ordersCount)\s*\(/.exec(query)?.[1];
    if (!field) return undefined;
    const requestedQueryCost = field === 'bulkOperationRunQuery' ? 10 : 1;
    const status = field === 'node' || field === 'bulkOperation';
    if (!status && !auth.scopes.includes(`read_${field === 'ordersCount' ? 'orders' : 'customers'}`)) {
      return graphqlError(`Access denied for ${field} field.`, 'ACCESS_DENIED');
    }
    // The rateLimit fault is kept for the data pages (the tests that use it count their waits); the bucket still charges these.
    if (!bucket.tryDebit(requestedQueryCost)) return throttled(requestedQueryCost, bucket.status());
    const data =
      field === 'bulkOperationRunQuery'
        ? bulk.run(String(variables.query ?? ''))
        : status
          ? bulk.poll(variables.id)
          : storeCount(field === 'customersCount' ? 'customers' : 'orders', variables);
    return { status: 200, body: { data: { [field]: data }, extensions: { cost: { requestedQueryCost, actualQueryCost: requestedQueryCost, throttleStatus: bucket.status() } } } };
  };

  // The export server is up already: a port already taken must not leave it holding the process open.
  const running = await serveEmulator(handle, faults, options.port).catch(async (error: unknown) => {
    await bulk.stop();
    throw error;
  });
  return {
    ...running,
    config: { shopDomain: 'hub-emulated.myshopify.com', baseUrl: running.url, accessToken: auth.adminToken, pageSize: 100 },
    stop: async () => {
      await bulk.stop();
      await running.stop();
    },
    auth,
    bulk,
    configFor: (kind) => {
      const base = { shopDomain: 'hub-emulated.myshopify.com', baseUrl: running.url, pageSize: 100, credentialKind: kind };
      if (kind === 'admin-token') return { ...base, accessToken: auth.adminToken };
      if (kind === 'client-credentials') return { ...base, clientId: auth.clientId, clientSecret: auth.clientSecret };
      return { ...base, clientId: auth.clientId, clientSecret: auth.clientSecret, ...auth.installOffline() };
    },
    touch: (key, at) => shop.touch(key, at),
    placeOrder: (key, at, totalCents) => shop.placeOrder(key, at, totalCents),
    customerId: (key) => `gid://shopify/Customer/${shop.customer(key).numericId}`,
    setMarketingConsent: (key, channel, state, at) => shop.setMarketingConsent(key, channel, state, at),
    bucket,
    advanceClock: (ms) => void (clockOffsetMs += ms),
    shop,
    stats,
  };
}) satisfies StartEmulator;

/** 1 for an object and 1 for every non-null object inside it: what Shopify counts in `actualQueryCost`. */
function objectsIn(value: unknown): number {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 0;
  return 1 + Object.values(value).reduce((sum: number, inner) => sum + objectsIn(inner), 0);
}

/** The selection set of `node { … }` in a connection query (braces matched); empty when there is none. */
function nodeSelection(query: string): string {
  const start = /\bnode\s*{/.exec(query);
  if (!start) return '';
  let depth = 0;
  for (let at = start.index + start[0].length - 1; at < query.length; at++) {
    if (query[at] === '{') depth++;
    else if (query[at] === '}' && --depth === 0) return query.slice(start.index + start[0].length, at);
  }
  return '';
}

/** Shopify serves a version for 12 months after its release; a request for an older one gets the oldest supported. */
function servedVersion(requested: string, nowMs: number): string {
  if (requested === 'unstable') return requested;
  const now = new Date(nowMs);
  const quarterMonth = Math.floor(now.getUTCMonth() / 3) * 3;
  const oldest = new Date(Date.UTC(now.getUTCFullYear(), quarterMonth - 9, 1));
  const oldestName = `${oldest.getUTCFullYear()}-${String(oldest.getUTCMonth() + 1).padStart(2, '0')}`;
  return requested < oldestName ? oldestName : requested;
}

interface PageArguments {
  first: number;
  after: unknown;
  search: unknown;
  sortKey: string;
}

const sortValueOf = (sortKey: string) => (sortKey === 'UPDATED_AT' ? (row: Row) => row.updatedAt : (row: Row) => row.numericId);

/** One page of a Relay connection over rows sorted by `sortKey`: filter by the search query, resume after the cursor's position. */
function connectionPage(sorted: Row[], args: PageArguments) {
  const sortValue = sortValueOf(args.sortKey);
  const filters = parseUpdatedAtFilters(typeof args.search === 'string' ? args.search : '');
  const matching = filters.length === 0 ? sorted : sorted.filter((row) => filters.every((accepts) => accepts(row.updatedAt)));

  let start = 0;
  if (typeof args.after === 'string') {
    const position = decodeCursor(args.after);
    if (!position) return { error: 'Invalid cursor for current pagination.' };
    // Keyset paging, like Shopify's cursors: stable while records change between pages.
    start = firstIndexWhere(matching, (row) => sortValue(row) > position.lastValue || (sortValue(row) === position.lastValue && row.numericId > position.lastId));
  }
  const edges = matching.slice(start, start + args.first).map((row) => ({ cursor: encodeCursor(row.numericId, sortValue(row)), node: row.node() }));
  return {
    connection: {
      edges,
      pageInfo: {
        hasNextPage: matching.length - start > args.first,
        hasPreviousPage: typeof args.after === 'string',
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    },
  };
}

/** Binary search: the first index from which `holds` is true, for a predicate false-then-true along the rows. */
function firstIndexWhere(rows: Row[], holds: (row: Row) => boolean): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (holds(rows[middle])) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Shopify search syntax, `updated_at` terms only: `updated_at:>='2026-01-01T00:00:00Z'`, also unquoted. */
function parseUpdatedAtFilters(search: string): ((updatedAtMs: number) => boolean)[] {
  const filters: ((updatedAtMs: number) => boolean)[] = [];
  for (const [, operator, value] of search.matchAll(/updated_at:(>=|<=|>|<)?\s*['"]?([^'"\s)]+)['"]?/g)) {
    const bound = Date.parse(value);
    if (Number.isNaN(bound)) continue; // Shopify ignores a search term it cannot read
    if (operator === '>=') filters.push((ms) => ms >= bound);
    else if (operator === '>') filters.push((ms) => ms > bound);
    else if (operator === '<=') filters.push((ms) => ms <= bound);
    else if (operator === '<') filters.push((ms) => ms < bound);
    else filters.push((ms) => shopifyTime(new Date(ms)).startsWith(value));
  }
  return filters;
}

function encodeCursor(lastId: number, lastValue: number): string {
  return Buffer.from(JSON.stringify({ last_id: lastId, last_value: lastValue })).toString('base64');
}

function decodeCursor(cursor: string): { lastId: number; lastValue: number } | undefined {
  try {
    const { last_id, last_value } = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
    return typeof last_id === 'number' && typeof last_value === 'number' ? { lastId: last_id, lastValue: last_value } : undefined;
  } catch {
    return undefined;
  }
}

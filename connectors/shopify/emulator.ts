import { randomBytes } from 'node:crypto';
import type { EmulatorOptions, StartEmulator, StartedEmulator } from '../sdk/emulation/emulator';
import { serveEmulator, type EmulatorReply, type EmulatorRequest } from '../sdk/emulation/emulator-server';
import { FaultSwitches } from '../sdk/emulation/fault-switches';
import { syntheticPeople } from '../sdk/emulation/synthetic-people';
import { EmulatedShop, shopifyTime, type MarketingState } from './emulated-shop';
import { QueryCostBucket, type ThrottleStatus } from './query-cost-bucket';

/**
 * A Shopify Admin GraphQL API on 127.0.0.1: `POST /admin/api/{version}/graphql.json` with
 * `X-Shopify-Access-Token`, answering the root fields `shop`, `customers` and `orders`. Connections page
 * by opaque cursors (`first` ≤ 250, `after`), sort by `sortKey` (UPDATED_AT or ID) and filter by the
 * search syntax `updated_at:>='ISO'`. Every answer carries `extensions.cost`, charged to a real leaky
 * bucket (1000 points, 50/s; a connection costs 2 + first). The query text is read only as far as needed
 * (root field, sortKey); selection sets are not evaluated: nodes always have the fields the connector asks for.
 *
 * Faults, in Shopify's own terms: rateLimit → HTTP 200 `THROTTLED` as if another client of the same app
 * had just emptied the bucket (the real bucket is left alone, so the retry succeeds whatever the clock);
 * serverError → 503; expireToken → the access token is revoked (Shopify's offline tokens do not expire,
 * but an uninstall or a rotation ends them, and nothing can refresh them); truncateJson → cut-off body.
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
}

const MAX_PAGE_SIZE = 250;
const INVALID_TOKEN = '[API] Invalid API key or access token (unrecognized login or wrong password)';

type GraphqlBody = { query?: unknown; variables?: Record<string, unknown> };
/** `node` is built only for the rows a page returns: building all of them made every page cost O(shop size). */
type Row = { numericId: number; updatedAt: number; node: () => unknown };

export const startEmulator = (async (options: EmulatorOptions = {}): Promise<ShopifyEmulator> => {
  const seed = options.seed ?? 20261123;
  const shop = new EmulatedShop(syntheticPeople(options.customers ?? 200, seed), seed);
  const faults = new FaultSwitches();
  let clockOffsetMs = 0;
  const bucket = new QueryCostBucket(1000, 50, () => Date.now() + clockOffsetMs);
  const accessToken = `shpat_${randomBytes(16).toString('hex')}`;
  let tokenRevoked = false;
  const stats = { throttled: 0 };

  const graphqlError = (message: string, code?: string, extra: Record<string, unknown> = {}): EmulatorReply => ({
    status: 200,
    body: { errors: [{ message, ...(code ? { extensions: { code } } : {}) }], ...extra },
  });
  const throttled = (requestedQueryCost: number, throttleStatus: ThrottleStatus): EmulatorReply => {
    stats.throttled++;
    return graphqlError('Throttled', 'THROTTLED', { extensions: { cost: { requestedQueryCost, actualQueryCost: null, throttleStatus } } });
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
    if (!/^\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/.test(request.url.pathname)) return { status: 404, body: { errors: 'Not Found' } };
    if (request.method !== 'POST') return { status: 405, body: { errors: 'Method Not Allowed' } };
    const token = request.headers['x-shopify-access-token'];
    if (token !== accessToken || tokenRevoked) return { status: 401, body: { errors: INVALID_TOKEN } };
    if (faults.plan.expireToken) {
      faults.set({ expireToken: false });
      tokenRevoked = true;
      return { status: 401, body: { errors: INVALID_TOKEN } };
    }
    if (faults.take('serverError')) return { status: 503, body: { errors: 'Service Unavailable' } };

    const { query, variables = {} } = (request.body ?? {}) as GraphqlBody;
    if (typeof query !== 'string') return { status: 400, body: { errors: { query: 'Required parameter missing or invalid' } } };
    const root = /\b(shop|customers|orders)\s*[({]/.exec(query)?.[1];
    if (!root) return graphqlError(`Field '${/{\s*(\w+)/.exec(query)?.[1] ?? '?'}' doesn't exist on type 'QueryRoot'`, 'undefinedField');
    const first = Number(variables.first ?? /first:\s*(\d+)/.exec(query)?.[1]);
    if (root !== 'shop' && !(first > 0)) return graphqlError('you must provide one of first or last');
    if (first > MAX_PAGE_SIZE) return graphqlError(`The first argument must be less than or equal to ${MAX_PAGE_SIZE}.`, 'BAD_REQUEST');

    // A connection costs 2 plus one per object it may return; a plain object costs 1.
    const requestedQueryCost = root === 'shop' ? 1 : 2 + first;
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
      actualQueryCost = 2 + page.connection.edges.length;
      bucket.refund(requestedQueryCost - actualQueryCost);
    }
    return { status: 200, body: { data: { [root]: data }, extensions: { cost: { requestedQueryCost, actualQueryCost, throttleStatus: bucket.status() } } } };
  };

  const running = await serveEmulator(handle, faults, options.port);
  return {
    ...running,
    config: { shopDomain: 'hub-emulated.myshopify.com', baseUrl: running.url, accessToken, apiVersion: '2025-01', pageSize: 100 },
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

import type { Connector, ConnectorContext, ReadMessage, StreamState } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';
import type { HttpClient } from '../sdk/http-client';
import { CREDENTIAL_KINDS } from './access-token';
import { DEFAULT_API_VERSION, DEFAULT_PAGE_SIZE, postQuery, settingsFrom, shopifyClients, type QueryCost, type ShopifySettings } from './admin-api';
import { awaitBulkOperation, bulkQuery, bulkResultLines, cursorAfterBulk, DEFAULT_BULK_THRESHOLD, startBulkQuery, storeCount } from './bulk-operation';
import { checkShopify } from './check';
import { mapCustomer, mapOrder, type MappingResult } from './mapping';
import { chargedNodeCost, largestPage, MAX_PAGE_SIZE, nodeCost } from './query-cost';
import { UpdatedAtCursor } from './updated-at-cursor';

export { inspectShopifyResponse } from './admin-api';

/**
 * Shopify Admin GraphQL API: customers and orders, read incrementally by `updated_at`, with whichever of Shopify's
 * three token kinds the store has (see access-token.ts). Page sizes follow Shopify's query cost, never over the
 * single-query limit.
 */

const CUSTOMER_FIELDS = `id email phone firstName lastName createdAt updatedAt tags numberOfOrders
  amountSpent { amount currencyCode }
  defaultAddress { address1 address2 city province zip countryCodeV2 phone company }
  emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt }
  smsMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt consentCollectedFrom }`;
const ORDER_FIELDS = `id name email phone createdAt updatedAt
  totalPriceSet { shopMoney { amount currencyCode } }
  customer { id email phone }`;

/** Paging and filtering go in variables; sortKey UPDATED_AT makes every page boundary a resume point. */
const connectionQuery = (root: string, fields: string) => `query HubSync($first: Int!, $after: String, $query: String) {
  ${root}(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
    edges { cursor node { ${fields} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface StreamDefinition {
  root: 'customers' | 'orders';
  query: string;
  /** The same fields as one bulk export (no `first`: Shopify pages the export itself). */
  bulkQuery: string;
  /** What one node costs in Shopify's points: the node and each object nested in it. */
  nodeCost: number;
  map: (node: never) => MappingResult;
}

const STREAMS: Record<string, StreamDefinition> = {
  customers: { root: 'customers', query: connectionQuery('customers', CUSTOMER_FIELDS), bulkQuery: bulkQuery('customers', CUSTOMER_FIELDS), nodeCost: nodeCost(CUSTOMER_FIELDS), map: mapCustomer },
  orders: { root: 'orders', query: connectionQuery('orders', ORDER_FIELDS), bulkQuery: bulkQuery('orders', ORDER_FIELDS), nodeCost: nodeCost(ORDER_FIELDS), map: mapOrder },
};

interface Connection {
  edges: { cursor?: string; node: { id?: unknown; updatedAt?: unknown } }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export const shopifyConnector: Connector = {
  spec: {
    type: 'shopify',
    title: 'Shopify',
    fields: [
      { name: 'shopDomain', type: 'string', required: true, destination: 'host', description: 'The store\'s myshopify.com domain, e.g. my-store.myshopify.com' },
      {
        name: 'credentialKind',
        type: 'string',
        required: false,
        default: 'admin-token',
        description: `How the store grants access: ${CREDENTIAL_KINDS.join(', ')} (admin-token: an admin-created app's shpat_ token; client-credentials: a Dev Dashboard app of the store's organization; expiring-offline-token: an install flow's offline token and refresh token)`,
      },
      { name: 'accessToken', type: 'string', required: false, secret: true, description: 'admin-token: the Admin API access token (shpat_…); expiring-offline-token: the offline access token from the install (optional: the refresh token gets one)' },
      { name: 'clientId', type: 'string', required: false, description: 'client-credentials and expiring-offline-token: the app\'s client ID (Dev Dashboard → the app → Settings)' },
      { name: 'clientSecret', type: 'string', required: false, secret: true, description: 'client-credentials and expiring-offline-token: the app\'s client secret' },
      { name: 'refreshToken', type: 'string', required: false, secret: true, description: 'expiring-offline-token: the refresh token from the install; replaced on every use, the hub stores each new one' },
      { name: 'apiVersion', type: 'string', required: false, default: DEFAULT_API_VERSION, description: `Admin API version (YYYY-MM); Shopify supports each for 12 months, default ${DEFAULT_API_VERSION}` },
      { name: 'pageSize', type: 'number', required: false, default: DEFAULT_PAGE_SIZE, description: `Records per request (1–${MAX_PAGE_SIZE}); lowered to what fits Shopify's 1,000-point single-query limit` },
      {
        name: 'bulkThreshold',
        type: 'number',
        required: false,
        default: DEFAULT_BULK_THRESHOLD,
        description: `A stream's first full read goes through a Shopify bulk export when the store has at least this many of its objects (0: always); incremental reads always page`,
      },
      { name: 'baseUrl', type: 'string', required: false, destination: 'url', description: 'Overrides https://{shopDomain}, e.g. to reach a local emulator' },
    ],
    traits: [
      { key: 'shopify_tags', type: 'text', description: "The customer's tags, comma-separated" },
      { key: 'shopify_orders_count', type: 'number', description: 'How many orders the customer placed' },
      { key: 'shopify_amount_spent', type: 'number', description: 'What the customer spent in all, in shopify_currency' },
      { key: 'shopify_currency', type: 'text', description: 'Currency code of shopify_amount_spent' },
      { key: 'shopify_email_marketing', type: 'text', description: 'E-mail marketing state (SUBSCRIBED, NOT_SUBSCRIBED, …)' },
      { key: 'shopify_address_phone', type: 'text', description: "The default address's phone (maybe a recipient's), never an identifier" },
      { key: 'shopify_created_at', type: 'datetime', description: 'When the customer was created in Shopify' },
      { key: 'shopify_customer_id', type: 'text', description: "An order's customer GID" },
    ],
  },

  streams: () => [
    { name: 'customers', incremental: true },
    { name: 'orders', incremental: true },
  ],

  check: (config, context) => checkShopify(config, context),

  async *read(stream, config, state, context): AsyncGenerator<ReadMessage> {
    const definition = STREAMS[stream];
    if (!definition) throw new ConnectorError('BAD_CONFIG', `Shopify has no stream '${stream}': use ${Object.keys(STREAMS).join(' or ')}`);
    const settings = settingsFrom(config);
    const { http, tokens } = shopifyClients(settings, context, { mayRotate: true });
    const cursor = UpdatedAtCursor.from(state);
    if (!cursor.searchQuery()) {
      let bulk = false;
      try {
        const count = await countForFullRead(http, settings, definition, config);
        // For the progress a person reads (rate, ETA); the count decides the bulk export too, so it costs no extra request.
        if (count !== undefined) yield { type: 'total', records: count };
        bulk = count === undefined || count >= bulkThresholdOf(config);
        if (bulk) yield* readBulk(http, settings, definition, context);
      } finally {
        // As for pages: a refresh token rotated by the count or the export is handed over first, even when they failed.
        const rotated = tokens.takeRotated();
        if (rotated) yield { type: 'secrets', secrets: rotated };
      }
      if (bulk) return;
    }
    const search = cursor.searchQuery();
    let pageSize = Math.min(settings.pageSize, largestPage(definition.nodeCost));
    let after: string | undefined;
    do {
      if (context.signal?.aborted) return;
      let page: Connection;
      let cost: QueryCost | undefined;
      try {
        ({ connection: page, cost } = await fetchPage(http, settings, definition, pageSize, after, search));
      } finally {
        // A refresh replaced the refresh token: hand the new one over before anything else, even when the page failed.
        const rotated = tokens.takeRotated();
        if (rotated) yield { type: 'secrets', secrets: rotated };
      }
      pageSize = nextPageSize(pageSize, definition, cost);
      for (const { node } of page.edges) {
        if (cursor.alreadyDelivered(node.id, node.updatedAt)) continue;
        const mapped = definition.map(node as never);
        yield mapped.ok ? { type: 'record', record: mapped.record } : { type: 'rejection', reason: mapped.reason, raw: node };
        cursor.advance(node.id, node.updatedAt);
      }
      yield { type: 'state', state: stateAfterPage(cursor, state) };
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor ?? undefined : undefined;
      if (page.pageInfo.hasNextPage && !after) throw new ConnectorError('BAD_RESPONSE', `Shopify said ${definition.root} has a next page but gave no endCursor`);
    } while (after);
  },
};

function bulkThresholdOf(config: Record<string, unknown>): number {
  const threshold = Number(config.bulkThreshold ?? DEFAULT_BULK_THRESHOLD);
  if (!Number.isInteger(threshold) || threshold < 0) throw new ConnectorError('BAD_CONFIG', `bulkThreshold must be a whole number of 0 or more, not ${config.bulkThreshold}`);
  return threshold;
}

/**
 * A first full read's size, uncapped: whether it goes through a bulk export (at least `bulkThreshold` objects) and the
 * stream's total. Undefined with a bulkThreshold of 0 (bulk without asking; the export's objectCount is the total then).
 */
async function countForFullRead(http: HttpClient, settings: ShopifySettings, definition: StreamDefinition, config: Record<string, unknown>): Promise<number | undefined> {
  if (bulkThresholdOf(config) === 0) return undefined;
  return storeCount(http, settings, definition.root, null);
}

/**
 * The whole stream as one bulk export, mapped exactly as pages are. One checkpoint at the end (the file has no
 * order to resume by), from before the export started, so the next read pages through what changed meanwhile.
 */
async function* readBulk(http: HttpClient, settings: ShopifySettings, definition: StreamDefinition, context: ConnectorContext): AsyncGenerator<ReadMessage> {
  const requestedAt = Date.now();
  const operation = await awaitBulkOperation(http, settings, await startBulkQuery(http, settings, definition.bulkQuery), context.signal);
  if (!operation) return;
  if (!context.signal?.aborted && operation.objectCount !== undefined && operation.objectCount !== null && Number.isFinite(Number(operation.objectCount))) {
    yield { type: 'total', records: Number(operation.objectCount) };
  }
  // No objects: Shopify gives no file at all.
  if (operation.url) {
    for await (const line of bulkResultLines(operation.url, context)) {
      if (context.signal?.aborted) return;
      // A nested connection's objects come as lines of their own; the hub's queries select none.
      if ('__parentId' in line) continue;
      const mapped = definition.map(line as never);
      yield mapped.ok ? { type: 'record', record: mapped.record } : { type: 'rejection', reason: mapped.reason, raw: line };
    }
  }
  yield { type: 'state', state: { updatedAtMin: cursorAfterBulk(operation, requestedAt), idsAtUpdatedAtMin: [] } };
}

/** The next page's size: smaller when Shopify charged more per node than estimated; never over the single-query limit. */
export function nextPageSize(current: number, definition: { nodeCost: number }, cost: QueryCost | undefined): number {
  const charged = chargedNodeCost(cost?.requestedQueryCost, current);
  if (charged === undefined || charged <= definition.nodeCost) return current;
  return Math.min(current, largestPage(charged));
}

/** An empty page must not erase the previous checkpoint. */
function stateAfterPage(cursor: UpdatedAtCursor, previous: StreamState | undefined): StreamState {
  const state = cursor.toState();
  return Object.keys(state).length > 0 ? state : previous ?? {};
}

async function fetchPage(http: HttpClient, settings: ShopifySettings, definition: StreamDefinition, first: number, after: string | undefined, search: string | undefined) {
  const { data, cost } = await postQuery(http, settings, definition.query, { first, after: after ?? null, query: search ?? null });
  const connection = data[definition.root] as Connection | undefined;
  if (!connection || !Array.isArray(connection.edges) || typeof connection.pageInfo?.hasNextPage !== 'boolean') {
    throw new ConnectorError('BAD_RESPONSE', `Shopify answered the ${definition.root} query without a ${definition.root} connection (edges and pageInfo)`);
  }
  return { connection, cost };
}


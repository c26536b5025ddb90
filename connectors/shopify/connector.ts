import type { Connector, ConnectorConfig, ConnectorContext, ReadMessage, StreamState } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';
import type { HttpClient, HttpResponse, ResponseVerdict } from '../sdk/http-client';
import { mapCustomer, mapOrder, type MappingResult } from './mapping';
import { UpdatedAtCursor } from './updated-at-cursor';

/**
 * Shopify Admin GraphQL API: customers and orders, read incrementally by `updated_at`. Shopify's access
 * tokens (custom or installed app, offline) cannot be refreshed: a 401 is final and needs a person.
 */

const DEFAULT_API_VERSION = '2025-01';
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 250;

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
  map: (node: never) => MappingResult;
}

const STREAMS: Record<string, StreamDefinition> = {
  customers: { root: 'customers', query: connectionQuery('customers', CUSTOMER_FIELDS), map: mapCustomer },
  orders: { root: 'orders', query: connectionQuery('orders', ORDER_FIELDS), map: mapOrder },
};

interface ShopifySettings {
  baseUrl: string;
  accessToken: string;
  apiVersion: string;
  pageSize: number;
}

interface Connection {
  edges: { cursor?: string; node: { id?: unknown; updatedAt?: unknown } }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

interface GraphqlError {
  message?: string;
  extensions?: { code?: string };
}

interface QueryCost {
  requestedQueryCost?: number;
  throttleStatus?: { currentlyAvailable?: number; restoreRate?: number };
}

export const shopifyConnector: Connector = {
  spec: {
    type: 'shopify',
    title: 'Shopify',
    fields: [
      { name: 'shopDomain', type: 'string', required: true, destination: 'host', description: 'The store\'s myshopify.com domain, e.g. my-store.myshopify.com' },
      { name: 'accessToken', type: 'string', required: true, secret: true, description: 'Admin API access token (shpat_…) of a custom app with read_customers and read_orders' },
      { name: 'apiVersion', type: 'string', required: false, default: DEFAULT_API_VERSION, description: 'Admin API version, e.g. 2025-01' },
      { name: 'pageSize', type: 'number', required: false, default: DEFAULT_PAGE_SIZE, description: `Records per request (1–${MAX_PAGE_SIZE}); each costs about that many query-cost points` },
      { name: 'baseUrl', type: 'string', required: false, destination: 'url', description: 'Overrides https://{shopDomain}, e.g. to reach a local emulator' },
    ],
  },

  streams: () => [
    { name: 'customers', incremental: true },
    { name: 'orders', incremental: true },
  ],

  async check(config, context) {
    let settings: ShopifySettings;
    try {
      settings = settingsFrom(config);
      // One retry only: a person is waiting for the answer.
      const http = context.http({ baseUrl: settings.baseUrl, inspect: inspectShopifyResponse, maxRetries: 1 });
      const data = await postQuery(http, settings, 'query HubCheck { shop { name } }', {});
      if (!data.shop) return { ok: false, reason: `${settings.baseUrl} answered without shop details: is this a Shopify store's Admin API?` };
      return { ok: true };
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      const where = typeof config.baseUrl === 'string' || typeof config.shopDomain === 'string' ? ` (${config.baseUrl ?? config.shopDomain})` : '';
      if (error.code === 'NETWORK' || error.code === 'TIMEOUT') return { ok: false, reason: `could not reach the Shopify store${where}: ${error.message}` };
      return { ok: false, reason: error.message };
    }
  },

  async *read(stream, config, state, context): AsyncGenerator<ReadMessage> {
    const definition = STREAMS[stream];
    if (!definition) throw new ConnectorError('BAD_CONFIG', `Shopify has no stream '${stream}': use ${Object.keys(STREAMS).join(' or ')}`);
    const settings = settingsFrom(config);
    const http = context.http({ baseUrl: settings.baseUrl, inspect: inspectShopifyResponse });
    const cursor = UpdatedAtCursor.from(state);
    const search = cursor.searchQuery();
    let after: string | undefined;
    do {
      if (context.signal?.aborted) return;
      const page = await fetchPage(http, settings, definition, after, search);
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

/** An empty page must not erase the previous checkpoint. */
function stateAfterPage(cursor: UpdatedAtCursor, previous: StreamState | undefined): StreamState {
  const state = cursor.toState();
  return Object.keys(state).length > 0 ? state : previous ?? {};
}

async function fetchPage(http: HttpClient, settings: ShopifySettings, definition: StreamDefinition, after: string | undefined, search: string | undefined): Promise<Connection> {
  const data = await postQuery(http, settings, definition.query, { first: settings.pageSize, after: after ?? null, query: search ?? null });
  const connection = data[definition.root] as Connection | undefined;
  if (!connection || !Array.isArray(connection.edges) || typeof connection.pageInfo?.hasNextPage !== 'boolean') {
    throw new ConnectorError('BAD_RESPONSE', `Shopify answered the ${definition.root} query without a ${definition.root} connection (edges and pageInfo)`);
  }
  return connection;
}

async function postQuery(http: HttpClient, settings: ShopifySettings, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await http.request<{ data?: Record<string, unknown> }>({
    method: 'POST',
    path: `/admin/api/${settings.apiVersion}/graphql.json`,
    headers: { 'X-Shopify-Access-Token': settings.accessToken },
    json: { query, variables },
  });
  const data = response.body?.data;
  if (!data || typeof data !== 'object') throw new ConnectorError('BAD_RESPONSE', 'Shopify answered the query without data', { status: response.status });
  return data;
}

/**
 * Shopify's signals: 401 for a bad or revoked token (final: nothing refreshes it), 402/423 for a frozen or
 * locked store, and GraphQL errors inside HTTP 200, THROTTLED among them with the bucket's state, from
 * which the wait until the query's cost is available again follows.
 */
export function inspectShopifyResponse({ status, body }: HttpResponse): ResponseVerdict | undefined {
  const payload = (body ?? {}) as { errors?: unknown; extensions?: { cost?: QueryCost } };
  if (status === 401) {
    const detail = typeof payload.errors === 'string' ? `: ${payload.errors}` : '';
    return { kind: 'error', code: 'AUTH_FAILED', message: `Shopify refused the access token (401${detail}); check the Admin API access token and that the app is still installed on the store`, platformCode: 401 };
  }
  if (status === 402) return { kind: 'error', code: 'PERMISSION_DENIED', message: 'the Shopify store is frozen for an unpaid bill (402); it answers again once the bill is paid', platformCode: 402 };
  if (status === 423) return { kind: 'error', code: 'PERMISSION_DENIED', message: 'the Shopify store is locked (423); contact the store owner', platformCode: 423 };
  if (status !== 200 || !Array.isArray(payload.errors) || payload.errors.length === 0) return undefined;

  const errors = payload.errors as GraphqlError[];
  const codes = errors.map((error) => error.extensions?.code);
  const messages = errors.map((error) => error.message ?? 'unknown error').join('; ');
  if (codes.includes('THROTTLED')) {
    const cost = payload.extensions?.cost;
    return { kind: 'error', code: 'RATE_LIMITED', message: `Shopify throttled the query (cost ${cost?.requestedQueryCost ?? '?'}, ${cost?.throttleStatus?.currentlyAvailable ?? '?'} points available)`, retryAfterMs: throttleWaitMs(cost), platformCode: 'THROTTLED' };
  }
  if (codes.includes('ACCESS_DENIED')) return { kind: 'error', code: 'PERMISSION_DENIED', message: `Shopify denied access (${messages}): give the app the read_customers and read_orders scopes`, platformCode: 'ACCESS_DENIED' };
  if (codes.includes('MAX_COST_EXCEEDED')) return { kind: 'error', code: 'BAD_CONFIG', message: `Shopify refused a query this expensive (${messages}): lower pageSize`, platformCode: 'MAX_COST_EXCEEDED' };
  if (codes.includes('INTERNAL_SERVER_ERROR')) return { kind: 'error', code: 'UPSTREAM_UNAVAILABLE', message: `Shopify failed inside the query (${messages})`, platformCode: 'INTERNAL_SERVER_ERROR' };
  // Anything else is a query Shopify will not run in this API version: retrying cannot help.
  return { kind: 'error', code: 'BAD_CONFIG', message: `Shopify rejected the query (${messages}): check apiVersion`, platformCode: codes.find(Boolean) };
}

/** (requested − available) / restoreRate seconds; one second when the numbers are missing or say "now". */
export function throttleWaitMs(cost: QueryCost | undefined): number {
  const requested = cost?.requestedQueryCost;
  const available = cost?.throttleStatus?.currentlyAvailable;
  const restoreRate = cost?.throttleStatus?.restoreRate;
  if (typeof requested !== 'number' || typeof available !== 'number' || typeof restoreRate !== 'number' || restoreRate <= 0) return 1000;
  const waitMs = Math.ceil(((requested - available) / restoreRate) * 1000);
  return waitMs > 0 ? waitMs : 1000;
}

function settingsFrom(config: ConnectorConfig): ShopifySettings {
  const shopDomain = typeof config.shopDomain === 'string' ? config.shopDomain.trim().replace(/^https?:\/\//, '').replace(/\/.*$/, '') : '';
  const baseUrl = typeof config.baseUrl === 'string' && config.baseUrl.trim() ? config.baseUrl.trim() : shopDomain ? `https://${shopDomain}` : '';
  if (!baseUrl) throw new ConnectorError('BAD_CONFIG', 'set shopDomain (e.g. my-store.myshopify.com)');
  const accessToken = typeof config.accessToken === 'string' ? config.accessToken.trim() : '';
  if (!accessToken) throw new ConnectorError('BAD_CONFIG', 'set accessToken: the Admin API access token of the store\'s custom app');
  const pageSize = Number(config.pageSize ?? DEFAULT_PAGE_SIZE);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw new ConnectorError('BAD_CONFIG', `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${config.pageSize}`);
  const apiVersion = typeof config.apiVersion === 'string' && config.apiVersion.trim() ? config.apiVersion.trim() : DEFAULT_API_VERSION;
  return { baseUrl, accessToken, apiVersion, pageSize };
}

import type { Connector, ReadMessage, StreamState } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';
import type { HttpClient } from '../sdk/http-client';
import { CREDENTIAL_KINDS } from './access-token';
import { DEFAULT_API_VERSION, DEFAULT_PAGE_SIZE, postQuery, settingsFrom, shopifyClients, type QueryCost, type ShopifySettings } from './admin-api';
import { checkShopify } from './check';
import { mapCustomer, mapOrder, type MappingResult } from './mapping';
import { chargedNodeCost, largestPage, MAX_PAGE_SIZE, nodeCost } from './query-cost';
import { UpdatedAtCursor } from './updated-at-cursor';

export { inspectShopifyResponse, throttleWaitMs } from './admin-api';

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
  /** What one node costs in Shopify's points: the node and each object nested in it. */
  nodeCost: number;
  map: (node: never) => MappingResult;
}

const STREAMS: Record<string, StreamDefinition> = {
  customers: { root: 'customers', query: connectionQuery('customers', CUSTOMER_FIELDS), nodeCost: nodeCost(CUSTOMER_FIELDS), map: mapCustomer },
  orders: { root: 'orders', query: connectionQuery('orders', ORDER_FIELDS), nodeCost: nodeCost(ORDER_FIELDS), map: mapOrder },
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
      { name: 'baseUrl', type: 'string', required: false, destination: 'url', description: 'Overrides https://{shopDomain}, e.g. to reach a local emulator' },
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


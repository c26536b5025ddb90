import type { ConnectorConfig, ConnectorContext } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';
import type { HttpClient, HttpRequest, HttpResponse, ResponseVerdict } from '../sdk/http-client';
import { CREDENTIAL_KINDS, inspectTokenResponse, ShopifyAccessToken, type CredentialKind, type ShopifyCredentials } from './access-token';
import { MAX_PAGE_SIZE } from './query-cost';

/** The Admin API's ground floor for the connector and its check: settings, clients with the token, one query, Shopify's signals. */

/** Released 2026-04-01, supported by Shopify until at least 2027-04 (each stable version: 12 months). */
export const DEFAULT_API_VERSION = '2026-04';
export const DEFAULT_PAGE_SIZE = 100;

export interface ShopifySettings {
  baseUrl: string;
  credentials: ShopifyCredentials;
  apiVersion: string;
  pageSize: number;
}

interface GraphqlError {
  message?: string;
  extensions?: { code?: string };
}

export interface QueryCost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: { maximumAvailable?: number; currentlyAvailable?: number; restoreRate?: number };
}

export interface QueryAnswer {
  data: Record<string, unknown>;
  cost: QueryCost | undefined;
  /** The version Shopify actually served (`X-Shopify-API-Version`): an unsupported one is answered with another. */
  servedVersion: string | null;
}

/** The Admin API client (token applied, renewed on 401 when the kind allows) and the token source behind it. */
export function shopifyClients(settings: ShopifySettings, context: ConnectorContext, options: { mayRotate: boolean; maxRetries?: number }) {
  const oauth = context.http({ baseUrl: settings.baseUrl, inspect: inspectTokenResponse, maxRetries: options.maxRetries });
  const tokens = new ShopifyAccessToken(settings.credentials, oauth, { mayRotate: options.mayRotate });
  const inspect = (response: HttpResponse) => inspectShopifyResponse(response, tokens.renewable);
  const applyToken = (request: HttpRequest, token: string): HttpRequest => ({ ...request, headers: { ...request.headers, 'X-Shopify-Access-Token': token } });
  const http = context.http({ baseUrl: settings.baseUrl, inspect, tokens, applyToken, maxRetries: options.maxRetries });
  return { http, tokens };
}

export async function postQuery(http: HttpClient, settings: ShopifySettings, query: string, variables: Record<string, unknown>): Promise<QueryAnswer> {
  const response = await http.request<{ data?: Record<string, unknown>; extensions?: { cost?: QueryCost } }>({
    method: 'POST',
    path: `/admin/api/${settings.apiVersion}/graphql.json`,
    json: { query, variables },
  });
  const data = response.body?.data;
  if (!data || typeof data !== 'object') throw new ConnectorError('BAD_RESPONSE', 'Shopify answered the query without data', { status: response.status });
  return { data, cost: response.body?.extensions?.cost, servedVersion: response.headers.get('x-shopify-api-version') };
}

/**
 * Shopify's signals: 401 for a bad, expired or revoked token (final for an admin token; otherwise renewed once), 402/423 for a frozen or
 * locked store, and GraphQL errors inside HTTP 200, THROTTLED among them with the bucket's state, from
 * which the wait until the query's cost is available again follows.
 */
export function inspectShopifyResponse({ status, body }: HttpResponse, renewable = false): ResponseVerdict | undefined {
  const payload = (body ?? {}) as { errors?: unknown; extensions?: { cost?: QueryCost } };
  if (status === 401) {
    const detail = typeof payload.errors === 'string' ? `: ${payload.errors}` : '';
    // A 24-hour or one-hour token ran out (or was replaced): get a new one, once. A static admin token cannot be renewed.
    if (renewable) return { kind: 'token_expired', message: `Shopify refused the access token (401${detail})` };
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
  if (codes.includes('MAX_COST_EXCEEDED')) return { kind: 'error', code: 'BAD_CONFIG', message: `Shopify refused a query this expensive (${messages}): the hub sizes pages to fit 1,000 points, so this query selects more than it estimated`, platformCode: 'MAX_COST_EXCEEDED' };
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

export function settingsFrom(config: ConnectorConfig): ShopifySettings {
  const shopDomain = typeof config.shopDomain === 'string' ? config.shopDomain.trim().replace(/^https?:\/\//, '').replace(/\/.*$/, '') : '';
  const baseUrl = typeof config.baseUrl === 'string' && config.baseUrl.trim() ? config.baseUrl.trim() : shopDomain ? `https://${shopDomain}` : '';
  if (!baseUrl) throw new ConnectorError('BAD_CONFIG', 'set shopDomain (e.g. my-store.myshopify.com)');
  const pageSize = Number(config.pageSize ?? DEFAULT_PAGE_SIZE);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw new ConnectorError('BAD_CONFIG', `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${config.pageSize}`);
  const apiVersion = typeof config.apiVersion === 'string' && config.apiVersion.trim() ? config.apiVersion.trim() : DEFAULT_API_VERSION;
  if (!/^\d{4}-(01|04|07|10)$/.test(apiVersion)) throw new ConnectorError('BAD_CONFIG', `apiVersion must be a Shopify release (YYYY-01, -04, -07 or -10), not ${apiVersion}`);
  return { baseUrl, credentials: credentialsFrom(config), apiVersion, pageSize };
}

function credentialsFrom(config: ConnectorConfig): ShopifyCredentials {
  const text = (name: string) => (typeof config[name] === 'string' && (config[name] as string).trim() ? (config[name] as string).trim() : undefined);
  const kind = (text('credentialKind') ?? 'admin-token') as CredentialKind;
  if (!CREDENTIAL_KINDS.includes(kind)) throw new ConnectorError('BAD_CONFIG', `credentialKind must be one of ${CREDENTIAL_KINDS.join(', ')}, not ${kind}`);
  const credentials: ShopifyCredentials = { kind, accessToken: text('accessToken'), clientId: text('clientId'), clientSecret: text('clientSecret'), refreshToken: text('refreshToken') };
  const missing =
    kind === 'admin-token'
      ? (['accessToken'] as const).filter((name) => !credentials[name])
      : kind === 'client-credentials'
        ? (['clientId', 'clientSecret'] as const).filter((name) => !credentials[name])
        : (['clientId', 'clientSecret', 'refreshToken'] as const).filter((name) => !credentials[name]);
  if (missing.length > 0) throw new ConnectorError('BAD_CONFIG', `set ${missing.join(' and ')} for credentialKind ${kind}`);
  return credentials;
}

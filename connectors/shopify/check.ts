import type { CheckResult, ConnectorConfig, ConnectorContext, NamedCheck } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';
import type { ShopifyAccessToken } from './access-token';
import { postQuery, settingsFrom, shopifyClients, type QueryCost, type ShopifySettings } from './admin-api';

/** Scopes the streams need, and what is lost without each. */
const NEEDED_SCOPES: { scope: string; without: string; status: 'fail' | 'warn' }[] = [
  { scope: 'read_customers', without: 'the customers stream is refused', status: 'fail' },
  { scope: 'read_orders', without: 'the orders stream is refused', status: 'fail' },
  { scope: 'read_all_orders', without: 'orders older than 60 days are silently left out, so order history is cut', status: 'warn' },
];

/** Shopify supports each stable version for 12 months after its release (shopify.dev, API versioning). */
const SUPPORT_MONTHS = 12;

/**
 * testConnection for Shopify, as named checks: `token` (kind and expiry), `api-version`, `scopes` (granted against
 * needed, by name) and `quota` (the query-cost bucket). Never uses an offline refresh token: using it replaces it,
 * and a test has nowhere to keep the new one.
 */
export async function checkShopify(config: ConnectorConfig, context: ConnectorContext, now = new Date()): Promise<CheckResult> {
  const checks: NamedCheck[] = [];
  let settings: ShopifySettings;
  try {
    settings = settingsFrom(config);
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    return { ok: false, reason: error.message, checks: [{ name: 'token', status: 'fail', detail: error.message }] };
  }
  // One retry only: a person is waiting for the answer.
  const { http, tokens } = shopifyClients(settings, context, { mayRotate: false, maxRetries: 1 });
  try {
    const answer = await postQuery(http, settings, 'query HubCheck { shop { name } }', {});
    if (!answer.data.shop) return { ok: false, reason: `${settings.baseUrl} answered without shop details: is this a Shopify store's Admin API?`, checks };
    checks.push(tokenCheck(tokens), versionCheck(settings.apiVersion, answer.servedVersion, now));
    checks.push(await scopesCheck(http), quotaCheck(answer.cost));
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    const where = ` (${settings.baseUrl})`;
    const reason = error.code === 'NETWORK' || error.code === 'TIMEOUT' ? `could not reach the Shopify store${where}: ${error.message}` : error.message;
    if (error.code === 'AUTH_FAILED') checks.push({ name: 'token', status: 'fail', detail: `${kindName(tokens)}: ${error.message}` });
    return { ok: false, reason, checks };
  }
  const failed = checks.find((check) => check.status === 'fail');
  return failed ? { ok: false, reason: failed.detail, checks } : { ok: true, checks };
}

function kindName(tokens: ShopifyAccessToken): string {
  const { kind } = tokens.credentials;
  return kind === 'admin-token' ? 'static admin token' : kind === 'client-credentials' ? 'client-credentials token' : 'expiring offline token';
}

function tokenCheck(tokens: ShopifyAccessToken): NamedCheck {
  const { kind } = tokens.credentials;
  if (kind === 'admin-token') return { name: 'token', status: 'pass', detail: 'static admin token of an admin-created app; does not expire (until the app is uninstalled or the token rotated)' };
  if (kind === 'client-credentials') {
    const expiry = tokens.expiry ? `, expires ${new Date(tokens.expiry).toISOString()}` : '';
    return { name: 'token', status: 'pass', detail: `client-credentials token of a Dev Dashboard app (24 hours${expiry}); a sync gets a new one before expiry and on 401` };
  }
  return { name: 'token', status: 'pass', detail: 'expiring offline token (one hour) accepted; each sync renews it with the refresh token and stores the replacement sealed' };
}

function versionCheck(requested: string, served: string | null, now: Date): NamedCheck {
  if (served && served !== requested) {
    return { name: 'api-version', status: 'warn', detail: `asked for ${requested}, Shopify answered with ${served}: ${requested} is no longer supported; set apiVersion to a supported release` };
  }
  const [year, month] = requested.split('-').map(Number);
  const supportEnds = new Date(Date.UTC(year, month - 1 + SUPPORT_MONTHS, 1));
  if (supportEnds <= now) return { name: 'api-version', status: 'warn', detail: `${requested} is older than Shopify's 12-month support window; set apiVersion to a release of the last 12 months` };
  return { name: 'api-version', status: 'pass', detail: `${requested}, supported until at least ${supportEnds.toISOString().slice(0, 7)}` };
}

async function scopesCheck(http: ReturnType<typeof shopifyClients>['http']): Promise<NamedCheck> {
  const response = await http.request<{ access_scopes?: { handle?: unknown }[] }>({ method: 'GET', path: '/admin/oauth/access_scopes.json' });
  const granted = new Set((response.body?.access_scopes ?? []).map((scope) => scope.handle).filter((handle): handle is string => typeof handle === 'string'));
  // Shopify grants write_X with read_X implied, and lists only write_X then.
  const has = (scope: string) => granted.has(scope) || granted.has(scope.replace(/^read_/, 'write_'));
  const missing = NEEDED_SCOPES.filter(({ scope }) => !has(scope));
  if (missing.length === 0) return { name: 'scopes', status: 'pass', detail: `granted ${NEEDED_SCOPES.map(({ scope }) => scope).join(', ')}` };
  const status = missing.some((need) => need.status === 'fail') ? 'fail' : 'warn';
  const detail = missing.map(({ scope, without }) => `missing ${scope}: ${without}`).join('; ');
  return { name: 'scopes', status, detail: `${detail}. Add the scope to the app (Dev Dashboard → the app → Versions, or the admin app's Configuration) and reinstall or approve it` };
}

function quotaCheck(cost: QueryCost | undefined): NamedCheck {
  const bucket = cost?.throttleStatus;
  if (!bucket || typeof bucket.currentlyAvailable !== 'number' || typeof bucket.maximumAvailable !== 'number') {
    return { name: 'quota', status: 'warn', detail: 'Shopify did not report its query-cost bucket (extensions.cost.throttleStatus)' };
  }
  const detail = `${bucket.currentlyAvailable} of ${bucket.maximumAvailable} query-cost points available, restoring ${bucket.restoreRate ?? '?'}/s`;
  // Below a tenth, another app of the store is draining the shared bucket: syncs will wait on throttling.
  return bucket.currentlyAvailable < bucket.maximumAvailable / 10 ? { name: 'quota', status: 'warn', detail: `${detail}; another client is using most of it` } : { name: 'quota', status: 'pass', detail };
}

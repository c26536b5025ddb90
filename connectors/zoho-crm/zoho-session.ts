import type { CheckResult, ConnectorContext, NamedCheck } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';
import type { HttpClient, HttpResponse } from '../sdk/http-client';
import { inspectCrmResponse } from './crm-signals';
import { dataCenterOfApiUrl, ZOHO_DATA_CENTERS, type ZohoHosts } from './data-centers';
import { applyZohoToken, inspectTokenResponse, ZohoTokenProvider, type ZohoGrant } from './zoho-auth';

export interface ZohoSettings {
  hosts: ZohoHosts;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  pageSize: number;
}

/** The scopes the connector's streams need; a refresh token granted fewer cannot sync. */
export const NEEDED_SCOPES = ['ZohoCRM.modules.contacts.READ', 'ZohoCRM.modules.leads.READ'] as const;

export interface ZohoSession {
  crm: HttpClient;
  grant: ZohoGrant;
  /** Where API calls go: baseUrl when set, else the token's api_domain, else the data center's API host. */
  apiUrl: string;
}

/**
 * Gets a token from the data center's accounts server first, then calls the API host that token names
 * (`api_domain`), as Zoho's OAuth docs say to; a baseUrl in the config overrides it (emulators, proxies).
 */
export async function openZohoSession(settings: ZohoSettings, context: ConnectorContext, maxRetries?: number): Promise<ZohoSession> {
  const { hosts } = settings;
  const accounts = context.http({ baseUrl: hosts.accountsUrl, inspect: inspectTokenResponse, maxRetries });
  const tokens = new ZohoTokenProvider(accounts, { accountsUrl: hosts.accountsUrl, clientId: settings.clientId, clientSecret: settings.clientSecret, refreshToken: settings.refreshToken });
  const grant = await tokens.grant();
  const apiUrl = hosts.apiOverridden ? hosts.apiUrl : (grant.apiDomain ?? hosts.apiUrl);
  const crm = context.http({ baseUrl: apiUrl, tokens, applyToken: applyZohoToken, inspect: inspectCrmResponse, maxRetries });
  return { crm, grant, apiUrl };
}

/** testConnection for Zoho CRM: token, data center, scopes and API credits, each a named check. */
export async function checkZohoConnection(settings: ZohoSettings, context: ConnectorContext): Promise<CheckResult> {
  const checks: NamedCheck[] = [];
  let session: ZohoSession;
  try {
    session = await openZohoSession(settings, context, 1);
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    const unreachable = error.code === 'NETWORK' || error.code === 'TIMEOUT';
    const detail = unreachable ? `cannot reach the Zoho accounts server ${settings.hosts.accountsUrl}: ${error.message}` : error.message;
    checks.push({ name: 'token', status: 'fail', detail }, dataCenterCheck(settings.hosts, undefined));
    return { ok: false, reason: detail, checks };
  }
  const { grant } = session;
  const minutes = Math.max(0, Math.round((grant.expiresAt - Date.now()) / 60_000));
  checks.push({ name: 'token', status: 'pass', detail: `refresh token works: an OAuth access token valid until ${new Date(grant.expiresAt).toISOString()} (${minutes} min), renewed automatically` });
  checks.push(dataCenterCheck(settings.hosts, grant.apiDomain));

  const contacts = await probe(session, 'Contacts');
  const leads = grant.scopes ? undefined : await probe(session, 'Leads');
  checks.push(scopeCheck(grant.scopes, contacts, leads));
  checks.push(quotaCheck(contacts));
  const failed = checks.find((check) => check.status === 'fail');
  return failed ? { ok: false, reason: failed.detail, checks } : { ok: true, checks };
}

type Probe = { ok: true; response: HttpResponse } | { ok: false; error: ConnectorError };

/** One record id of a module: one API credit, proves the host, the token and the module's scope. */
async function probe(session: ZohoSession, module: 'Contacts' | 'Leads'): Promise<Probe> {
  try {
    return { ok: true, response: await session.crm.request({ path: `/crm/v8/${module}`, query: { fields: 'Last_Name', per_page: 1 } }) };
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    const unreachable = error.code === 'NETWORK' || error.code === 'TIMEOUT';
    return { ok: false, error: unreachable ? new ConnectorError(error.code, `cannot reach Zoho CRM at ${session.apiUrl}: ${error.message}`) : error };
  }
}

function dataCenterCheck(hosts: ZohoHosts, apiDomain: string | undefined): NamedCheck {
  const center = hosts.dataCenter ? `${hosts.dataCenter} (${ZOHO_DATA_CENTERS[hosts.dataCenter].label})` : 'none named (baseUrl/accountsUrl overrides only)';
  const overrides = [hosts.apiOverridden && 'baseUrl', hosts.accountsOverridden && 'accountsUrl'].filter(Boolean);
  const used = `tokens from ${hosts.accountsUrl}, API at ${hosts.apiOverridden || !apiDomain ? hosts.apiUrl : apiDomain}${overrides.length > 0 ? ` (${overrides.join(' and ')} set)` : ''}`;
  if (apiDomain && hostOf(apiDomain) !== hostOf(hosts.apiUrl)) {
    const itsCenter = dataCenterOfApiUrl(apiDomain);
    const fix = hosts.apiOverridden ? 'check baseUrl' : `set dataCenter to ${itsCenter ?? "the account's data center"}`;
    return { name: 'data-center', status: 'warn', detail: `data center ${center}: ${used}; but the token's api_domain is ${apiDomain}, not the configured ${hosts.apiUrl}: ${fix}` };
  }
  return { name: 'data-center', status: 'pass', detail: `data center ${center}: ${used}` };
}

function scopeCheck(granted: string[] | undefined, contacts: Probe, leads: Probe | undefined): NamedCheck {
  if (granted) {
    const missing = NEEDED_SCOPES.filter((scope) => !covers(granted, scope));
    if (missing.length > 0) return { name: 'scopes', status: 'fail', detail: `the refresh token lacks ${missing.join(', ')} (granted: ${granted.join(', ')}): generate a new one with ${NEEDED_SCOPES.join(',')}` };
    return { name: 'scopes', status: 'pass', detail: `granted ${granted.join(', ')}; needed ${NEEDED_SCOPES.join(', ')}` };
  }
  const refused = [contacts, leads].filter((probe): probe is { ok: false; error: ConnectorError } => probe !== undefined && !probe.ok);
  if (refused.length > 0) return { name: 'scopes', status: 'fail', detail: refused.map((probe) => probe.error.message).join('; ') };
  return { name: 'scopes', status: 'pass', detail: `Zoho did not report the granted scopes; reading Contacts and Leads worked, so ${NEEDED_SCOPES.join(' and ')} are granted` };
}

/** Zoho reports no credits left in its API answers today; a rate-limit header is read when one comes. */
function quotaCheck(contacts: Probe): NamedCheck {
  const remaining = contacts.ok ? contacts.response.headers.get('x-ratelimit-remaining') : null;
  if (remaining !== null) return { name: 'quota', status: Number(remaining) > 0 ? 'pass' : 'warn', detail: `${remaining} API calls left in the current window (X-RATELIMIT-REMAINING)` };
  return { name: 'quota', status: 'pass', detail: "not checkable cheaply: Zoho CRM does not report API credits left in its responses; see Setup > Developer Hub > APIs and SDKs > API dashboard (credits per 24 hours by edition)" };
}

/** Whether a granted scope list includes `needed` or a broader scope over it (module ALL, operation ALL). */
function covers(granted: string[], needed: string): boolean {
  const [service, group, module] = needed.split('.');
  const wider = [needed, `${service}.${group}.${module}.ALL`, `${service}.${group}.ALL`].map((scope) => scope.toLowerCase());
  return granted.some((scope) => wider.includes(scope.toLowerCase()));
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host.toLowerCase() : url;
}

import type { CheckResult, Connector, ConnectorConfig, ConnectorContext, ReadMessage, StreamState } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';
import type { HttpClient } from '../sdk/http-client';
import { inspectCrmResponse } from './crm-signals';
import { CONTACT_FIELDS, LEAD_FIELDS, mapContact, mapLead, rowPosition, type MappingResult, type ZohoRow } from './mapping';
import { advanceCursor, cursorFromState, cursorToState, deliveredAlready, ifModifiedSince } from './modified-cursor';
import { applyZohoToken, inspectTokenResponse, ZohoTokenProvider } from './zoho-auth';

/**
 * Zoho CRM (REST API v8): Contacts and Leads, read in Modified_Time order so every page ends on a valid
 * incremental checkpoint. Pages by `page` for the first 2,000 records of a query, then by `page_token`:
 * Zoho refuses page numbers past that point (DISCRETE_PAGINATION_LIMIT_EXCEEDED).
 */

const STREAMS = {
  contacts: { module: 'Contacts', fields: CONTACT_FIELDS, map: mapContact },
  leads: { module: 'Leads', fields: LEAD_FIELDS, map: mapLead },
} satisfies Record<string, { module: string; fields: readonly string[]; map: (row: ZohoRow) => MappingResult }>;

type StreamName = keyof typeof STREAMS;

const MAX_PAGE_SIZE = 200;
/** Zoho serves at most this many records of one query by page number. */
const DISCRETE_PAGING_LIMIT = 2000;

interface ZohoListResponse {
  data: ZohoRow[];
  info?: { more_records?: boolean; next_page_token?: string | null; page?: number; per_page?: number };
}

interface ZohoSettings {
  baseUrl: string;
  accountsUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  pageSize: number;
}

export const zohoCrmConnector: Connector = {
  spec: {
    type: 'zoho-crm',
    title: 'Zoho CRM',
    fields: [
      { name: 'baseUrl', type: 'string', required: true, destination: 'url', description: "Zoho CRM API domain of the org's data centre, e.g. https://www.zohoapis.com.cn (the api_domain of its tokens)" },
      { name: 'accountsUrl', type: 'string', required: false, destination: 'url', description: 'Zoho Accounts server that issues access tokens, e.g. https://accounts.zoho.com.cn; defaults to baseUrl' },
      { name: 'clientId', type: 'string', required: true, description: 'Client id of the self client or server-based app registered in the Zoho API console' },
      { name: 'clientSecret', type: 'string', required: true, secret: true, description: 'Client secret of that app' },
      { name: 'refreshToken', type: 'string', required: true, secret: true, description: 'Refresh token granted with scopes ZohoCRM.modules.contacts.READ and ZohoCRM.modules.leads.READ' },
      { name: 'pageSize', type: 'number', required: false, default: MAX_PAGE_SIZE, description: `Records per request, 1 to ${MAX_PAGE_SIZE}` },
    ],
  },

  async check(config: ConnectorConfig, context: ConnectorContext): Promise<CheckResult> {
    try {
      // One cheap authenticated call: a token, then one contact id. A dead host should not take minutes to report.
      const crm = crmClient(readSettings(config), context, 1);
      await crm.request({ path: '/crm/v8/Contacts', query: { fields: 'Last_Name', per_page: 1 } });
      return { ok: true };
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      const unreachable = error.code === 'NETWORK' || error.code === 'TIMEOUT';
      return { ok: false, reason: unreachable ? `cannot reach Zoho CRM at ${String(config.baseUrl)}: ${error.message}` : error.message };
    }
  },

  streams: () => [
    { name: 'contacts', incremental: true },
    { name: 'leads', incremental: true },
  ],

  read: readStream,
};

async function* readStream(stream: string, config: ConnectorConfig, state: StreamState | undefined, context: ConnectorContext): AsyncGenerator<ReadMessage> {
  if (!(stream in STREAMS)) throw new ConnectorError('BAD_CONFIG', `Zoho CRM has no stream '${stream}'; streams are ${Object.keys(STREAMS).join(', ')}`);
  const { module, fields, map } = STREAMS[stream as StreamName];
  const settings = readSettings(config);
  const crm = crmClient(settings, context);
  let cursor = cursorFromState(state);
  // One query for the whole run: page numbers and page tokens both page through the result of this header.
  const since = ifModifiedSince(cursor);
  let page = 1;
  let pageToken: string | undefined;
  while (!context.signal?.aborted) {
    const response = await crm.request<ZohoListResponse>({
      path: `/crm/v8/${module}`,
      query: { fields: fields.join(','), per_page: settings.pageSize, sort_by: 'Modified_Time', sort_order: 'asc', ...(pageToken ? { page_token: pageToken } : { page }) },
      headers: since ? { 'If-Modified-Since': since } : undefined,
    });
    // 204 with an empty body: nothing was modified since the cursor (or the module is empty).
    const body = response.status === 204 ? undefined : response.body;
    for (const row of body?.data ?? []) {
      const { id, modifiedAtMs } = rowPosition(row);
      if (deliveredAlready(cursor, id, modifiedAtMs)) continue;
      const mapped = map(row);
      yield mapped.ok ? { type: 'record', record: mapped.record } : { type: 'rejection', reason: mapped.reason, raw: row };
      cursor = advanceCursor(cursor, id, modifiedAtMs);
    }
    yield { type: 'state', state: cursorToState(cursor) };
    if (!body?.info?.more_records) return;
    if (!pageToken && (page + 1) * settings.pageSize <= DISCRETE_PAGING_LIMIT) {
      page++;
      continue;
    }
    if (!body.info.next_page_token) {
      throw new ConnectorError('BAD_RESPONSE', `Zoho CRM said more ${module} follow but gave no next_page_token past record ${page * settings.pageSize}`);
    }
    pageToken = body.info.next_page_token;
  }
}

function crmClient(settings: ZohoSettings, context: ConnectorContext, maxRetries?: number): HttpClient {
  const accounts = context.http({ baseUrl: settings.accountsUrl, inspect: inspectTokenResponse, maxRetries });
  const tokens = new ZohoTokenProvider(accounts, settings);
  return context.http({ baseUrl: settings.baseUrl, tokens, applyToken: applyZohoToken, inspect: inspectCrmResponse, maxRetries });
}

function readSettings(config: ConnectorConfig): ZohoSettings {
  const text = (name: string) => (typeof config[name] === 'string' && (config[name] as string).trim() !== '' ? (config[name] as string).trim() : undefined);
  const missing = ['baseUrl', 'clientId', 'clientSecret', 'refreshToken'].filter((name) => text(name) === undefined);
  if (missing.length > 0) throw new ConnectorError('BAD_CONFIG', `Zoho CRM connection is missing ${missing.join(', ')}: set it in the connection's config`);
  for (const name of ['baseUrl', 'accountsUrl']) {
    const value = text(name);
    if (value !== undefined && !URL.canParse(value)) throw new ConnectorError('BAD_CONFIG', `Zoho CRM ${name} '${value}' is not a URL (e.g. https://www.zohoapis.com.cn)`);
  }
  const pageSize = config.pageSize === undefined ? MAX_PAGE_SIZE : Number(config.pageSize);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new ConnectorError('BAD_CONFIG', `Zoho CRM pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${String(config.pageSize)}`);
  }
  return {
    baseUrl: text('baseUrl')!,
    accountsUrl: text('accountsUrl') ?? text('baseUrl')!,
    clientId: text('clientId')!,
    clientSecret: text('clientSecret')!,
    refreshToken: text('refreshToken')!,
    pageSize,
  };
}

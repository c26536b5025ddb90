import type { CheckResult, Connector, ConnectorConfig, ConnectorContext, ReadMessage, StreamState } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';
import { ZOHO_DATA_CENTER_CODES, resolveZohoHosts } from './data-centers';
import { CONTACT_FIELDS, LEAD_FIELDS, mapContact, mapLead, rowPosition, type MappingResult, type ZohoRow } from './mapping';
import { advanceCursor, cursorFromState, cursorToState, deliveredAlready, ifModifiedSince } from './modified-cursor';
import { checkZohoConnection, openZohoSession, type ZohoSettings } from './zoho-session';

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


export const zohoCrmConnector: Connector = {
  spec: {
    type: 'zoho-crm',
    title: 'Zoho CRM',
    fields: [
      {
        name: 'dataCenter',
        type: 'string',
        required: false,
        destination: 'region',
        description: `Zoho data center of the org: ${ZOHO_DATA_CENTER_CODES.join(', ')} (as in its accounts URL: accounts.zoho.eu → eu, accounts.zohocloud.ca → ca); decides the accounts server and the API host. Default: the data center of baseUrl, else us`,
      },
      { name: 'baseUrl', type: 'string', required: false, destination: 'url', description: "Overrides the API host the token's api_domain names, e.g. to reach an emulator or a proxy" },
      { name: 'accountsUrl', type: 'string', required: false, destination: 'url', description: "Overrides the data center's accounts server that issues access tokens, e.g. to reach an emulator" },
      { name: 'clientId', type: 'string', required: true, description: 'Client id of the self client or server-based app registered in the Zoho API console' },
      { name: 'clientSecret', type: 'string', required: true, secret: true, description: 'Client secret of that app' },
      { name: 'refreshToken', type: 'string', required: true, secret: true, description: 'Refresh token granted with scopes ZohoCRM.modules.contacts.READ and ZohoCRM.modules.leads.READ' },
      { name: 'pageSize', type: 'number', required: false, default: MAX_PAGE_SIZE, description: `Records per request, 1 to ${MAX_PAGE_SIZE}` },
    ],
    traits: [
      { key: 'zoho_module', type: 'text', description: 'Contacts or Leads' },
      { key: 'zoho_created_at', type: 'datetime', description: 'When the record was created in Zoho' },
      { key: 'zoho_account_id', type: 'text', description: "A contact's account id" },
      { key: 'other_phone', type: 'text', description: 'The second phone when both Mobile and Phone are set' },
      { key: 'lead_status', type: 'text', description: 'Lead_Status of a lead' },
      { key: 'lead_source', type: 'text', description: 'Lead_Source of a lead' },
    ],
  },

  async check(config: ConnectorConfig, context: ConnectorContext): Promise<CheckResult> {
    let settings: ZohoSettings;
    try {
      settings = readSettings(config);
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      return { ok: false, reason: error.message, checks: [{ name: 'config', status: 'fail', detail: error.message }] };
    }
    return checkZohoConnection(settings, context);
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
  const { crm } = await openZohoSession(settings, context);
  let cursor = cursorFromState(state);
  // One query for the whole run: page numbers and page tokens both page through the result of this header.
  const since = ifModifiedSince(cursor);
  // The module's record count (actions/count), for progress: only on a full read, since it counts the whole module.
  if (!since) {
    const counted = await crm.request<{ count?: unknown }>({ path: `/crm/v8/${module}/actions/count` });
    const count = counted.body?.count;
    if (typeof count === 'number' && Number.isInteger(count) && count >= 0) yield { type: 'total', records: count };
  }
  let page = 1;
  let pageToken: string | undefined;
  while (!context.signal?.aborted) {
    const response = await crm.request<ZohoListResponse>({
      path: `/crm/v8/${module}`,
      query: { fields: fields.join(','), per_page: settings.pageSize, sort_by: 'Modified_Time', sort_order: 'asc', ...(pageToken ? { page_token: pageToken } : { page }) },
      headers: since ? { 'If-Modified-Since': since } : undefined,
    });
    // 204 with an empty body: nothing matches (an empty module); 304: nothing was modified since If-Modified-Since.
    const body = response.status === 204 || response.status === 304 ? undefined : response.body;
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

function readSettings(config: ConnectorConfig): ZohoSettings {
  const text = (name: string) => (typeof config[name] === 'string' && (config[name] as string).trim() !== '' ? (config[name] as string).trim() : undefined);
  const missing = ['clientId', 'clientSecret', 'refreshToken'].filter((name) => text(name) === undefined);
  if (missing.length > 0) throw new ConnectorError('BAD_CONFIG', `Zoho CRM connection is missing ${missing.join(', ')}: set it in the connection's config`);
  for (const name of ['baseUrl', 'accountsUrl']) {
    const value = text(name);
    if (value !== undefined && !URL.canParse(value)) throw new ConnectorError('BAD_CONFIG', `Zoho CRM ${name} '${value}' is not a URL (e.g. https://www.zohoapis.eu)`);
  }
  const pageSize = config.pageSize === undefined ? MAX_PAGE_SIZE : Number(config.pageSize);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new ConnectorError('BAD_CONFIG', `Zoho CRM pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${String(config.pageSize)}`);
  }
  return {
    hosts: resolveZohoHosts({ dataCenter: text('dataCenter'), baseUrl: text('baseUrl'), accountsUrl: text('accountsUrl') }),
    clientId: text('clientId')!,
    clientSecret: text('clientSecret')!,
    refreshToken: text('refreshToken')!,
    pageSize,
  };
}

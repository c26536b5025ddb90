import { randomBytes } from 'node:crypto';
import type { EmulatorOptions, StartEmulator, StartedEmulator } from '../sdk/emulation/emulator';
import { serveEmulator, type EmulatorReply, type EmulatorRequest } from '../sdk/emulation/emulator-server';
import { FaultSwitches } from '../sdk/emulation/fault-switches';
import { syntheticPeople } from '../sdk/emulation/synthetic-people';
import { buildModules, ORG_OFFSET_MINUTES, toSecond, type StoredRow, type ZohoModuleName } from './emulator-rows';
import { formatZohoTime } from './modified-cursor';

/**
 * A Zoho CRM org over HTTP, accounts server and CRM API on one base URL:
 *  - POST /oauth/v2/token with grant_type=refresh_token, client_id, client_secret and refresh_token as a
 *    form body (or, as Zoho also takes them, in the query string) → an access token for 3,600 s; a wrong client → 400 { error: "invalid_client" }, a wrong refresh token → 200
 *    { error: "invalid_code" }.
 *  - GET /crm/v8/Contacts and /crm/v8/Leads with `Authorization: Zoho-oauthtoken …` (else 401
 *    INVALID_TOKEN / AUTHENTICATION_FAILURE); `fields` required; `per_page` ≤ 200; `page` while
 *    page × per_page ≤ 2,000 (else 400 DISCRETE_PAGINATION_LIMIT_EXCEEDED), then `page_token` from
 *    info.next_page_token; `sort_by` id | Created_Time | Modified_Time, `sort_order`; `If-Modified-Since`
 *    keeps records modified strictly after it; an empty result is HTTP 204 with no body.
 * Faults in Zoho's own terms: rateLimit → 429 TOO_MANY_REQUESTS (no Retry-After), serverError → 500
 * INTERNAL_ERROR, expireToken → every issued token becomes INVALID_TOKEN, truncateJson and slowMs as served.
 */

export const ZOHO_EMULATOR_CREDENTIALS = {
  clientId: '1000.9XQ2EMULATORCLIENT0000000000',
  clientSecret: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e464',
  refreshToken: '1000.4f0a1b2c3d4e5f60718293a4b5c6d7e8.9f8e7d6c5b4a39281706f5e4d3c2b1a0',
};

const MODULES: readonly ZohoModuleName[] = ['Contacts', 'Leads'];
const TOKEN_LIFETIME_S = 3600;
const MAX_PER_PAGE = 200;
const DISCRETE_PAGING_LIMIT = 2000;
const SORTABLE = ['id', 'Created_Time', 'Modified_Time'];

export interface ZohoCrmEmulator extends StartedEmulator {
  /** What each module holds: the rows a full sync must return. */
  modules: Record<ZohoModuleName, StoredRow[]>;
  /** Query parameters of every list request answered, to see how a client paged. */
  listQueries: URLSearchParams[];
  /**
   * Marks a person's records (in every module they are in) modified at `at`, by default one second after
   * the newest record, and applies `changes` to the API row. Returns the Zoho ids touched.
   */
  touch(personKey: string, at?: Date, changes?: Record<string, unknown>): string[];
  /** Stores an API row exactly as given (e.g. one a connector cannot map), modified at `at`. */
  addRawRow(module: ZohoModuleName, row: Record<string, unknown>, at?: Date): void;
}

/** Page tokens pin the query they came from, like Zoho's, which are tied to one listing. */
interface PageToken {
  module: ZohoModuleName;
  sinceMs: number | null;
  sortBy: string;
  sortOrder: string;
  offset: number;
}

export const startEmulator = (async (options: EmulatorOptions = {}): Promise<ZohoCrmEmulator> => {
  const modules = buildModules(syntheticPeople(options.customers ?? 200, options.seed), options.seed ?? 0);
  const faults = new FaultSwitches();
  const tokens = new Map<string, number>();
  const listQueries: URLSearchParams[] = [];
  let baseUrl = '';

  const issueToken = (params: URLSearchParams): EmulatorReply => {
    if (params.get('grant_type') !== 'refresh_token') return { status: 400, body: { error: 'unsupported_grant_type' } };
    if (params.get('client_id') !== ZOHO_EMULATOR_CREDENTIALS.clientId || params.get('client_secret') !== ZOHO_EMULATOR_CREDENTIALS.clientSecret) {
      return { status: 400, body: { error: 'invalid_client' } };
    }
    if (params.get('refresh_token') !== ZOHO_EMULATOR_CREDENTIALS.refreshToken) return { status: 200, body: { error: 'invalid_code' } };
    const token = `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
    tokens.set(token, Date.now() + TOKEN_LIFETIME_S * 1000);
    return { status: 200, body: { access_token: token, scope: 'ZohoCRM.modules.contacts.READ ZohoCRM.modules.leads.READ', api_domain: baseUrl, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S } };
  };

  const authenticate = (authorization: string | undefined): EmulatorReply | undefined => {
    if (faults.plan.expireToken) {
      tokens.clear();
      faults.set({ expireToken: false });
    }
    const match = /^Zoho-oauthtoken (\S+)$/.exec(authorization ?? '');
    if (!match) return { status: 401, body: zohoError('AUTHENTICATION_FAILURE', 'Authentication failed') };
    const expiresAt = tokens.get(match[1]);
    if (expiresAt === undefined || expiresAt <= Date.now()) return { status: 401, body: zohoError('INVALID_TOKEN', 'invalid oauth token') };
    return undefined;
  };

  const list = (module: ZohoModuleName, request: EmulatorRequest): EmulatorReply => {
    const params = request.url.searchParams;
    listQueries.push(params);
    const fields = (params.get('fields') ?? '').split(',').map((field) => field.trim()).filter(Boolean);
    if (fields.length === 0) return { status: 400, body: zohoError('REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: 'fields' }) };
    const perPage = Number(params.get('per_page') ?? MAX_PER_PAGE);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) return { status: 400, body: zohoError('INVALID_DATA', 'invalid data', { param_name: 'per_page', maximum_length: MAX_PER_PAGE }) };
    if (params.has('page') && params.has('page_token')) return { status: 400, body: zohoError('INVALID_REQUEST', 'page and page_token cannot be used together') };

    let query: PageToken;
    let page: number;
    const rawToken = params.get('page_token');
    if (rawToken) {
      const decoded = decodePageToken(rawToken);
      if (!decoded || decoded.module !== module) return { status: 400, body: zohoError('INVALID_DATA', 'invalid page_token', { param_name: 'page_token' }) };
      query = decoded;
      page = Math.floor(query.offset / perPage) + 1;
    } else {
      page = Number(params.get('page') ?? 1);
      if (!Number.isInteger(page) || page < 1) return { status: 400, body: zohoError('INVALID_DATA', 'invalid data', { param_name: 'page' }) };
      if (page * perPage > DISCRETE_PAGING_LIMIT) {
        return { status: 400, body: zohoError('DISCRETE_PAGINATION_LIMIT_EXCEEDED', `You can only get the first ${DISCRETE_PAGING_LIMIT} records without using page_token param`, { limit: DISCRETE_PAGING_LIMIT }) };
      }
      const sortBy = params.get('sort_by') ?? 'id';
      const sortOrder = params.get('sort_order') ?? 'desc';
      if (!SORTABLE.includes(sortBy) || !['asc', 'desc'].includes(sortOrder)) return { status: 400, body: zohoError('INVALID_DATA', 'invalid data', { param_name: 'sort_by' }) };
      const header = request.headers['if-modified-since'];
      const sinceMs = typeof header === 'string' ? Date.parse(header) : null;
      if (Number.isNaN(sinceMs)) return { status: 400, body: zohoError('INVALID_DATA', 'invalid If-Modified-Since', { header_name: 'If-Modified-Since' }) };
      query = { module, sinceMs, sortBy, sortOrder, offset: (page - 1) * perPage };
    }

    const matching = modules[module].filter((stored) => query.sinceMs === null || stored.modifiedAt.getTime() > query.sinceMs).sort(comparing(query.sortBy, query.sortOrder));
    const slice = matching.slice(query.offset, query.offset + perPage);
    // Zoho's way of saying "nothing": 204 and no body at all, not an empty list.
    if (slice.length === 0) return { status: 204 };
    const more = query.offset + perPage < matching.length;
    return {
      status: 200,
      body: {
        data: slice.map((stored) => project(stored, fields)),
        info: {
          call: false,
          email: false,
          per_page: perPage,
          count: slice.length,
          page,
          sort_by: query.sortBy,
          sort_order: query.sortOrder,
          more_records: more,
          next_page_token: more ? encodePageToken({ ...query, offset: query.offset + perPage }) : null,
          previous_page_token: null,
          page_token_expiry: more ? formatZohoTime(new Date(Date.now() + 86_400_000), ORG_OFFSET_MINUTES) : null,
        },
      },
    };
  };

  const handle = (request: EmulatorRequest): EmulatorReply => {
    const { pathname } = request.url;
    // Zoho's accounts server takes the grant as a form body or (as its examples show) in the query string.
    if (pathname === '/oauth/v2/token' && request.method === 'POST') return issueToken(request.body instanceof URLSearchParams ? request.body : request.url.searchParams);
    const match = /^\/crm\/v8\/([A-Za-z_]+)(\/actions\/count)?$/.exec(pathname);
    if (!match || request.method !== 'GET') return { status: 404, body: zohoError('INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one') };
    const refused = authenticate(request.headers.authorization);
    if (refused) return refused;
    if (faults.take('serverError')) return { status: 500, body: zohoError('INTERNAL_ERROR', 'Internal Server Error') };
    if (faults.take('rateLimit')) return { status: 429, body: zohoError('TOO_MANY_REQUESTS', 'Rate limit exceeded. Please retry after the specified time.') };
    const module = MODULES.find((name) => name === match[1]);
    if (!module) return { status: 400, body: zohoError('INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 0 }) };
    // actions/count counts the module's records: { "count": N }.
    if (match[2]) return { status: 200, body: { count: modules[module].length } };
    return list(module, request);
  };

  const running = await serveEmulator(handle, faults, options.port);
  baseUrl = running.url;
  const newest = () => Math.max(0, ...MODULES.flatMap((name) => modules[name].map((stored) => stored.modifiedAt.getTime())));

  return {
    ...running,
    config: { baseUrl: running.url, ...ZOHO_EMULATOR_CREDENTIALS },
    modules,
    listQueries,
    touch(personKey, at = new Date(newest() + 1000), changes = {}) {
      const touched = MODULES.flatMap((name) => modules[name].filter((stored) => stored.personKey === personKey));
      for (const stored of touched) {
        stored.modifiedAt = toSecond(at);
        Object.assign(stored.row, changes);
      }
      return touched.map((stored) => String(stored.row.id));
    },
    addRawRow(module, row, at = new Date(newest() + 1000)) {
      modules[module].push({ modifiedAt: toSecond(at), row });
    },
  };
}) satisfies StartEmulator;

function zohoError(code: string, message: string, details: Record<string, unknown> = {}) {
  return { code, details, message, status: 'error' };
}

/** The row as the API shows it: id plus the requested fields (null when empty), Modified_Time rendered. */
function project(stored: StoredRow, fields: string[]): Record<string, unknown> {
  const { row } = stored;
  const shown: Record<string, unknown> = { id: row.id };
  for (const field of fields) {
    shown[field] = field === 'Modified_Time' && !('Modified_Time' in row) ? formatZohoTime(stored.modifiedAt, ORG_OFFSET_MINUTES) : (row[field] ?? null);
  }
  return shown;
}

function comparing(sortBy: string, sortOrder: string): (a: StoredRow, b: StoredRow) => number {
  const key = (stored: StoredRow): number | string =>
    sortBy === 'Modified_Time' ? stored.modifiedAt.getTime() : sortBy === 'Created_Time' ? Date.parse(String(stored.row.Created_Time)) : String(stored.row.id ?? '');
  const direction = sortOrder === 'asc' ? 1 : -1;
  // Ties broken by id, so equal keys keep one order across pages.
  return (a, b) => direction * (compare(key(a), key(b)) || compare(String(a.row.id ?? ''), String(b.row.id ?? '')));
}

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function encodePageToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodePageToken(raw: string): PageToken | undefined {
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PageToken;
    return MODULES.includes(token.module) && Number.isInteger(token.offset) ? token : undefined;
  } catch {
    return undefined;
  }
}

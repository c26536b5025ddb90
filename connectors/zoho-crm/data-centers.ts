import { ConnectorError } from '../sdk/connector-error';

/**
 * Zoho's data centers and the two hosts each one needs: the accounts server that issues tokens and the API
 * host (the `api_domain` of its tokens). They do not follow one pattern: Canada's accounts server is
 * accounts.zohocloud.ca beside www.zohoapis.ca. Sources, read 2026-12:
 *  - accounts servers: https://www.zoho.com/accounts/protocol/oauth/multi-dc.html (US, EU, IN, AU, JP, CA, SA, UK)
 *    and https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html (adds CN: accounts.zoho.com.cn);
 *  - API hosts: https://www.bigin.com/developer/docs/apis/multi-dc.html (accounts → API pairs for US, AU, EU, IN,
 *    CN, JP, SA, CA), https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html (www.zohoapis.eu, .com.cn),
 *    Zoho's CRM TypeScript SDK 8.0 routes/dc/ca_data_center.ts (www.zohoapis.ca with accounts.zohocloud.ca);
 *    UK's www.zohoapis.uk follows Zoho's per-product multi-DC pages (e.g. zoho.com/assist/api/multidc.html lists .uk).
 *  - API consoles: api-console.zoho.<domain> per data center (api-console.zohocloud.ca for Canada).
 */
export interface ZohoDataCenter {
  label: string;
  accountsUrl: string;
  apiUrl: string;
  consoleUrl: string;
}

export const ZOHO_DATA_CENTERS = {
  us: { label: 'United States', accountsUrl: 'https://accounts.zoho.com', apiUrl: 'https://www.zohoapis.com', consoleUrl: 'https://api-console.zoho.com' },
  eu: { label: 'Europe', accountsUrl: 'https://accounts.zoho.eu', apiUrl: 'https://www.zohoapis.eu', consoleUrl: 'https://api-console.zoho.eu' },
  in: { label: 'India', accountsUrl: 'https://accounts.zoho.in', apiUrl: 'https://www.zohoapis.in', consoleUrl: 'https://api-console.zoho.in' },
  au: { label: 'Australia', accountsUrl: 'https://accounts.zoho.com.au', apiUrl: 'https://www.zohoapis.com.au', consoleUrl: 'https://api-console.zoho.com.au' },
  cn: { label: 'China', accountsUrl: 'https://accounts.zoho.com.cn', apiUrl: 'https://www.zohoapis.com.cn', consoleUrl: 'https://api-console.zoho.com.cn' },
  jp: { label: 'Japan', accountsUrl: 'https://accounts.zoho.jp', apiUrl: 'https://www.zohoapis.jp', consoleUrl: 'https://api-console.zoho.jp' },
  ca: { label: 'Canada', accountsUrl: 'https://accounts.zohocloud.ca', apiUrl: 'https://www.zohoapis.ca', consoleUrl: 'https://api-console.zohocloud.ca' },
  sa: { label: 'Saudi Arabia', accountsUrl: 'https://accounts.zoho.sa', apiUrl: 'https://www.zohoapis.sa', consoleUrl: 'https://api-console.zoho.sa' },
  uk: { label: 'United Kingdom', accountsUrl: 'https://accounts.zoho.uk', apiUrl: 'https://www.zohoapis.uk', consoleUrl: 'https://api-console.zoho.uk' },
} as const satisfies Record<string, ZohoDataCenter>;

export type ZohoDataCenterCode = keyof typeof ZOHO_DATA_CENTERS;

export const ZOHO_DATA_CENTER_CODES = Object.keys(ZOHO_DATA_CENTERS) as ZohoDataCenterCode[];

/** Where one connection's requests go, and why. */
export interface ZohoHosts {
  /** The data center named or recognised; undefined when only override URLs say where to go. */
  dataCenter?: ZohoDataCenterCode;
  accountsUrl: string;
  /** The API host configured (baseUrl) or the data center's; the token's api_domain is used instead unless baseUrl is set. */
  apiUrl: string;
  /** baseUrl was set: it wins over the token's api_domain (an emulator, a proxy). */
  apiOverridden: boolean;
  accountsOverridden: boolean;
}

export interface HostSettings {
  dataCenter?: string;
  baseUrl?: string;
  accountsUrl?: string;
}

/**
 * Decides both hosts. `dataCenter` names them; `baseUrl` and `accountsUrl` override each one (connections made
 * before `dataCenter` existed have only them). Without `dataCenter`, a baseUrl on a known Zoho API host names
 * its data center, so an old EU connection gets accounts.zoho.eu instead of a 404 from its API host; an
 * unknown baseUrl (an emulator) is also its own accounts server, as before. Nothing at all means US.
 */
export function resolveZohoHosts(settings: HostSettings): ZohoHosts {
  const named = settings.dataCenter === undefined ? undefined : dataCenterCode(settings.dataCenter);
  const recognised = named ?? (settings.baseUrl === undefined ? 'us' : dataCenterOfApiUrl(settings.baseUrl));
  const center = recognised === undefined ? undefined : ZOHO_DATA_CENTERS[recognised];
  const apiUrl = settings.baseUrl ?? center!.apiUrl;
  return {
    dataCenter: recognised,
    apiUrl,
    accountsUrl: settings.accountsUrl ?? center?.accountsUrl ?? apiUrl,
    apiOverridden: settings.baseUrl !== undefined,
    accountsOverridden: settings.accountsUrl !== undefined,
  };
}

function dataCenterCode(raw: string): ZohoDataCenterCode {
  const code = raw.trim().toLowerCase();
  if (code in ZOHO_DATA_CENTERS) return code as ZohoDataCenterCode;
  throw new ConnectorError('BAD_CONFIG', `Zoho CRM dataCenter '${raw}' is not one of ${ZOHO_DATA_CENTER_CODES.join(', ')}: use the one in your Zoho accounts URL (accounts.zoho.eu → eu, accounts.zohocloud.ca → ca)`);
}

/** The data center whose API host this URL is on (www., sandbox. or developer.zohoapis…), if any. */
export function dataCenterOfApiUrl(url: string): ZohoDataCenterCode | undefined {
  const host = URL.canParse(url) ? new URL(url).hostname.toLowerCase() : '';
  return ZOHO_DATA_CENTER_CODES.find((code) => {
    const apiHost = new URL(ZOHO_DATA_CENTERS[code].apiUrl).hostname;
    return host === apiHost || host.endsWith(`.${apiHost.replace(/^www\./, '')}`);
  });
}

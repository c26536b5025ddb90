import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorConfig, ConnectorContext } from '../sdk/connector';
import { HttpClient } from '../sdk/http-client';
import { readAll } from '../sdk/test-kit';
import { zohoCrmConnector } from './connector';
import { resolveZohoHosts, ZOHO_DATA_CENTER_CODES, ZOHO_DATA_CENTERS } from './data-centers';
import { startEmulator, ZOHO_EMULATOR_CREDENTIALS, type ZohoCrmEmulator } from './emulator';

const running: ZohoCrmEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.stop()));
});

/**
 * The emulator standing in for a whole data center: every request to a Zoho host lands on it, and the host it
 * was meant for is recorded. Its token answers name itself as api_domain, as a real accounts server names its API host.
 */
async function dataCenterBehind(): Promise<{ emulator: ZohoCrmEmulator; context: ConnectorContext; sentTo: string[] }> {
  const emulator = await startEmulator({ customers: 30 });
  running.push(emulator);
  const sentTo: string[] = [];
  const routed: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    sentTo.push(`${url.origin}${url.pathname}`);
    return fetch(new URL(`${url.pathname}${url.search}`, emulator.url), init);
  };
  return { emulator, context: { http: (options) => new HttpClient({ timeoutMs: 2_000, ...options, fetch: routed, sleep: async () => {} }) }, sentTo };
}

// Each test its own credential set (tokens are cached per set for the process); the emulator takes only its own.
const credentials = { ...ZOHO_EMULATOR_CREDENTIALS };

describe('Zoho data centers', () => {
  it('knows both hosts of every data center Zoho documents, Canada\'s accounts.zohocloud.ca among them', () => {
    expect(ZOHO_DATA_CENTER_CODES).toEqual(['us', 'eu', 'in', 'au', 'cn', 'jp', 'ca', 'sa', 'uk']);
    expect(resolveZohoHosts({ dataCenter: 'ca' })).toMatchObject({ dataCenter: 'ca', accountsUrl: 'https://accounts.zohocloud.ca', apiUrl: 'https://www.zohoapis.ca' });
    expect(resolveZohoHosts({ dataCenter: 'EU' })).toMatchObject({ accountsUrl: 'https://accounts.zoho.eu', apiUrl: 'https://www.zohoapis.eu' });
    expect(resolveZohoHosts({ dataCenter: 'cn' })).toMatchObject({ accountsUrl: 'https://accounts.zoho.com.cn', apiUrl: 'https://www.zohoapis.com.cn' });
    for (const code of ZOHO_DATA_CENTER_CODES) {
      const { accountsUrl, apiUrl } = ZOHO_DATA_CENTERS[code];
      // The fault this guards against: the token host is never the API host.
      expect(new URL(accountsUrl).host).not.toBe(new URL(apiUrl).host);
      expect(new URL(accountsUrl).hostname).toMatch(/^accounts\.zoho(cloud)?\./);
    }
  });

  it('gives an old connection with only an EU baseUrl the EU accounts server, not a 404 from its API host', () => {
    expect(resolveZohoHosts({ baseUrl: 'https://www.zohoapis.eu' })).toMatchObject({ dataCenter: 'eu', accountsUrl: 'https://accounts.zoho.eu', apiUrl: 'https://www.zohoapis.eu' });
    expect(resolveZohoHosts({ baseUrl: 'https://www.zohoapis.com.au' })).toMatchObject({ dataCenter: 'au', accountsUrl: 'https://accounts.zoho.com.au' });
    // An unknown host (an emulator) is still its own accounts server; an explicit accountsUrl always wins.
    expect(resolveZohoHosts({ baseUrl: 'http://127.0.0.1:4000' })).toMatchObject({ dataCenter: undefined, accountsUrl: 'http://127.0.0.1:4000' });
    expect(resolveZohoHosts({ dataCenter: 'eu', accountsUrl: 'http://127.0.0.1:4001' })).toMatchObject({ accountsUrl: 'http://127.0.0.1:4001', apiUrl: 'https://www.zohoapis.eu' });
    expect(resolveZohoHosts({})).toMatchObject({ dataCenter: 'us', accountsUrl: 'https://accounts.zoho.com' });
  });

  it('refreshes a Canadian account at accounts.zohocloud.ca and reads from the api_domain the token names', async () => {
    const { emulator, context, sentTo } = await dataCenterBehind();
    const { records } = await readAll(zohoCrmConnector, 'contacts', { dataCenter: 'ca', ...credentials }, undefined, context);

    expect(records).toHaveLength(emulator.modules.Contacts.length);
    expect(sentTo[0]).toBe('https://accounts.zohocloud.ca/oauth/v2/token');
    // The token's api_domain is the emulator itself, so the API calls follow it, not the data center's default host.
    expect(new Set(sentTo.slice(1))).toEqual(new Set([`${emulator.url}/crm/v8/Contacts/actions/count`, `${emulator.url}/crm/v8/Contacts`]));
    expect(sentTo).not.toContain('https://www.zohoapis.ca/crm/v8/Contacts');
  });

  it('keeps baseUrl as an override over the token\'s api_domain', async () => {
    const { context, sentTo } = await dataCenterBehind();
    await readAll(zohoCrmConnector, 'leads', { dataCenter: 'eu', baseUrl: 'https://crm-proxy.example.com', ...credentials }, undefined, context);

    expect(sentTo[0]).toBe('https://accounts.zoho.eu/oauth/v2/token');
    expect(new Set(sentTo.slice(1))).toEqual(new Set(['https://crm-proxy.example.com/crm/v8/Leads/actions/count', 'https://crm-proxy.example.com/crm/v8/Leads']));
  });

  it('tells in testConnection which data center and hosts it used, and warns when the api_domain is another host', async () => {
    const { emulator, context } = await dataCenterBehind();
    const checked = await zohoCrmConnector.check({ dataCenter: 'sa', ...credentials }, context);

    expect(checked.ok).toBe(true);
    const dataCenter = checked.checks?.find((check) => check.name === 'data-center');
    expect(dataCenter).toMatchObject({ status: 'warn' });
    expect(dataCenter?.detail).toContain('data center sa (Saudi Arabia): tokens from https://accounts.zoho.sa');
    expect(dataCenter?.detail).toContain(`the token's api_domain is ${emulator.url}, not the configured https://www.zohoapis.sa`);
    expect(checked.checks?.find((check) => check.name === 'token')?.detail).toMatch(/^refresh token works: an OAuth access token valid until \d{4}-\d\d-\d\dT.*\(60 min\)/);
    expect(checked.checks?.find((check) => check.name === 'scopes')).toMatchObject({ status: 'pass', detail: expect.stringContaining('ZohoCRM.modules.contacts.READ') });
  });

  it('passes the data-center check when the emulator is reached through its own overrides, as the demo does', async () => {
    const emulator = await startEmulator({ customers: 5 });
    running.push(emulator);
    const context: ConnectorContext = { http: (options) => new HttpClient({ timeoutMs: 2_000, ...options }) };
    const checked = await zohoCrmConnector.check(emulator.config, context);

    expect(checked.ok).toBe(true);
    expect(checked.checks?.find((check) => check.name === 'data-center')).toMatchObject({ status: 'pass', detail: expect.stringContaining('baseUrl set') });
  });

  it('refuses an unknown data center by name, listing the valid ones', async () => {
    const checked = await zohoCrmConnector.check({ dataCenter: 'mars', ...credentials } as ConnectorConfig, { http: (options) => new HttpClient(options) });

    expect(checked).toMatchObject({ ok: false, reason: expect.stringContaining("dataCenter 'mars' is not one of us, eu, in, au, cn, jp, ca, sa, uk") });
    await expect(readAll(zohoCrmConnector, 'contacts', { dataCenter: 'mars', ...credentials })).rejects.toMatchObject({ code: 'BAD_CONFIG' });
  });

  it('marks dataCenter as a destination, so changing it asks for the secrets again', () => {
    const field = zohoCrmConnector.spec.fields.find((candidate) => candidate.name === 'dataCenter');
    expect(field).toMatchObject({ destination: 'region', required: false });
    expect(zohoCrmConnector.spec.fields.filter((candidate) => candidate.destination).map((candidate) => candidate.name)).toEqual(['dataCenter', 'baseUrl', 'accountsUrl']);
  });
});

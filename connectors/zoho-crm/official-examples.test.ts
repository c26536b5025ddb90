import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCanonicalRecord } from '../sdk/records';
import { serveEmulator, type EmulatorReply, type EmulatorRequest, type RunningEmulator } from '../sdk/emulation/emulator-server';
import { FaultSwitches } from '../sdk/emulation/fault-switches';
import type { ConnectorContext } from '../sdk/connector';
import { HttpClient } from '../sdk/http-client';
import { readAll } from '../sdk/test-kit';
import { zohoCrmConnector } from './connector';
import { startEmulator, ZOHO_EMULATOR_CREDENTIALS, type ZohoCrmEmulator } from './emulator';

/**
 * Zoho's own published examples (fixtures/README.md names each source) served over real HTTP at the hosts Zoho
 * would answer from, through the connector's real code path; then the emulator's answers held against them.
 */

interface Fixture {
  _source: string;
  status: number;
  body: Record<string, unknown>;
}

const fixture = (name: string): Fixture => JSON.parse(readFileSync(path.join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as Fixture;
const reply = (name: string): EmulatorReply => ({ status: fixture(name).status, body: fixture(name).body });

const servers: RunningEmulator[] = [];
const emulators: ZohoCrmEmulator[] = [];
afterEach(async () => {
  await Promise.all([...servers.splice(0), ...emulators.splice(0)].map((server) => server.stop()));
});

/** A server answering token and record requests as the handlers say, and a context that sends every Zoho host there. */
async function zohoServing(handlers: { token: () => EmulatorReply; records: (request: EmulatorRequest) => EmulatorReply }) {
  const server = await serveEmulator((request) => (request.url.pathname === '/oauth/v2/token' ? handlers.token() : handlers.records(request)), new FaultSwitches());
  servers.push(server);
  const sentTo: string[] = [];
  const waits: number[] = [];
  const local: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    sentTo.push(`${url.origin}${url.pathname}`);
    return fetch(new URL(`${url.pathname}${url.search}`, server.url), init);
  };
  const context: ConnectorContext = { http: (options) => new HttpClient({ timeoutMs: 2_000, ...options, fetch: local, sleep: async (ms) => void waits.push(ms) }) };
  // A fresh refresh token per test: tokens are cached per credential set for the whole process.
  const config = { dataCenter: 'us', clientId: '1000.GMB0YULZHJK411248S8I5GZ4CHUEX0', clientSecret: '122c324d3496d5d777ceeebc129470715fbb856b7', refreshToken: `1000.${randomUUID()}` };
  return { config, context, sentTo, waits };
}

const noMoreRecords = (): EmulatorReply => ({ status: 204 });

describe('Zoho CRM on its official examples', () => {
  it('refreshes at the accounts server, then reads the Leads example from the api_domain the token names', async () => {
    const pageTokens: string[] = [];
    const zoho = await zohoServing({
      token: () => reply('token-refresh-with-scope'),
      records: (request) => {
        const token = request.url.searchParams.get('page_token');
        if (token === null) return reply('get-records-leads');
        pageTokens.push(token);
        return noMoreRecords();
      },
    });
    const { records, rejections } = await readAll(zohoCrmConnector, 'leads', zoho.config, undefined, zoho.context);

    expect(zoho.sentTo[0]).toBe('https://accounts.zoho.com/oauth/v2/token');
    expect(new Set(zoho.sentTo.slice(1))).toEqual(new Set(['https://www.zohoapis.com/crm/v8/Leads/actions/count', 'https://www.zohoapis.com/crm/v8/Leads']));
    // Ten pages by number (the example says more_records each time), then the example's next_page_token.
    expect(pageTokens).toEqual(['c8582xx9e7c7']);
    expect(rejections).toEqual([]);
    expect(records).toHaveLength(1);
    expect(parseCanonicalRecord(records[0])).toMatchObject({ ok: true });
    expect(records[0]).toMatchObject({ external_id: '4150868000000002175', company: 'Zylker Corp', traits: { lead_status: 'Not Contacted', zoho_module: 'Leads' } });
    expect(JSON.stringify(records[0])).toContain('john.doe@zylker.com');
  });

  it('passes the scope check on the example token whose scope includes ZohoCRM.modules.ALL', async () => {
    const zoho = await zohoServing({ token: () => reply('token-refresh-with-scope'), records: () => reply('get-records-leads') });
    const checked = await zohoCrmConnector.check(zoho.config, zoho.context);

    expect(checked.ok).toBe(true);
    expect(checked.checks?.map((check) => [check.name, check.status])).toEqual([['token', 'pass'], ['data-center', 'pass'], ['scopes', 'pass'], ['quota', 'pass']]);
    expect(checked.checks?.find((check) => check.name === 'data-center')?.detail).toContain('us (United States): tokens from https://accounts.zoho.com, API at https://www.zohoapis.com');
    expect(checked.checks?.find((check) => check.name === 'scopes')?.detail).toContain('ZohoCRM.modules.ALL');
    // Never a secret in a check's detail.
    expect(JSON.stringify(checked)).not.toContain(zoho.config.refreshToken);
    expect(JSON.stringify(checked)).not.toContain(zoho.config.clientSecret);
  });

  it('says the scopes were not reported when the token example has no scope, and checks them by reading both modules', async () => {
    const zoho = await zohoServing({ token: () => reply('token-refresh-without-scope'), records: () => reply('get-records-leads') });
    const checked = await zohoCrmConnector.check(zoho.config, zoho.context);

    expect(checked.ok).toBe(true);
    expect(checked.checks?.find((check) => check.name === 'scopes')).toMatchObject({ status: 'pass', detail: expect.stringMatching(/did not report the granted scopes; reading Contacts and Leads worked/) });
    expect(zoho.sentTo).toEqual(expect.arrayContaining(['https://www.zohoapis.com/crm/v8/Contacts', 'https://www.zohoapis.com/crm/v8/Leads']));
  });

  it('stops at once on the OAUTH_SCOPE_MISMATCH example, naming the scopes to grant; check fails the scopes', async () => {
    const zoho = await zohoServing({ token: () => reply('token-refresh-without-scope'), records: () => reply('error-oauth-scope-mismatch') });
    const error = await readAll(zohoCrmConnector, 'contacts', zoho.config, undefined, zoho.context).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', retryable: false, details: { platformCode: 'OAUTH_SCOPE_MISMATCH' } });
    expect((error as Error).message).toContain('ZohoCRM.modules.contacts.READ');
    expect(zoho.waits).toEqual([]);

    const checked = await zohoCrmConnector.check(zoho.config, zoho.context);
    expect(checked).toMatchObject({ ok: false, reason: expect.stringContaining('OAUTH_SCOPE_MISMATCH') });
    expect(checked.checks?.find((check) => check.name === 'scopes')?.status).toBe('fail');
  });

  it('waits and retries on the TOO_MANY_REQUESTS example, then reads on', async () => {
    let throttled = false;
    const zoho = await zohoServing({
      token: () => reply('token-refresh-without-scope'),
      records: (request) => {
        if (!throttled) return ((throttled = true), reply('error-too-many-requests'));
        return request.url.searchParams.has('page_token') || request.url.searchParams.get('page') !== '1' ? noMoreRecords() : reply('get-records-leads');
      },
    });
    const { records } = await readAll(zohoCrmConnector, 'leads', zoho.config, undefined, zoho.context);

    expect(zoho.waits).toHaveLength(1);
    expect(records.map((record) => record.external_id)).toEqual(['4150868000000002175']);
  });

  it('renews the token once on the UNAUTHORIZED example, then fails as unrecoverable', async () => {
    let tokens = 0;
    const zoho = await zohoServing({ token: () => ((tokens += 1), reply('token-refresh-without-scope')), records: () => reply('error-unauthorized') });
    const error = await readAll(zohoCrmConnector, 'leads', zoho.config, undefined, zoho.context).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    expect(tokens).toBe(2);
  });

  it('names Zoho\'s code on the DISCRETE_PAGINATION_LIMIT_EXCEEDED example instead of retrying', async () => {
    const zoho = await zohoServing({ token: () => reply('token-refresh-without-scope'), records: () => reply('error-discrete-pagination-limit-exceeded') });
    const error = await readAll(zohoCrmConnector, 'leads', zoho.config, undefined, zoho.context).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'BAD_CONFIG', retryable: false, details: { platformCode: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED' } });
    expect(zoho.waits).toEqual([]);
  });
});

describe('the Zoho CRM emulator against the same examples', () => {
  async function emulator(): Promise<ZohoCrmEmulator> {
    const started = await startEmulator({ customers: 2200 });
    emulators.push(started);
    return started;
  }

  const shape = (value: unknown): unknown => {
    if (Array.isArray(value)) return 'array';
    if (value === null) return 'null';
    if (typeof value !== 'object') return typeof value;
    return Object.fromEntries(Object.keys(value as object).sort().map((key) => [key, shape((value as Record<string, unknown>)[key])]));
  };

  const token = async (base: string) => {
    const response = await fetch(new URL('/oauth/v2/token', base), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: ZOHO_EMULATOR_CREDENTIALS.clientId, client_secret: ZOHO_EMULATOR_CREDENTIALS.clientSecret, refresh_token: ZOHO_EMULATOR_CREDENTIALS.refreshToken }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('answers a refresh like the official example, with an api_domain that points at itself', async () => {
    const zoho = await emulator();
    const answer = await token(zoho.url);

    expect(answer.status).toBe(fixture('token-refresh-with-scope').status);
    expect(shape(answer.body)).toEqual(shape(fixture('token-refresh-with-scope').body));
    expect(answer.body.api_domain).toBe(zoho.url);
  });

  it('lists records with the same info keys and types as the official Leads example, and its page-number limit error verbatim', async () => {
    const zoho = await emulator();
    const { body } = await token(zoho.url);
    const get = async (query: string) => {
      const response = await fetch(new URL(`/crm/v8/Leads?${query}`, zoho.url), { headers: { authorization: `Zoho-oauthtoken ${String(body.access_token)}` } });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const example = fixture('get-records-leads');
    const page = await get('fields=First_Name,Last_Name,Email&per_page=5');

    expect(page.status).toBe(example.status);
    expect(shape(page.body.info)).toEqual(shape({ ...(example.body.info as object), next_page_token: 'a token' }));
    expect(Object.keys((page.body.data as object[])[0])).toEqual(expect.arrayContaining(['id', 'First_Name', 'Last_Name', 'Email']));

    const limit = fixture('error-discrete-pagination-limit-exceeded');
    const beyond = await get('fields=Last_Name&per_page=200&page=11');
    expect(beyond).toEqual({ status: limit.status, body: limit.body });
  });

  it('throttles with the official TOO_MANY_REQUESTS code and status', async () => {
    const zoho = await emulator();
    const { body } = await token(zoho.url);
    zoho.faults.set({ rateLimit: 1 });
    const response = await fetch(new URL('/crm/v8/Contacts?fields=Last_Name', zoho.url), { headers: { authorization: `Zoho-oauthtoken ${String(body.access_token)}` } });
    const example = fixture('error-too-many-requests');

    expect(response.status).toBe(example.status);
    expect(await response.json()).toMatchObject({ code: example.body.code, message: example.body.message, status: example.body.status, details: expect.any(Object) });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { parseCanonicalRecord } from '../sdk/records';
import type { EmulatorOptions } from '../sdk/emulation/emulator';
import { serveEmulator } from '../sdk/emulation/emulator-server';
import { FaultSwitches } from '../sdk/emulation/fault-switches';
import { HttpClient } from '../sdk/http-client';
import { readAll, testContext } from '../sdk/test-kit';
import { zohoCrmConnector } from './connector';
import { startEmulator, type ZohoCrmEmulator } from './emulator';
import { mapContact } from './mapping';

const running: ZohoCrmEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.stop()));
});

async function zoho(options: EmulatorOptions = {}): Promise<ZohoCrmEmulator> {
  const emulator = await startEmulator(options);
  running.push(emulator);
  return emulator;
}

const idsOf = (records: Record<string, unknown>[]) => records.map((record) => String(record.external_id)).sort();
const moduleIds = (emulator: ZohoCrmEmulator, module: 'Contacts' | 'Leads') => emulator.modules[module].map((stored) => String(stored.row.id)).sort();
const tokenRequests = (emulator: ZohoCrmEmulator) => emulator.requests.filter((request) => request.path === '/oauth/v2/token').length;

describe('Zoho CRM connector', () => {
  it('returns every contact exactly once across page boundaries, each a valid canonical record', async () => {
    const emulator = await zoho();
    const config = { ...emulator.config, pageSize: 17 };
    const { records, rejections, states } = await readAll(zohoCrmConnector, 'contacts', config);

    expect(emulator.modules.Contacts.length).toBeGreaterThan(17 * 3);
    expect(idsOf(records)).toEqual(moduleIds(emulator, 'Contacts'));
    expect(new Set(idsOf(records)).size).toBe(records.length);
    expect(rejections).toEqual([]);
    expect(states).toHaveLength(Math.ceil(records.length / 17));
    for (const record of records) expect(parseCanonicalRecord(record)).toMatchObject({ ok: true });
    expect(records[0]).toMatchObject({ external_id: expect.stringMatching(/^\d{19}$/), company: expect.any(String), traits: { zoho_module: 'Contacts' } });
  });

  it("announces the module's record count (actions/count) before a full read, and no count on an incremental one", async () => {
    const emulator = await zoho();
    const full = await readAll(zohoCrmConnector, 'contacts', { ...emulator.config, pageSize: 50 });
    expect(full.totals).toEqual([emulator.modules.Contacts.length]);
    expect(full.records.length + full.rejections.length).toBe(emulator.modules.Contacts.length);

    const incremental = await readAll(zohoCrmConnector, 'contacts', { ...emulator.config, pageSize: 50 }, full.finalState);
    expect(incremental.totals).toEqual([]);
  });

  it('sends the client secret and refresh token in a form body, never in a URL', async () => {
    // The probe saw them in the token request's query string, where proxies and access logs keep them.
    const emulator = await zoho();
    const sent: { url: string; body: string }[] = [];
    const recording: typeof fetch = async (input, init) => {
      sent.push({ url: String(input), body: String(init?.body ?? '') });
      return fetch(input, init);
    };
    const context = { http: (options: ConstructorParameters<typeof HttpClient>[0]) => new HttpClient({ ...options, fetch: recording }) };
    await expect(zohoCrmConnector.check(emulator.config, context)).resolves.toMatchObject({ ok: true });

    const tokenRequest = sent.find((request) => new URL(request.url).pathname === '/oauth/v2/token')!;
    expect(new URL(tokenRequest.url).search).toBe('');
    expect(new URLSearchParams(tokenRequest.body).get('client_secret')).toBe(emulator.config.clientSecret);
    expect(new URLSearchParams(tokenRequest.body).get('refresh_token')).toBe(emulator.config.refreshToken);
    for (const { url } of sent) {
      expect(url).not.toContain(String(emulator.config.clientSecret));
      expect(url).not.toContain(String(emulator.config.refreshToken));
    }
  });

  it('maps leads with a lead event and the status as a trait', async () => {
    const emulator = await zoho();
    const { records } = await readAll(zohoCrmConnector, 'leads', { ...emulator.config, pageSize: 25 });

    expect(idsOf(records)).toEqual(moduleIds(emulator, 'Leads'));
    for (const record of records) {
      expect(parseCanonicalRecord(record)).toMatchObject({ ok: true });
      expect(record.traits).toMatchObject({ lead_status: expect.any(String) });
      expect(record.events).toEqual([expect.objectContaining({ type: 'lead', properties: expect.objectContaining({ status: (record.traits as Record<string, unknown>).lead_status }) })]);
    }
  });

  it('switches from page numbers to page_token past 2,000 records, as Zoho requires', async () => {
    const emulator = await zoho({ customers: 6000 });
    const { records } = await readAll(zohoCrmConnector, 'contacts', emulator.config);

    expect(emulator.modules.Contacts.length).toBeGreaterThan(2000);
    expect(idsOf(records)).toEqual(moduleIds(emulator, 'Contacts'));
    const pages = emulator.listQueries.map((query) => query.get('page') ?? 'token');
    expect(pages.slice(0, 11)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'token']);
  });

  it('reads only what changed since the final checkpoint; with nothing new it returns nothing and keeps the cursor', async () => {
    const emulator = await zoho();
    const config = { ...emulator.config, pageSize: 20 };
    const full = await readAll(zohoCrmConnector, 'contacts', config);
    const people = emulator.modules.Contacts.slice(0, 3).map((stored) => stored.personKey!);
    const changed = people.flatMap((key) => emulator.touch(key, undefined, { Mobile: '+86 139 0000 0001' })).filter((id) => id.startsWith('4876876000001'));

    const incremental = await readAll(zohoCrmConnector, 'contacts', config, full.finalState);
    expect(idsOf(incremental.records)).toEqual([...changed].sort());
    expect(incremental.records.every((record) => record.phone === '+86 139 0000 0001')).toBe(true);

    const nothing = await readAll(zohoCrmConnector, 'contacts', config, incremental.finalState);
    expect(nothing.records).toEqual([]);
    expect(nothing.finalState).toEqual(incremental.finalState);
  });

  it('takes the 204 with an empty body that Zoho sends when nothing changed as no records, keeping the cursor', async () => {
    const emulator = await zoho();
    const future = { modified_since: '2027-01-01T00:00:00.000Z', ids_at_cursor: [] };
    const grant = new URLSearchParams({ grant_type: 'refresh_token', client_id: emulator.config.clientId as string, client_secret: emulator.config.clientSecret as string, refresh_token: emulator.config.refreshToken as string });
    const { access_token: token } = (await (await fetch(`${emulator.url}/oauth/v2/token?${grant}`, { method: 'POST' })).json()) as { access_token: string };
    const direct = await fetch(`${emulator.url}/crm/v8/Leads?fields=Last_Name`, { headers: { authorization: `Zoho-oauthtoken ${token}`, 'if-modified-since': '2026-12-31T23:59:59+00:00' } });
    expect([direct.status, await direct.text()]).toEqual([204, '']);

    const { records, rejections, finalState } = await readAll(zohoCrmConnector, 'leads', emulator.config, future);
    expect([records, rejections]).toEqual([[], []]);
    expect(finalState).toEqual(future);
  });

  it('resuming between two records changed in the same second loses neither and repeats neither', async () => {
    const emulator = await zoho();
    const config = { ...emulator.config, pageSize: 1 };
    const full = await readAll(zohoCrmConnector, 'contacts', config);
    const sameSecond = new Date(Date.parse('2026-11-20T08:00:00Z'));
    const [first, second] = emulator.modules.Contacts.slice(0, 2).flatMap((stored) => emulator.touch(stored.personKey!, sameSecond)).filter((id) => id.startsWith('4876876000001'));

    // A run that stops (crash, cancel) at the checkpoint right after its first new record.
    let checkpoint: Record<string, unknown> | undefined;
    let delivered: unknown;
    for await (const message of zohoCrmConnector.read('contacts', config, full.finalState, testContext())) {
      if (message.type === 'record') delivered = message.record.external_id;
      if (message.type === 'state' && delivered) {
        checkpoint = message.state;
        break;
      }
    }
    expect(delivered).toBe([first, second].sort()[0]);
    const resumed = await readAll(zohoCrmConnector, 'contacts', config, checkpoint);
    expect(idsOf(resumed.records)).toEqual([first, second].sort().slice(1));
  });

  it('waits when Zoho throttles (429) and still returns everything once', async () => {
    const emulator = await zoho();
    emulator.faults.set({ rateLimit: 3 });
    const context = testContext();
    const { records } = await readAll(zohoCrmConnector, 'contacts', { ...emulator.config, pageSize: 30 }, undefined, context);

    expect(context.waits).toHaveLength(3);
    expect(idsOf(records)).toEqual(moduleIds(emulator, 'Contacts'));
  });

  it('retries Zoho 500s and loses nothing', async () => {
    const emulator = await zoho();
    emulator.faults.set({ serverError: 2 });
    const context = testContext();
    const { records } = await readAll(zohoCrmConnector, 'leads', { ...emulator.config, pageSize: 10 }, undefined, context);

    expect(context.waits).toHaveLength(2);
    expect(idsOf(records)).toEqual(moduleIds(emulator, 'Leads'));
  });

  it('fetches a new access token when Zoho says INVALID_TOKEN mid-sync, and goes on', async () => {
    const emulator = await zoho();
    const records: unknown[] = [];
    let tokensBefore = 0;
    for await (const message of zohoCrmConnector.read('contacts', { ...emulator.config, pageSize: 20 }, undefined, testContext())) {
      if (message.type === 'record') records.push(message.record.external_id);
      if (message.type === 'state' && tokensBefore === 0) {
        tokensBefore = tokenRequests(emulator);
        emulator.faults.set({ expireToken: true });
      }
    }
    expect(tokenRequests(emulator)).toBe(tokensBefore + 1);
    expect((records as string[]).sort()).toEqual(moduleIds(emulator, 'Contacts'));
  });

  it('retries a truncated JSON answer, and reports BAD_RESPONSE when it keeps coming', async () => {
    const emulator = await zoho();
    emulator.faults.set({ truncateJson: 2 });
    const { records } = await readAll(zohoCrmConnector, 'contacts', { ...emulator.config, pageSize: 40 });
    expect(idsOf(records)).toEqual(moduleIds(emulator, 'Contacts'));

    emulator.faults.set({ truncateJson: 100 });
    const error = await readAll(zohoCrmConnector, 'contacts', emulator.config).catch((caught) => caught);
    expect(error).toMatchObject({ name: 'ConnectorError', code: 'BAD_RESPONSE', retryable: true });
    expect(error.message).toMatch(/not valid JSON .*gave up after 6 attempts/);
  });

  it('reports bad credentials clearly in check, and read fails as unrecoverable', async () => {
    const emulator = await zoho();
    expect(await zohoCrmConnector.check(emulator.config, testContext())).toMatchObject({ ok: true });

    const wrongSecret = { ...emulator.config, clientSecret: 'not-the-secret' };
    const checked = await zohoCrmConnector.check(wrongSecret, testContext());
    expect(checked).toMatchObject({ ok: false, reason: expect.stringMatching(/invalid_client.*check clientId, clientSecret and refreshToken/) });

    const revoked = { ...emulator.config, refreshToken: '1000.revoked' };
    const error = await readAll(zohoCrmConnector, 'contacts', revoked).catch((caught) => caught);
    expect(error).toMatchObject({ name: 'ConnectorError', code: 'AUTH_FAILED', retryable: false, details: { platformCode: 'invalid_code' } });
  });

  it('says the host cannot be reached when nothing answers at baseUrl (its own accounts server when no data center is named)', async () => {
    const emulator = await zoho();
    await emulator.stop();
    running.splice(running.indexOf(emulator), 1);
    const checked = await zohoCrmConnector.check(emulator.config, testContext());
    expect(checked).toMatchObject({ ok: false, reason: expect.stringMatching(/^cannot reach the Zoho accounts server http:\/\/127\.0\.0\.1:\d+: network error/) });
    expect(checked.checks).toContainEqual(expect.objectContaining({ name: 'token', status: 'fail' }));
  });

  it('passes a row it cannot map on as a rejection, and the rest still arrive', async () => {
    const emulator = await zoho();
    emulator.addRawRow('Contacts', { Last_Name: 'Orphan', Email: 'orphan@example.com' });
    emulator.addRawRow('Contacts', { id: '4876876000099000001', Last_Name: 'Odd', Email: { value: 'odd@example.com' } });
    const { records, rejections } = await readAll(zohoCrmConnector, 'contacts', { ...emulator.config, pageSize: 50 });

    expect(rejections.map((rejection) => rejection.reason)).toEqual(['Contacts row has no id', "Contacts 4876876000099000001: Email is an object, expected text"]);
    expect(records).toHaveLength(emulator.modules.Contacts.length - 2);
  });

  it('keeps Zoho phone formats and mixed-case e-mails as shown, with the second number as a trait', () => {
    const mapped = mapContact({
      id: '4876876000001000007', Last_Name: '李', First_Name: '伟', Email: 'Wei.Li@Example.com', Mobile: '+86 138 0013 8000', Phone: '138-0013-8001',
      Account_Name: { name: '华为', id: '4876876000003000007' }, Modified_Time: '2026-01-02T10:00:00+08:00', Created_Time: '2025-03-01T09:30:00+08:00',
    });
    expect(mapped).toMatchObject({
      ok: true,
      record: { email: 'Wei.Li@Example.com', phone: '+86 138 0013 8000', company: '华为', updated_at: '2026-01-02T02:00:00.000Z', traits: { other_phone: '138-0013-8001', zoho_account_id: '4876876000003000007' } },
    });
  });

  it('takes a 304 Not Modified answer to If-Modified-Since as nothing changed: the checkpoint stays, the run succeeds', async () => {
    // Zoho documents 204 for "no records"; a 304 for the conditional header must not fail an incremental run either.
    const emulator = await zoho();
    const first = await readAll(zohoCrmConnector, 'contacts', emulator.config);
    const server = await serveEmulator((request) => (request.url.pathname === '/oauth/v2/token' ? { status: 200, body: { access_token: 'a', expires_in: 3600 } } : { status: 304 }), new FaultSwitches());
    try {
      const again = await readAll(zohoCrmConnector, 'contacts', { ...emulator.config, baseUrl: server.url, refreshToken: 'for-the-304-server' }, first.finalState);
      expect(again.records).toEqual([]);
      expect(again.finalState).toEqual(first.finalState);
    } finally {
      await server.stop();
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCanonicalRecord } from '../sdk/records';
import type { ConnectorContext, ReadMessage } from '../sdk/connector';
import { HttpClient } from '../sdk/http-client';
import { readAll, testContext } from '../sdk/test-kit';
import { nextPageSize, shopifyConnector } from './connector';
import { startEmulator, type ShopifyEmulator } from './emulator';
import { mapCustomer, mapOrder } from './mapping';

const CUSTOMERS = 120;
const LATER = new Date('2026-11-20T08:00:00Z');

let emulator: ShopifyEmulator;
beforeEach(async () => {
  emulator = await startEmulator({ customers: CUSTOMERS });
});
afterEach(() => emulator.stop());

/** Small pages, so every read crosses several page boundaries. */
const config = () => ({ ...emulator.config, pageSize: 25 });
const externalIds = (records: Record<string, unknown>[]) => records.map((record) => record.external_id as string);
/** Retries move the emulator's clock instead of sleeping, so the cost bucket refills exactly by the wait. */
const clockedContext = (waits: number[] = []): ConnectorContext => ({
  http: (options) => new HttpClient({ timeoutMs: 2_000, ...options, sleep: async (ms) => void (waits.push(ms), emulator.advanceClock(ms)) }),
});
const linkedOrders = () => emulator.shop.orders.filter((order) => order.customer?.email || order.customer?.phone || order.guestEmail);

describe('shopify connector: full and incremental reads', () => {
  it('reads every customer exactly once across page boundaries, each a valid canonical record', async () => {
    const result = await readAll(shopifyConnector, 'customers', config());

    expect(result.records).toHaveLength(CUSTOMERS);
    expect(new Set(externalIds(result.records)).size).toBe(CUSTOMERS);
    expect(result.states.length).toBe(Math.ceil(CUSTOMERS / 25));
    expect(result.rejections).toEqual([]);
    for (const record of result.records) expect(parseCanonicalRecord(record)).toMatchObject({ ok: true });
  });

  it('shows Shopify\'s view of a person: E.164 phone, family name first for Chinese names, province as state', async () => {
    const { records } = await readAll(shopifyConnector, 'customers', config());
    const customer = emulator.shop.customers.find((c) => c.person.origin === 'cn' && c.phone && c.email && c.address)!;
    const record = records.find((r) => r.external_id === emulator.customerId(customer.person.key))!;

    expect(record).toMatchObject({ email: customer.person.email, phone: `+86${customer.person.phone}`, first_name: customer.person.firstName, last_name: customer.person.lastName, full_name: customer.person.fullName, city: customer.person.city, country: 'CN' });
    expect(record.state).toEqual(expect.any(String));
    expect(record.traits).toMatchObject({ shopify_orders_count: expect.any(Number), shopify_currency: 'CNY' });
  });

  it('on the next run returns only the customers changed since the last checkpoint, and then nothing', async () => {
    const full = await readAll(shopifyConnector, 'customers', config());
    emulator.touch('p000007', LATER);
    emulator.touch('p000042', new Date(LATER.getTime() + 1000));

    const incremental = await readAll(shopifyConnector, 'customers', config(), full.finalState);
    expect(externalIds(incremental.records).sort()).toEqual([emulator.customerId('p000007'), emulator.customerId('p000042')].sort());
    expect(incremental.records[0].traits).toMatchObject({ shopify_tags: expect.stringContaining('edited') });

    // Shopify's filter is inclusive: the boundary record comes back, in the same version, and is skipped.
    const quiet = await readAll(shopifyConnector, 'customers', config(), incremental.finalState);
    expect(quiet.records).toEqual([]);
    expect(quiet.finalState).toEqual(incremental.finalState);
  });

  it('resumes from a checkpoint taken mid-run without losing or repeating a customer', async () => {
    const full = await readAll(shopifyConnector, 'customers', config());
    const firstTwoPages = full.records.slice(0, 50);

    const resumed = await readAll(shopifyConnector, 'customers', config(), full.states[1]);
    const all = externalIds([...firstTwoPages, ...resumed.records]);
    expect(all).toHaveLength(CUSTOMERS);
    expect(new Set(all).size).toBe(CUSTOMERS);
  });

  it('resumes between customers updated in the same second, reading only the ones not yet delivered', async () => {
    const tie = ['p000010', 'p000011', 'p000012'];
    for (const key of tie) emulator.touch(key, LATER);
    const [first, second, third] = tie.map((key) => emulator.customerId(key));
    // 120 customers in pages of 2: the tie (sorted by id) straddles the last two pages.
    const full = await readAll(shopifyConnector, 'customers', { ...config(), pageSize: 2 });
    expect(full.finalState).toEqual({ updatedAtMin: '2026-11-20T08:00:00Z', idsAtUpdatedAtMin: [first, second, third] });
    expect(full.states.at(-2)).toEqual({ updatedAtMin: '2026-11-20T08:00:00Z', idsAtUpdatedAtMin: [first] });

    const resumed = await readAll(shopifyConnector, 'customers', config(), full.states.at(-2));
    expect(externalIds(resumed.records)).toEqual([second, third]);
  });

  it('reads each order as a record of its own with one order event, and rejects orders nothing links to a person', async () => {
    // Orders cost 2 + 25 × 4 points a page (the order, its price set, the money in it, its customer): the bucket runs dry.
    const result = await readAll(shopifyConnector, 'orders', config(), undefined, clockedContext());

    expect(result.records).toHaveLength(linkedOrders().length);
    expect(result.rejections).toHaveLength(emulator.shop.orders.length - linkedOrders().length);
    expect(result.rejections[0]?.reason).toMatch(/no e-mail or phone .*nothing links it to a person/);
    const eventIds = result.records.flatMap((record) => (record.events as { id: string }[]).map((event) => event.id));
    expect(new Set(eventIds).size).toBe(linkedOrders().length);
    for (const record of result.records) expect(parseCanonicalRecord(record)).toMatchObject({ ok: true });
  });

  it('picks up a newly placed order, alone, on the next orders run', async () => {
    const full = await readAll(shopifyConnector, 'orders', config(), undefined, clockedContext());
    const orderId = emulator.placeOrder('p000003', LATER, 45_600);

    const incremental = await readAll(shopifyConnector, 'orders', config(), full.finalState, clockedContext());
    expect(incremental.records).toEqual([
      expect.objectContaining({ external_id: orderId, traits: { shopify_customer_id: emulator.customerId('p000003') }, events: [expect.objectContaining({ id: orderId, type: 'order', amount: 456 })] }),
    ]);
  });
});

describe('shopify connector: recovering from what Shopify does', () => {
  it('waits out THROTTLED answers for as long as the cost bucket needs, and still reads everything once', async () => {
    emulator.faults.set({ rateLimit: 2 });
    const context = testContext();
    const result = await readAll(shopifyConnector, 'customers', config(), undefined, context);

    // The fault shows an empty bucket: (2 + 25 × 5 = 127 requested − 0 available) / 100 per second = 1270 ms.
    expect(context.waits).toEqual([1270, 1270]);
    expect(new Set(externalIds(result.records)).size).toBe(CUSTOMERS);
    expect(result.records).toHaveLength(CUSTOMERS);
  });

  it('paces itself by the real leaky bucket: each computed wait is enough to be let through', async () => {
    emulator.bucket.configure({ maximumAvailable: 300, restoreRate: 50 });
    const waits: number[] = [];
    const result = await readAll(shopifyConnector, 'customers', config(), undefined, clockedContext(waits));

    // 300 points, 127 per page of 25 customers (2 + 25 × 5: the customer and its 4 nested objects): pages 1–2 fit, pages 3–5 each wait once. A wait too short to refill
    // the bucket would be throttled again and show up here as an extra wait.
    expect(waits).toHaveLength(3);
    expect(emulator.stats.throttled).toBe(3);
    expect(new Set(externalIds(result.records)).size).toBe(CUSTOMERS);
  });

  it('retries Shopify 503s and loses nothing', async () => {
    emulator.faults.set({ serverError: 3 });
    const context = testContext();
    const result = await readAll(shopifyConnector, 'customers', config(), undefined, context);

    expect(context.waits.length).toBe(3);
    expect(new Set(externalIds(result.records)).size).toBe(CUSTOMERS);
  });

  it('retries a cut-off JSON answer and loses nothing', async () => {
    emulator.faults.set({ truncateJson: 2 });
    const result = await readAll(shopifyConnector, 'customers', config());
    expect(new Set(externalIds(result.records)).size).toBe(CUSTOMERS);
  });

  it('reports a clear, retryable BAD_RESPONSE when every answer keeps arriving cut off', async () => {
    emulator.faults.set({ truncateJson: 100 });
    const error = await readAll(shopifyConnector, 'customers', config()).catch((e) => e);
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', retryable: true });
    expect(error.message).toMatch(/not valid JSON .*possibly cut off.*gave up after/);
  });

  it('stops with an unrecoverable AUTH_FAILED when a static admin token is revoked mid-run (nothing renews it), keeping the pages already checkpointed', async () => {
    const states: unknown[] = [];
    const read = async () => {
      for await (const message of shopifyConnector.read('customers', config(), undefined, testContext()) as AsyncIterable<ReadMessage>) {
        if (message.type !== 'state') continue;
        states.push(message.state);
        emulator.faults.set({ expireToken: true });
      }
    };
    const error = await read().catch((e) => e);

    expect(error).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    expect(error.message).toMatch(/Shopify refused the access token \(401: \[API\] Invalid API key or access token/);
    expect(states).toHaveLength(1);
  });
});

describe('shopify connector: check and credentials', () => {
  it('passes check with the right token', async () => {
    const check = await shopifyConnector.check(config(), testContext());
    expect(check).toMatchObject({ ok: true });
    expect(check.checks?.map((named) => `${named.name}:${named.status}`)).toEqual(['token:pass', 'api-version:pass', 'scopes:pass', 'quota:pass']);
  });

  it('explains a wrong token in check, and read fails with an unrecoverable error', async () => {
    const wrong = { ...config(), accessToken: 'shpat_not_the_right_one' };
    const check = await shopifyConnector.check(wrong, testContext());
    expect(check).toMatchObject({ ok: false, reason: expect.stringMatching(/refused the access token .*check the Admin API access token/) });

    const error = await readAll(shopifyConnector, 'customers', wrong).catch((e) => e);
    expect(error).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
  });

  it('explains an unreachable store and a missing token in check', async () => {
    const unreachable = await shopifyConnector.check({ ...config(), baseUrl: 'http://127.0.0.1:9' }, testContext());
    expect(unreachable).toMatchObject({ ok: false, reason: expect.stringMatching(/could not reach the Shopify store \(http:\/\/127\.0\.0\.1:9\)/) });
    expect(await shopifyConnector.check({ ...config(), accessToken: '' }, testContext())).toMatchObject({ ok: false, reason: expect.stringMatching(/set accessToken/) });
  });
});

describe('shopify mapping', () => {
  it('rejects rows it cannot map, with a reason, instead of dropping them', () => {
    expect(mapCustomer({ email: 'a@example.com', updatedAt: '2026-01-01T00:00:00Z' })).toMatchObject({ ok: false, reason: expect.stringMatching(/no Shopify customer id/) });
    expect(mapCustomer({ id: 'gid://shopify/Customer/1', updatedAt: 'yesterday' })).toMatchObject({ ok: false, reason: expect.stringMatching(/no readable updatedAt/) });
    expect(mapOrder({ id: 'gid://shopify/Order/9', name: '#1009', createdAt: '2026-01-01T00:00:00Z', customer: null })).toMatchObject({ ok: false, reason: expect.stringMatching(/#1009 .*no customer/) });
  });

  it('keeps western order for latin names and reads Shopify\'s string-typed counts as numbers', () => {
    const mapped = mapCustomer({ id: 'gid://shopify/Customer/2', firstName: 'Ada', lastName: 'Lovelace', updatedAt: '2026-01-01T00:00:00Z', numberOfOrders: '3', amountSpent: { amount: '12.50', currencyCode: 'CNY' } });
    expect(mapped).toMatchObject({ ok: true, record: { full_name: 'Ada Lovelace', traits: { shopify_orders_count: 3, shopify_amount_spent: 12.5 } } });
  });
});

describe('shopify connector: marketing consent', () => {
  it('reads e-mail and SMS marketing consent with the time Shopify recorded, as consent fields the hub accepts', async () => {
    const { records } = await readAll(shopifyConnector, 'customers', config());
    const subscribed = emulator.shop.customers.find((c) => c.email && c.marketingState === 'SUBSCRIBED' && c.phone && c.smsMarketingState === 'SUBSCRIBED')!;
    const record = records.find((r) => r.external_id === emulator.customerId(subscribed.person.key))!;

    expect(record).toMatchObject({
      consent_email_marketing: 'granted',
      consent_email_marketing_at: subscribed.emailConsentUpdatedAt!.toISOString().replace('.000Z', 'Z'),
      consent_sms_marketing: 'granted',
      consent_sms_marketing_at: subscribed.smsConsentUpdatedAt!.toISOString().replace('.000Z', 'Z'),
    });
    const parsed = parseCanonicalRecord(record);
    expect(parsed.ok && parsed.record.consents).toEqual([
      { channel: 'email', purpose: 'marketing', status: 'granted', at: subscribed.emailConsentUpdatedAt },
      { channel: 'sms', purpose: 'marketing', status: 'granted', at: subscribed.smsConsentUpdatedAt },
    ]);
    // No e-mail, no e-mail consent: Shopify answers null, and the record says nothing about that channel.
    const phoneOnly = emulator.shop.customers.find((c) => !c.email)!;
    expect(records.find((r) => r.external_id === emulator.customerId(phoneOnly.person.key))).not.toHaveProperty('consent_email_marketing');
  });

  it('picks up an unsubscribe on the next incremental run as a withdrawal at the time the customer made it', async () => {
    const full = await readAll(shopifyConnector, 'customers', config());
    const customer = emulator.shop.customers.find((c) => c.email && c.marketingState === 'SUBSCRIBED')!;
    emulator.setMarketingConsent(customer.person.key, 'email', 'UNSUBSCRIBED', LATER);

    const incremental = await readAll(shopifyConnector, 'customers', config(), full.finalState);
    expect(incremental.records).toEqual([expect.objectContaining({ external_id: emulator.customerId(customer.person.key), consent_email_marketing: 'withdrawn', consent_email_marketing_at: '2026-11-20T08:00:00Z' })]);
  });

  it("maps Shopify's documented consent shape: every marketing state, opt-in level ignored, a missing date left to the record's time", () => {
    // The shape shopify.dev documents (objects CustomerEmailMarketingConsentState and CustomerSmsMarketingConsentState,
    // enums CustomerEmailMarketingState and CustomerSmsMarketingState; the selection of its 2024-01
    // customerSmsMarketingConsentUpdate example, customer 207119551). Not a verbatim response: the page's answer
    // body was not available to us, so the phone and times are ours; field names and enum values are Shopify's.
    const documented = {
      id: 'gid://shopify/Customer/207119551',
      phone: '+16136120707',
      updatedAt: '2024-01-02T10:00:00Z',
      emailMarketingConsent: { marketingState: 'PENDING', marketingOptInLevel: 'CONFIRMED_OPT_IN', consentUpdatedAt: null },
      smsMarketingConsent: { marketingState: 'SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: '2021-08-03T19:39:59Z', consentCollectedFrom: 'OTHER' },
    };
    const mapped = mapCustomer(documented);
    expect(mapped).toMatchObject({ ok: true, record: { consent_email_marketing: 'unknown', consent_sms_marketing: 'granted', consent_sms_marketing_at: '2021-08-03T19:39:59Z' } });
    expect(mapped.ok && mapped.record).not.toHaveProperty('consent_email_marketing_at');
    expect(parseCanonicalRecord(mapped.ok && mapped.record)).toMatchObject({ ok: true });

    const state = (marketingState: string) => mapCustomer({ ...documented, smsMarketingConsent: { marketingState } });
    expect(['SUBSCRIBED', 'NOT_SUBSCRIBED', 'UNSUBSCRIBED', 'PENDING', 'INVALID'].map((s) => (state(s) as { record: Record<string, unknown> }).record.consent_sms_marketing)).toEqual([
      'granted',
      'denied',
      'withdrawn',
      'unknown',
      'unknown',
    ]);
    // REDACTED: the customer's data was erased at Shopify; it says nothing about consent.
    expect(state('REDACTED')).not.toHaveProperty('record.consent_sms_marketing');
  });
});

describe('shopify check: what a data team has', () => {
  const named = async (overrides: Record<string, unknown> = {}) => {
    const check = await shopifyConnector.check({ ...config(), ...overrides }, testContext());
    return { check, byName: Object.fromEntries((check.checks ?? []).map((entry) => [entry.name, entry])) };
  };

  it('warns by name that order history is cut to 60 days without read_all_orders, and the sync may still run', async () => {
    emulator.auth.scopes = ['read_customers', 'read_orders'];
    const { check, byName } = await named();
    expect(check.ok).toBe(true);
    expect(byName.scopes).toMatchObject({ status: 'warn', detail: expect.stringMatching(/missing read_all_orders: orders older than 60 days/) });
  });

  it('fails naming read_customers when the app cannot read customers', async () => {
    emulator.auth.scopes = ['read_orders', 'read_all_orders'];
    const { check, byName } = await named();
    expect(check).toMatchObject({ ok: false, reason: expect.stringMatching(/missing read_customers/) });
    expect(byName.scopes.status).toBe('fail');
  });

  it('warns when the API version is past Shopify\'s 12-month window and Shopify serves another', async () => {
    const { byName } = await named({ apiVersion: '2023-01' });
    expect(byName['api-version']).toMatchObject({ status: 'warn', detail: expect.stringMatching(/asked for 2023-01, Shopify answered with \d{4}-\d{2}/) });
  });

  it('reports the query-cost bucket, and warns when another client has drained it', async () => {
    expect((await named()).byName.quota).toMatchObject({ status: 'pass', detail: expect.stringMatching(/^\d+ of 2000 query-cost points available, restoring 100\/s$/) });
    emulator.bucket.configure({ maximumAvailable: 2000, restoreRate: 100 });
    emulator.bucket.tryDebit(1950);
    expect((await named()).byName.quota).toMatchObject({ status: 'warn', detail: expect.stringMatching(/another client/) });
  });

  it('names the token kind and its expiry, and never puts a secret in a check', async () => {
    const cc = emulator.configFor('client-credentials');
    const { byName, check } = await named(cc);
    expect(byName.token.detail).toMatch(/client-credentials token .*24 hours, expires \d{4}-/);
    expect(JSON.stringify(check)).not.toContain(String(cc.clientSecret));
  });

  it('never spends an offline refresh token (that would replace it), and says the next sync renews an expired token', async () => {
    const offline = emulator.configFor('expiring-offline-token');
    emulator.advanceClock(3_600_000 + 1000);
    const { check, byName } = await named(offline);
    expect(check.ok).toBe(false);
    expect(byName.token).toMatchObject({ status: 'fail', detail: expect.stringMatching(/expiring offline token: .*next sync renews it/) });
    expect(emulator.auth.grants.refresh_token).toBe(0);
  });
});

describe('shopify query cost: pages sized by Shopify\'s own rules', () => {
  it('never asks for a page over the 1,000-point single-query limit, even when pageSize says 250', async () => {
    emulator.bucket.configure({ maximumAvailable: 20_000, restoreRate: 1000 });
    const result = await readAll(shopifyConnector, 'customers', { ...config(), pageSize: 250 });
    expect(new Set(externalIds(result.records)).size).toBe(CUSTOMERS);

    // The same page of 250 customers with their nested objects, asked for directly: Shopify refuses it outright.
    const http = new HttpClient({ baseUrl: emulator.url, maxRetries: 0 });
    const response = await http.request<{ errors: { extensions: { code: string; cost: number } }[] }>({
      method: 'POST',
      path: '/admin/api/2026-04/graphql.json',
      headers: { 'X-Shopify-Access-Token': emulator.auth.adminToken },
      json: { query: 'query { customers(first: 250) { edges { node { id amountSpent { amount } defaultAddress { city } emailMarketingConsent { marketingState } smsMarketingConsent { marketingState } } } } }' },
    });
    expect(response.body?.errors[0].extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', cost: 2 + 250 * 5 });
  });

  it('shrinks the next page when Shopify reports a higher requestedQueryCost than the hub estimated', () => {
    // Estimated 5 a customer; Shopify charged 2 + 100 × 9 for a page of 100: the next page fits 1,000 at 9 a node.
    expect(nextPageSize(100, { nodeCost: 5 }, { requestedQueryCost: 902 })).toBe(100);
    expect(nextPageSize(199, { nodeCost: 5 }, { requestedQueryCost: 2 + 199 * 9 })).toBe(110);
    expect(nextPageSize(199, { nodeCost: 5 }, { requestedQueryCost: 2 + 199 * 5 })).toBe(199);
  });
});

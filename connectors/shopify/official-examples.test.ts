import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReadMessage } from '../sdk/connector';
import { serveEmulator, type EmulatorReply, type EmulatorRequest, type RunningEmulator } from '../sdk/emulation/emulator-server';
import { FaultSwitches } from '../sdk/emulation/fault-switches';
import { HttpClient } from '../sdk/http-client';
import { testContext } from '../sdk/test-kit';
import { inspectShopifyResponse, shopifyConnector } from './connector';
import { startEmulator, type ShopifyEmulator } from './emulator';

/**
 * Shopify's own example responses (fixtures/README.md names each source) through the connector's real code path: a
 * local server answers with the fixture, byte for byte, and the connector's HTTP client, token source, signal reading
 * and check do the rest. Then the emulator's answers to the same requests are held to the fixtures' shapes.
 */

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8'));

let server: RunningEmulator | undefined;
let emulator: ShopifyEmulator | undefined;
afterEach(async () => {
  await server?.stop();
  await emulator?.stop();
  server = emulator = undefined;
});

/** Serves fixtures by path: `routes['/admin/oauth/access_token'] = [status, fixtureName]`; GraphQL by `graphql`. */
async function shopServing(routes: Record<string, [number, string]>): Promise<string> {
  const handle = (request: EmulatorRequest): EmulatorReply => {
    const key = request.url.pathname.endsWith('/graphql.json') ? 'graphql' : request.url.pathname;
    const route = routes[key];
    return route ? { status: route[0], body: fixture(route[1]) } : { status: 404, body: { errors: 'Not Found' } };
  };
  server = await serveEmulator(handle, new FaultSwitches());
  return server.url;
}

const base = (url: string) => ({ shopDomain: 'test-shop.myshopify.io', baseUrl: url });

describe('shopify: official examples through the connector', () => {
  it('client credentials: takes the documented token response, and check names the missing scopes from the documented scope list', async () => {
    const url = await shopServing({ '/admin/oauth/access_token': [200, 'client-credentials-token'], graphql: [200, 'shop-name'], '/admin/oauth/access_scopes.json': [200, 'access-scopes'] });
    const check = await shopifyConnector.check({ ...base(url), credentialKind: 'client-credentials', clientId: 'test_key', clientSecret: 'test_secret_key' }, testContext());

    const byName = Object.fromEntries((check.checks ?? []).map((entry) => [entry.name, entry]));
    expect(byName.token).toMatchObject({ status: 'pass', detail: expect.stringMatching(/client-credentials token .*expires \d{4}-/) });
    // read_products, write_orders, read_orders granted: write_orders covers read_orders; customers and 60+ day orders are missing.
    expect(byName.scopes).toMatchObject({ status: 'fail', detail: expect.stringMatching(/missing read_customers.*missing read_all_orders: orders older than 60 days/) });
    expect(byName.scopes.detail).not.toMatch(/missing read_orders/);
    expect(byName.quota).toMatchObject({ status: 'warn' });
    expect(check).toMatchObject({ ok: false, reason: expect.stringMatching(/read_customers/) });
    expect(JSON.stringify(check)).not.toContain('some_access_token');
  });

  it('client credentials: the documented invalid_client refusal is final, with where to look', async () => {
    const url = await shopServing({ '/admin/oauth/access_token': [400, 'client-credentials-invalid-client'] });
    const read = shopifyConnector.read('customers', { ...base(url), credentialKind: 'client-credentials', clientId: 'test_key', clientSecret: 'wrong' }, undefined, testContext());
    await expect(read[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'AUTH_FAILED', retryable: false, message: expect.stringMatching(/invalid_client: Client authentication failed.*check clientId and clientSecret/) });
  });

  it('refresh: hands back the documented new token pair before anything else, even when the query then fails', async () => {
    const url = await shopServing({ '/admin/oauth/access_token': [200, 'refresh-token-rotated'], graphql: [200, 'missing-first-error'] });
    const messages: ReadMessage[] = [];
    const read = async () => {
      for await (const message of shopifyConnector.read('customers', { ...base(url), credentialKind: 'expiring-offline-token', clientId: 'test_key', clientSecret: 'test_secret_key', refreshToken: 'test-refresh-token' }, undefined, testContext())) messages.push(message);
    };
    // The documented GraphQL error (with its cost) is a query Shopify will not run: final, named.
    await expect(read()).rejects.toMatchObject({ code: 'BAD_CONFIG', retryable: false, message: expect.stringMatching(/you must provide one of first or last/) });
    expect(messages).toEqual([{ type: 'secrets', secrets: { accessToken: 'new_access_token', refreshToken: 'new_refresh_token' } }]);
  });

  it('refresh: the documented invalid_grant refusal says to install again', async () => {
    const url = await shopServing({ '/admin/oauth/access_token': [400, 'refresh-token-invalid-grant'] });
    const read = shopifyConnector.read('orders', { ...base(url), credentialKind: 'expiring-offline-token', clientId: 'test_key', clientSecret: 'test_secret_key', refreshToken: 'used' }, undefined, testContext());
    await expect(read[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'AUTH_FAILED', retryable: false, message: expect.stringMatching(/invalid_grant: The refresh token is invalid or expired.*install the app again/) });
  });

  it('reads the documented THROTTLED answer as rate limiting to wait out, not as a failure', () => {
    const verdict = inspectShopifyResponse({ status: 200, headers: new Headers(), body: fixture('throttled') });
    expect(verdict).toMatchObject({ kind: 'error', code: 'RATE_LIMITED', platformCode: 'THROTTLED', retryAfterMs: 1000 });
  });
});

/** Every key of the official example is in the emulator's answer, with a value of the same JSON type (recursively, arrays by their first item). */
function expectSameShape(emulated: unknown, official: unknown, path = '$'): void {
  const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
  expect(kind(emulated), path).toBe(kind(official));
  if (kind(official) === 'array' && (official as unknown[]).length > 0) expectSameShape((emulated as unknown[])[0], (official as unknown[])[0], `${path}[0]`);
  if (kind(official) === 'object') for (const [key, value] of Object.entries(official as object)) expectSameShape((emulated as Record<string, unknown>)[key], value, `${path}.${key}`);
}

describe('shopify emulator: held to the official examples', () => {
  const ask = async (path: string, init: { method?: 'GET' | 'POST'; form?: Record<string, string>; json?: unknown; token?: string }) => {
    const http = new HttpClient({ baseUrl: emulator!.url, maxRetries: 0, inspect: () => ({ kind: 'ok' }) });
    const response = await http.request({ method: init.method ?? 'POST', path, form: init.form, json: init.json, headers: init.token ? { 'X-Shopify-Access-Token': init.token } : {} });
    return { status: response.status, body: response.body };
  };

  it('answers both grants, their refusals and the scope list in the documented shapes', async () => {
    emulator = await startEmulator({ customers: 5 });
    const { auth } = emulator;
    const granted = await ask('/admin/oauth/access_token', { form: { grant_type: 'client_credentials', client_id: auth.clientId, client_secret: auth.clientSecret } });
    expectSameShape(granted.body, fixture('client-credentials-token'));

    const refused = await ask('/admin/oauth/access_token', { form: { grant_type: 'client_credentials', client_id: auth.clientId, client_secret: 'wrong' } });
    expect(refused.status).toBe(400);
    expectSameShape(refused.body, fixture('client-credentials-invalid-client'));
    expect(refused.body).toMatchObject({ error: 'invalid_client' });

    const installed = auth.installOffline();
    const rotated = await ask('/admin/oauth/access_token', { form: { grant_type: 'refresh_token', client_id: auth.clientId, client_secret: auth.clientSecret, refresh_token: installed.refreshToken } });
    expectSameShape(rotated.body, fixture('refresh-token-rotated'));
    expect(Object.keys(rotated.body as object).sort()).toEqual(Object.keys(fixture('refresh-token-rotated') as object).sort());

    const reused = await ask('/admin/oauth/access_token', { form: { grant_type: 'refresh_token', client_id: auth.clientId, client_secret: auth.clientSecret, refresh_token: installed.refreshToken } });
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ error: 'invalid_grant' });
    expectSameShape(reused.body, fixture('refresh-token-invalid-grant'));

    expectSameShape((await ask('/admin/oauth/access_scopes.json', { method: 'GET', token: auth.adminToken })).body, fixture('access-scopes'));
  });

  it('answers the shop query, a query without first and a throttled query in the documented shapes', async () => {
    emulator = await startEmulator({ customers: 5 });
    const token = emulator.auth.adminToken;
    expectSameShape((await ask('/admin/api/2026-04/graphql.json', { json: { query: '{\n  shop {\n    name\n  }\n}\n' }, token })).body, fixture('shop-name'));

    const missingFirst = await ask('/admin/api/2026-04/graphql.json', { json: { query: 'query getProducts {\n  customers {\n    edges {\n      node {\n        id\n      }\n    }\n  }\n}' }, token });
    expectSameShape(missingFirst.body, fixture('missing-first-error'));
    expect(missingFirst.body).toMatchObject({ errors: [{ message: 'you must provide one of first or last', locations: [{ line: 2, column: 3 }], path: ['customers'] }] });

    emulator.faults.set({ rateLimit: 1 });
    const throttled = await ask('/admin/api/2026-04/graphql.json', { json: { query: '{ customers(first: 10) { edges { node { id } } } }' }, token });
    expectSameShape(throttled.body, fixture('throttled'));
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../sdk/http-client';
import { readAll, testContext } from '../sdk/test-kit';
import { RENEW_BEFORE_MS, ShopifyAccessToken, inspectTokenResponse } from './access-token';
import { shopifyConnector } from './connector';
import { startEmulator, type ShopifyEmulator } from './emulator';

const CUSTOMERS = 60;
const HOUR = 3_600_000;

let emulator: ShopifyEmulator;
beforeEach(async () => {
  emulator = await startEmulator({ customers: CUSTOMERS });
});
afterEach(() => emulator.stop());

const ids = (records: Record<string, unknown>[]) => new Set(records.map((record) => record.external_id));

describe('shopify credentials: a Dev Dashboard app by the client-credentials grant', () => {
  it('gets a 24-hour token with the client id and secret and reads every customer with it', async () => {
    const result = await readAll(shopifyConnector, 'customers', { ...emulator.configFor('client-credentials'), pageSize: 20 });

    expect(ids(result.records).size).toBe(CUSTOMERS);
    expect(emulator.auth.grants.client_credentials).toBe(1);
    expect(result.secrets).toEqual([]);
  });

  it('gets a new token when Shopify answers 401 mid-run because the 24 hours ran out, and loses nothing', async () => {
    let pages = 0;
    const records: unknown[] = [];
    for await (const message of shopifyConnector.read('customers', { ...emulator.configFor('client-credentials'), pageSize: 20 }, undefined, testContext())) {
      if (message.type === 'record') records.push(message.record.external_id);
      // After the first page, a day passes: the token the connector holds is now refused with 401.
      if (message.type === 'state' && ++pages === 1) emulator.advanceClock(24 * HOUR);
    }

    expect(new Set(records).size).toBe(CUSTOMERS);
    expect(emulator.auth.grants.client_credentials).toBe(2);
  });

  it('renews before expiry instead of sending a token that is about to die', async () => {
    let now = Date.now();
    const oauth = new HttpClient({ baseUrl: emulator.url, inspect: inspectTokenResponse });
    const tokens = new ShopifyAccessToken({ kind: 'client-credentials', clientId: emulator.auth.clientId, clientSecret: emulator.auth.clientSecret }, oauth, { mayRotate: true, now: () => now });

    const first = await tokens.token();
    now += 24 * HOUR - RENEW_BEFORE_MS - 60_000;
    expect(await tokens.token()).toBe(first);
    now += 2 * 60_000;
    expect(await tokens.token()).not.toBe(first);
    expect(emulator.auth.grants.client_credentials).toBe(2);
  });

  it('fails unrecoverably, saying where to look, when the client secret is wrong', async () => {
    const error = await readAll(shopifyConnector, 'customers', { ...emulator.configFor('client-credentials'), clientSecret: 'shpss_wrong' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    expect(error.message).toMatch(/refused the token request \(400\) \(invalid_client.*check clientId and clientSecret/);
    expect(error.message).not.toContain('shpss_wrong');
  });
});

describe('shopify credentials: an expiring offline token and its rotating refresh token', () => {
  it('uses the pasted access token while it lives, and rotates nothing', async () => {
    const result = await readAll(shopifyConnector, 'customers', emulator.configFor('expiring-offline-token'));
    expect(ids(result.records).size).toBe(CUSTOMERS);
    expect(result.secrets).toEqual([]);
    expect(emulator.auth.grants.refresh_token).toBe(0);
  });

  it('refreshes an expired token, hands back the new refresh token before the page it fetched, and the old one is then refused', async () => {
    const installed = emulator.configFor('expiring-offline-token');
    emulator.advanceClock(HOUR + 1000);

    const result = await readAll(shopifyConnector, 'customers', { ...installed, pageSize: 20 });
    expect(ids(result.records).size).toBe(CUSTOMERS);
    expect(result.secrets).toEqual([{ accessToken: expect.stringMatching(/^shpat_/), refreshToken: expect.stringMatching(/^shprt_/) }]);
    expect(result.secrets[0].refreshToken).not.toBe(installed.refreshToken);

    // Another run from the stale copy: Shopify refuses the used refresh token, final, with what to do.
    emulator.advanceClock(HOUR + 1000);
    const stale = await readAll(shopifyConnector, 'customers', installed).catch((e) => e);
    expect(stale).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    expect(stale.message).toMatch(/invalid_grant.*install the app again/);

    // From what was handed back, the next run works (and rotates again).
    const next = await readAll(shopifyConnector, 'customers', { ...installed, ...result.secrets[0] });
    expect(ids(next.records).size).toBe(CUSTOMERS);
    expect(next.secrets).toHaveLength(1);
  });

  it('hands back the rotated refresh token even when the page fetched with it fails', async () => {
    const installed = emulator.configFor('expiring-offline-token');
    emulator.advanceClock(HOUR + 1000);
    emulator.faults.set({ serverError: 100 });

    const handedBack: Record<string, string>[] = [];
    const read = async () => {
      for await (const message of shopifyConnector.read('customers', installed, undefined, testContext())) if (message.type === 'secrets') handedBack.push(message.secrets);
    };
    await expect(read()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(handedBack).toHaveLength(1);
  });
});

describe('shopify credentials: a static admin token', () => {
  it('is never "renewed": a 401 is final and no token request is made', async () => {
    emulator.auth.revoke(emulator.auth.adminToken);
    const error = await readAll(shopifyConnector, 'customers', emulator.configFor('admin-token')).catch((e) => e);
    expect(error).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    expect(emulator.auth.grants).toEqual({ client_credentials: 0, refresh_token: 0 });
  });

  it('asks for what each kind needs, by name', async () => {
    const check = await shopifyConnector.check({ ...emulator.configFor('client-credentials'), clientSecret: undefined }, testContext());
    expect(check).toMatchObject({ ok: false, reason: 'set clientSecret for credentialKind client-credentials' });
  });
});

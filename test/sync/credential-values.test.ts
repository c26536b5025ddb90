import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator as startShopify, type ShopifyEmulator } from '../../connectors/shopify/emulator';
import { startTestHub, type TestHub } from '../support/hub';

/** Issue 22: the README's placeholder `shpat_…` was saved, then failed every request as a "network error" and was retried. */
const CREATE = 'mutation($input: CreateConnectionInput!) { createConnection(input: $input) { id status } }';
const UPDATE = 'mutation($id: ID!, $input: UpdateConnectionInput!) { updateConnection(id: $id, input: $input) { id } }';

let hub: TestHub;
let shop: ShopifyEmulator;

beforeAll(async () => {
  shop = await startShopify({ customers: 2 });
  hub = await startTestHub('credential_values');
});
afterAll(async () => {
  await hub?.stop();
  await shop?.stop();
});

describe('a credential is checked when saved', () => {
  it.each([
    ['the README placeholder with an ellipsis', 'shpat_…', /accessToken holds a character HTTP headers cannot carry \(U\+2026\)/],
    ['a line break pasted with the token', 'shpat_0123456789abcdef\n', /accessToken holds a character HTTP headers cannot carry \(U\+000A\)/],
    ['a non-breaking space', 'shpat_0123\u00a0456789abcdef', /accessToken holds a character HTTP headers cannot carry \(U\+00A0\)/],
    ['a space at its end', 'shpat_0123456789abcdef ', /accessToken starts or ends with a space or tab/],
  ])('refuses %s on createConnection with BAD_USER_INPUT naming the field, never the value', async (_label, accessToken, message) => {
    const { body } = await hub.graphql(CREATE, { input: { name: 'shop-placeholder', connector: 'shopify', config: { ...shop.config, accessToken } } });
    expect(body.errors[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT' } });
    expect(JSON.stringify(body)).not.toContain(accessToken.trim());
    expect((await hub.services.connections.list()).map((connection) => connection.name)).not.toContain('shop-placeholder');
  });

  it('refuses it on updateConnection too, and keeps the stored secret', async () => {
    const created = await hub.graphql(CREATE, { input: { name: 'shop-good', connector: 'shopify', config: shop.config } });
    expect(created.body.errors).toBeUndefined();
    const id = created.body.data.createConnection.id;
    const { body } = await hub.graphql(UPDATE, { id, input: { config: { accessToken: 'shpat_…' } } });
    expect(body.errors[0]).toMatchObject({ message: expect.stringMatching(/accessToken holds a character HTTP headers cannot carry/), extensions: { code: 'BAD_USER_INPUT' } });
    const test = await hub.graphql('mutation($id: ID!) { testConnection(id: $id) { ok } }', { id });
    expect(test.body.data.testConnection.ok).toBe(true);
  });

  it('checks every secret field of every connector alike (Zoho refresh token, WeCom secret)', async () => {
    const zoho = await hub.graphql(CREATE, { input: { name: 'zoho-tab', connector: 'zoho-crm', config: { clientId: '1000.ABC', clientSecret: 'abc', refreshToken: '1000.abc\u2028def' } } });
    expect(zoho.body.errors[0]).toMatchObject({ message: expect.stringMatching(/refreshToken holds a character HTTP headers cannot carry \(U\+2028\)/), extensions: { code: 'BAD_USER_INPUT' } });
    const wecom = await hub.graphql(CREATE, { input: { name: 'wecom-space', connector: 'wecom', config: { corpId: 'ww0123', secret: ' abc' } } });
    expect(wecom.body.errors[0]).toMatchObject({ message: expect.stringMatching(/secret starts or ends with a space/), extensions: { code: 'BAD_USER_INPUT' } });
  });
});

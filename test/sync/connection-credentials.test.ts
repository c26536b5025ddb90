import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator as startShopify, type ShopifyEmulator } from '../../connectors/shopify/emulator';
import { startEmulator as startZoho } from '../../connectors/zoho-crm/emulator';
import type { StartedEmulator } from '../../connectors/sdk/emulation/emulator';
import { startTestHub, type TestHub } from '../support/hub';

/**
 * Issue 20, "Secrets leave": `updateConnection(id, { config: { baseUrl: "http://any-host" } })` kept the stored
 * secret and `testConnection` then sent it there; connector URLs passed no address guard (loopback and
 * link-local were reached, file:// accepted). Here every one of those attacks is replayed against a hub that
 * does not allow private targets (the default), and one that does (tests and `hub emulate`).
 */

let strict: TestHub;
let lenient: TestHub;
let shop: ShopifyEmulator;
let zoho: StartedEmulator;
/** Stands for the attacker's host: it records every request that reaches it, with its headers. */
let catcher: { url: string; requests: http.IncomingHttpHeaders[]; close(): Promise<void> };

beforeAll(async () => {
  shop = await startShopify({ customers: 5 });
  zoho = await startZoho({ customers: 5 });
  catcher = await startCatcher();
  strict = await startTestHub('connection_credentials_strict', { HUB_CONNECTOR_ALLOW_PRIVATE: 'false' });
  lenient = await startTestHub('connection_credentials_lenient', { HUB_CONNECTOR_ALLOW_PRIVATE: 'true' });
  await strict.services.queue.startWorker(strict.services.syncJobs.handlers());
});
afterAll(async () => {
  await strict?.services.queue.close();
  await strict?.stop();
  await lenient?.stop();
  await shop?.stop();
  await zoho?.stop();
  await catcher?.close();
});

async function startCatcher(): Promise<typeof catcher> {
  const requests: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.headers);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const CREATE = 'mutation($input: CreateConnectionInput!) { createConnection(input: $input) { id config } }';
const UPDATE = 'mutation($id: ID!, $input: UpdateConnectionInput!) { updateConnection(id: $id, input: $input) { id config } }';
const TEST = 'mutation($id: ID!) { testConnection(id: $id) { ok reason } }';

async function create(hub: TestHub, name: string, connector: string, config: Record<string, unknown>) {
  return hub.graphql(CREATE, { input: { name, connector, config } });
}

async function createdId(hub: TestHub, name: string, connector: string, config: Record<string, unknown>): Promise<string> {
  const { body } = await create(hub, name, connector, config);
  expect(body.errors).toBeUndefined();
  return body.data.createConnection.id;
}

describe('a change of where a connection goes drops its stored secrets', () => {
  it('is told, per connector field, which fields are destinations', async () => {
    const { body } = await strict.graphql('{ connectors { type fields { name secret destination } } }');
    const destinations = Object.fromEntries(
      body.data.connectors.map((connector: { type: string; fields: { name: string; destination: string | null }[] }) => [connector.type, connector.fields.filter((field) => field.destination).map((field) => `${field.name}:${field.destination}`)]),
    );
    expect(destinations).toEqual({
      shopify: ['shopDomain:host', 'baseUrl:url'],
      'zoho-crm': ['dataCenter:region', 'baseUrl:url', 'accountsUrl:url'],
      wecom: ['baseUrl:url'],
      'wechat-oa': ['baseUrl:url'],
      'pos-file': ['folder:folder'],
    });
  });

  it('refuses a new baseUrl that does not carry the access token again, naming it, and the token never reaches the new host', async () => {
    const id = await createdId(lenient, 'shop-moved', 'shopify', shop.config);
    const { body } = await lenient.graphql(UPDATE, { id, input: { config: { baseUrl: catcher.url } } });
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/Changing baseUrl changes where the connection sends its credentials: send accessToken again/);
    expect(body.errors[0].extensions.fields).toEqual(['accessToken']);

    // Nothing changed: the connection still goes to the shop, and the attacker's host heard nothing.
    const tested = await lenient.graphql(TEST, { id });
    expect(tested.body.data.testConnection).toEqual({ ok: true, reason: null });
    expect(catcher.requests).toEqual([]);
  });

  it('takes the change when the secret comes with it: who moves the connection must know the secret', async () => {
    const id = await createdId(lenient, 'shop-moved-knowingly', 'shopify', shop.config);
    const { body } = await lenient.graphql(UPDATE, { id, input: { config: { baseUrl: catcher.url, accessToken: 'shpat_the_new_hosts_own_token' } } });
    expect(body.errors).toBeUndefined();
    await lenient.graphql(TEST, { id });
    expect(catcher.requests.map((headers) => headers['x-shopify-access-token'])).toEqual(['shpat_the_new_hosts_own_token']);
    catcher.requests.length = 0;
  });

  it('treats the shop domain, the Zoho accounts server and the data centre as destinations too; other fields keep the secrets', async () => {
    const shopId = await createdId(lenient, 'shop-domain', 'shopify', { shopDomain: 'my-store.myshopify.com', accessToken: 'shpat_secret' });
    const domain = await lenient.graphql(UPDATE, { id: shopId, input: { config: { shopDomain: 'other-store.myshopify.com' } } });
    expect(domain.body.errors[0].message).toMatch(/Changing shopDomain .* send accessToken again/);
    expect(domain.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const pageSize = await lenient.graphql(UPDATE, { id: shopId, input: { config: { pageSize: 10 } } });
    expect(pageSize.body.errors).toBeUndefined();
    expect(pageSize.body.data.updateConnection.config).toMatchObject({ accessToken: '••••••', pageSize: 10 });

    const zohoId = await createdId(lenient, 'zoho-moved', 'zoho-crm', zoho.config);
    // dataCenter names the hosts (accounts.zoho.eu, www.zohoapis.eu): moving it moves the credentials too.
    for (const [field, value] of [['accountsUrl', catcher.url], ['baseUrl', catcher.url], ['dataCenter', 'eu']]) {
      const moved = await lenient.graphql(UPDATE, { id: zohoId, input: { config: { [field]: value } } });
      expect(moved.body.errors[0].message).toMatch(new RegExp(`Changing ${field} .* send clientSecret, refreshToken again`));
      expect(moved.body.errors[0].extensions.fields).toEqual(['clientSecret', 'refreshToken']);
    }
    // Sending the redacted placeholder back is not sending the secret.
    const redacted = await lenient.graphql(UPDATE, { id: zohoId, input: { config: { accountsUrl: catcher.url, clientSecret: '••••••', refreshToken: '••••••' } } });
    expect(redacted.body.errors[0].message).toMatch(/send clientSecret, refreshToken again/);
    expect(catcher.requests).toEqual([]);
  });
});

describe('connector hosts pass the address guard', () => {
  it('refuses, at save, plain http, file:// and every private, loopback, link-local or IPv4-in-IPv6 host', async () => {
    const refused: [Record<string, unknown>, RegExp][] = [
      [{ baseUrl: 'http://shop.example.com' }, /scheme must be https; plain http is allowed only with HUB_CONNECTOR_ALLOW_PRIVATE=true/],
      [{ baseUrl: 'file:///etc/passwd' }, /scheme must be https \(not file\)/],
      [{ baseUrl: 'gopher://127.0.0.1:6379/' }, /scheme must be https \(not gopher\)/],
      [{ baseUrl: 'https://127.0.0.1:8443' }, /127\.0\.0\.1 is a loopback address/],
      [{ baseUrl: 'https://169.254.169.254/latest/meta-data' }, /linkLocal/],
      [{ baseUrl: 'https://10.0.0.5' }, /private/],
      [{ baseUrl: 'https://[::127.0.0.1]/' }, /IPv4-compatible IPv6 address/],
      [{ baseUrl: 'https://[::ffff:10.0.0.1]/' }, /10\.0\.0\.1 is a private address/],
      [{ baseUrl: 'https://localhost:9000' }, /resolves to a private or reserved address/],
      [{ baseUrl: 'https://user:pw@shop.example.com' }, /holds credentials/],
      [{ shopDomain: 'localhost' }, /resolves to a private or reserved address/],
      [{ shopDomain: 'evil.example.com/path' }, /bare host name/],
    ];
    for (const [config, message] of refused) {
      const { body } = await create(strict, `refused-${Math.random().toString(36).slice(2, 8)}`, 'shopify', { shopDomain: '1.1.1.1', accessToken: 'shpat_x', ...config });
      expect(body.errors?.[0]?.extensions.code, JSON.stringify(config)).toBe('BAD_USER_INPUT');
      expect(body.errors[0].message, JSON.stringify(config)).toMatch(message);
    }
    const zohoMoved = await create(strict, 'zoho-local-accounts', 'zoho-crm', { ...zoho.config, baseUrl: 'https://1.1.1.1', accountsUrl: 'https://127.0.0.1' });
    expect(zohoMoved.body.errors[0].message).toMatch(/accountsUrl rejected: .*loopback/);
    expect(catcher.requests).toEqual([]);
  });

  it('refuses file:// even when private targets are allowed', async () => {
    const { body } = await create(lenient, 'file-scheme', 'wecom', { corpId: 'ww1', secret: 's', baseUrl: 'file:///etc/passwd' });
    expect(body.errors[0].message).toMatch(/scheme must be https \(not file\)/);
  });

  it('checks again at connect time: a host that now resolves to a private address is never reached, its credentials never sent', async () => {
    // Saved while private targets were allowed (or while the name resolved elsewhere: DNS rebinding), tested under the guard.
    for (const baseUrl of [shop.config.baseUrl as string, String(shop.config.baseUrl).replace('http://127.0.0.1', 'https://localhost'), String(shop.config.baseUrl).replace('http://127.0.0.1', 'https://127.0.0.1')]) {
      const name = `rebound-${Math.random().toString(36).slice(2, 8)}`;
      const id = await createdId(lenient, name, 'shopify', { ...shop.config, baseUrl });
      const [row] = await lenient.testDb.database.query<{ config: unknown }>('select config from connections where id = $1', [id]);
      const copy = await strict.services.connections.create({ name, connector: 'shopify', config: { shopDomain: '1.1.1.1', accessToken: 'placeholder' } });
      await strict.testDb.database.query('update connections set config = $2 where id = $1', [copy.id, JSON.stringify(row.config)]);
      const before = shop.requests.length;
      const { body } = await strict.graphql(TEST, { id: copy.id });
      expect(body.data.testConnection.ok).toBe(false);
      expect(body.data.testConnection.reason).toMatch(/host was not reached: refused address: (http is not https|.*loopback address)/);
      // A sync is refused the same way, and the connection asks for a person: no retry reaches the host.
      await strict.services.syncJobs.trigger(copy.id, { fullRefresh: false, trigger: 'manual' });
      await strict.services.queue.drain();
      expect(await strict.services.connections.get(copy.id)).toMatchObject({ status: 'needs_attention', statusReason: expect.stringMatching(/refused address/) });
      expect(shop.requests.length, 'the emulator was reached').toBe(before);
    }
  });
});

describe("the built-in demo's emulator connections", () => {
  it('reach 127.0.0.1 with no setting through the mark only the demo loader sets, and lose it when anyone else moves them', async () => {
    const demo = await strict.services.connections.createDemoEmulatorConnection({ name: 'demo-like-shop', connector: 'shopify', config: shop.config });
    expect(demo.demoEmulator).toBe(true);
    expect(await strict.services.connections.test(demo.id)).toMatchObject({ ok: true });

    // Through the API the same move is refused: the mark goes with the old destination.
    const moved = await strict.graphql(UPDATE, { id: demo.id, input: { config: { shopDomain: '1.1.1.1', baseUrl: catcher.url, accessToken: 'shpat_new' } } });
    expect(moved.body.errors[0].message).toMatch(/baseUrl rejected: the scheme must be https/);
    expect((await strict.services.connections.get(demo.id))!.demoEmulator).toBe(true);
    await strict.services.connections.update(demo.id, { config: { shopDomain: '1.1.1.1', baseUrl: 'https://1.1.1.1', accessToken: 'shpat_new' } });
    expect((await strict.services.connections.get(demo.id))!.demoEmulator).toBe(false);
  });

  it('cannot be marked through the API: the inputs have no such field', async () => {
    const { body } = await strict.graphql('{ c: __type(name: "CreateConnectionInput") { inputFields { name } } u: __type(name: "UpdateConnectionInput") { inputFields { name } } }');
    const names = [...body.data.c.inputFields, ...body.data.u.inputFields].map((field: { name: string }) => field.name);
    expect(names.filter((name: string) => /demo|emulat|private|trust/i.test(name))).toEqual([]);
    const { body: created } = await create(strict, 'config-smuggled', 'shopify', { ...shop.config, demoEmulator: true });
    expect(created.errors[0].message).toMatch(/Unknown config field\(s\) demoEmulator/);
  });
});

import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { undocumentedFields } from '../sdk/emulation/fixture-server';
import { HttpClient } from '../sdk/http-client';
import { readAll, testContext } from '../sdk/test-kit';
import { shopifyConnector } from './connector';
import { startEmulator, type ShopifyEmulator } from './emulator';

const CUSTOMERS = 120;

let emulator: ShopifyEmulator;
beforeEach(async () => {
  emulator = await startEmulator({ customers: CUSTOMERS });
});
afterEach(() => emulator.stop());

/** A threshold the emulated store is above: its first full read is a bulk export. */
const bulkConfig = () => ({ ...emulator.config, pageSize: 25, bulkThreshold: 100 });
const pagedConfig = () => ({ ...emulator.config, pageSize: 25, bulkThreshold: 1_000_000 });
const byId = (records: Record<string, unknown>[]) => new Map(records.map((record) => [record.external_id as string, record]));
const graphqlPosts = () => emulator.requests.filter((request) => request.path.endsWith('/graphql.json')).length;

describe('shopify bulk export for the first full read of a large store', () => {
  it('reads customers and orders through one bulk export each, the very records the paged read gives', async () => {
    for (const stream of ['customers', 'orders']) {
      const paged = await readAll(shopifyConnector, stream, pagedConfig());
      const startedBefore = emulator.bulk.stats.started;
      const bulk = await readAll(shopifyConnector, stream, bulkConfig());

      expect(emulator.bulk.stats.started).toBe(startedBefore + 1);
      expect(emulator.bulk.stats.queries.at(-1)).not.toMatch(/\bfirst\s*:/);
      expect(bulk.records.length).toBeGreaterThan(0);
      expect(byId(bulk.records)).toEqual(byId(paged.records));
      expect(bulk.records).toHaveLength(paged.records.length);
      expect(bulk.rejections.map((rejection) => rejection.reason).sort()).toEqual(paged.rejections.map((rejection) => rejection.reason).sort());
      expect(bulk.states).toHaveLength(1);
    }
  });

  it('continues with the paged query after the export, picking up only what changed since it started', async () => {
    const full = await readAll(shopifyConnector, 'customers', bulkConfig());
    const later = new Date(Date.now() + 5 * 60_000);
    emulator.touch('p000007', later);

    const postsBefore = graphqlPosts();
    const startedBefore = emulator.bulk.stats.started;
    const incremental = await readAll(shopifyConnector, 'customers', bulkConfig(), full.finalState);

    expect(emulator.bulk.stats.started).toBe(startedBefore);
    expect(graphqlPosts() - postsBefore).toBe(1);
    expect(incremental.records.map((record) => record.external_id)).toEqual([emulator.customerId('p000007')]);
  });

  it('never sends the Shopify token to the signed JSONL URL', async () => {
    await readAll(shopifyConnector, 'customers', bulkConfig());

    expect(emulator.bulk.stats.downloads).toBe(1);
    expect(emulator.bulk.stats.downloadsWithCredentials).toBe(0);
  });

  it('reads a download cut off half-way again, delivering each customer once', async () => {
    emulator.bulk.plan.truncateDownloads = 1;
    const result = await readAll(shopifyConnector, 'customers', bulkConfig());

    expect(emulator.bulk.stats.downloads).toBe(2);
    expect(result.records).toHaveLength(CUSTOMERS);
    expect(new Set(result.records.map((record) => record.external_id)).size).toBe(CUSTOMERS);
  });

  it('polls a running export until it completes', async () => {
    emulator.bulk.plan.pollsUntilDone = 1;
    const result = await readAll(shopifyConnector, 'customers', bulkConfig());

    expect(emulator.bulk.stats.polls).toBe(2);
    expect(result.records).toHaveLength(CUSTOMERS);
  });

  it.each([
    ['ACCESS_DENIED', 'PERMISSION_DENIED', /read_customers/],
    ['INTERNAL_SERVER_ERROR', 'UPSTREAM_UNAVAILABLE', /INTERNAL_SERVER_ERROR/],
    ['TIMEOUT', 'TIMEOUT', /TIMEOUT/],
  ])('fails an export Shopify ends FAILED with %s as %s, saying why, with no checkpoint', async (errorCode, code, message) => {
    emulator.bulk.plan.failWith = errorCode;
    const states: unknown[] = [];
    const reading = (async () => {
      for await (const item of shopifyConnector.read('customers', bulkConfig(), undefined, testContext())) if (item.type === 'state') states.push(item.state);
    })();

    await expect(reading).rejects.toMatchObject({ code, message: expect.stringMatching(message), details: { platformCode: errorCode } });
    expect(states).toEqual([]);
  });

  it('completes an export of an empty result (no url) with no records and a checkpoint from before the export', async () => {
    const result = await readAll(shopifyConnector, 'customers', { ...bulkConfig(), bulkThreshold: 0 }, undefined);
    expect(result.records).toHaveLength(CUSTOMERS);

    emulator.shop.customers.splice(0);
    const empty = await readAll(shopifyConnector, 'customers', { ...bulkConfig(), bulkThreshold: 0 });
    expect(empty.records).toEqual([]);
    expect(emulator.bulk.stats.downloads).toBe(1);
    expect(empty.finalState).toEqual({ updatedAtMin: expect.any(String), idsAtUpdatedAtMin: [] });
    expect(Date.parse(empty.finalState!.updatedAtMin as string)).toBeLessThan(Date.now());
  });

  it('stops polling when the run is cancelled, yielding nothing', async () => {
    emulator.bulk.plan.pollsUntilDone = 1_000;
    const controller = new AbortController();
    emulator.bulk.onPoll = () => controller.abort(new Error('cancelled by the user'));

    const result = await readAll(shopifyConnector, 'customers', bulkConfig(), undefined, { ...testContext(), signal: controller.signal });

    expect(emulator.bulk.stats.polls).toBe(1);
    expect(result.records).toEqual([]);
    expect(result.states).toEqual([]);
  });
});

const fixtureText = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const fixture = (name: string) => JSON.parse(fixtureText(`${name}.json`)) as { data: Record<string, Record<string, unknown>> };

describe('shopify bulk export: the bulk operations guide\'s own examples (fixtures/README.md)', () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /**
   * A shop that answers with the guide's examples byte for byte: the mutation's CREATED payload, the bulkOperation(id:)
   * COMPLETED payload (its `url` only pointed here instead of Shopify's storage), and the guide's products-and-variants
   * JSONL. Records what reaches the file URL.
   */
  async function guideShop() {
    const downloads: http.IncomingHttpHeaders[] = [];
    server = http.createServer(async (request, response) => {
      let body = '';
      for await (const chunk of request) body += chunk;
      if (request.url === '/bulk/result.jsonl') {
        downloads.push(request.headers);
        response.writeHead(200, { 'content-type': 'application/jsonl' }).end(fixtureText('bulk-products-variants.jsonl'));
        return;
      }
      const query = String((JSON.parse(body || '{}') as { query?: string }).query);
      const here = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
      const answer = query.includes('bulkOperationRunQuery')
        ? fixtureText('bulk-operation-run-query-created.json')
        : fixtureText('bulk-operation-completed.json').replace('https:\\/\\/storage.googleapis.com\\/shopify\\/dyfkl3g72empyyoenvmtidlm9o4g?<params />', `${here}/bulk/result.jsonl`);
      response.writeHead(200, { 'content-type': 'application/json' }).end(answer);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, downloads };
  }

  it('reads the documented JSONL: each root object to the mapper, nested __parentId lines left out, the token kept away from the file', async () => {
    const { baseUrl, downloads } = await guideShop();
    const config = { shopDomain: 'test-shop.myshopify.io', baseUrl, accessToken: 'shpat_guide_example', bulkThreshold: 0 };

    const result = await readAll(shopifyConnector, 'customers', config);

    // The guide's file holds products, not customers: five root objects, each refused by the customer mapping with its id.
    expect(result.records).toEqual([]);
    expect(result.rejections.map((rejection) => (rejection.raw as { id: string }).id)).toEqual([
      'gid://shopify/Product/1921569226808',
      'gid://shopify/Product/1921569259576',
      'gid://shopify/Product/1921569292344',
      'gid://shopify/Product/1921569325112',
      'gid://shopify/Product/1921569357880',
    ]);
    // The next read pages from a minute before the documented createdAt (2024-08-29T17:16:35Z).
    expect(result.finalState).toEqual({ updatedAtMin: '2024-08-29T17:15:35Z', idsAtUpdatedAtMin: [] });
    expect(downloads).toHaveLength(1);
    expect(downloads[0]['x-shopify-access-token']).toBeUndefined();
    expect(downloads[0].authorization).toBeUndefined();
  });

  it('the emulator answers the mutation and the status query with the documented fields and types', async () => {
    const post = (query: string, variables: Record<string, unknown>) =>
      new HttpClient({ baseUrl: emulator.url, maxRetries: 0 })
        .request<{ data: Record<string, Record<string, unknown>> }>({ method: 'POST', path: '/admin/api/2026-04/graphql.json', headers: { 'X-Shopify-Access-Token': String(emulator.config.accessToken) }, json: { query, variables } })
        .then((response) => response.body!.data);

    const created = (await post('mutation($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message } } }', { query: '{ customers { edges { node { id } } } }' })).bulkOperationRunQuery;
    const documentedCreated = fixture('bulk-operation-run-query-created').data.bulkOperationRunQuery;
    // Every documented field is there with its documented type (the emulator also returns fields the example did not select).
    expect(undocumentedFields(documentedCreated, created)).toEqual([]);

    const operationId = (created.bulkOperation as { id: string }).id;
    const completed = (await post('query($id: ID!) { bulkOperation(id: $id) { id status errorCode createdAt completedAt objectCount fileSize url partialDataUrl } }', { id: operationId })).bulkOperation;
    expect(undocumentedFields(completed, fixture('bulk-operation-completed').data.bulkOperation)).toEqual([]);
    expect(Object.keys(completed).sort()).toEqual(Object.keys(fixture('bulk-operation-completed').data.bulkOperation).sort());
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

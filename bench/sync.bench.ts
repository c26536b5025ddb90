import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { posFileConnector } from '../connectors/pos-file/connector';
import { shopifyConnector } from '../connectors/shopify/connector';
import { startEmulator, type ShopifyEmulator } from '../connectors/shopify/emulator';
import { importCsvFile } from '../src/modules/ingestion';
import type { StreamStats } from '../src/modules/sync';
import type { HubServices } from '../src/app/services';
import { emptyStore, storeCounts, type BenchDatabase, type StoreCounts } from './support/bench-database';
import type { BenchResult } from './support/bench-result';
import type { BenchSettings } from './support/bench-settings';
import { measurePhase, phaseNotes, type MeasuredPhase } from './support/measured-phase';
import { plannerCaveats } from './support/planner-caveats';
import { writePosMemberFiles } from './support/pos-member-export';
import { readSourceOnly, startSyncWorker, type CompletedSync } from './support/sync-run';

const IMPORT_SOURCE = 'pos-import';
const POS_CONNECTION = 'pos-members';
const SHOPIFY_CONNECTION = 'shopify-store';
// No sync of this size can empty it: the hub sets the pace, not the cost throttle.
const GENEROUS_BUCKET = { maximumAvailable: 10_000_000, restoreRate: 1_000_000 };
// Shopify's standard plan, which the emulator starts with: 1000 points, 50 restored per second.
const STANDARD_RESTORE_RATE = 50;
const POS_CHECKPOINT_ROWS = 500;
const IMPORT_BATCH = 1000;

/**
 * End-to-end syncs through the production path (connection, SyncJobs trigger, in-process worker) of
 * N customers from the Shopify emulator and of a POS export of N members, next to `importCsvFile` of
 * those same members. Each of the three starts from an empty store; the store is left with the Shopify data.
 */
export async function runSyncBenchmark(settings: BenchSettings, bench: BenchDatabase, services: HubServices): Promise<BenchResult> {
  const count = settings.profiles;
  const folder = await mkdtemp(path.join(os.tmpdir(), `${bench.name}-sync-`));
  const exportFolder = path.join(folder, 'pos-export');
  await mkdir(exportFolder);
  const worker = await startSyncWorker(services.config, bench.database);
  let emulator: ShopifyEmulator | undefined;
  try {
    const files = await writePosMemberFiles(exportFolder, path.join(folder, 'pos-members-canonical.csv'), count, settings.seed);

    await emptyStore(bench.database);
    const imported = await measurePhase(bench, () => importCsvFile(services.ingestion, files.canonicalCsv.path, { source: IMPORT_SOURCE, batchSize: IMPORT_BATCH }));
    const importCounts = await storeCounts(bench.database, IMPORT_SOURCE);
    const { created, rejected, updated, unchanged } = imported.result;
    expect('hub import', { created, rejected, updated, unchanged, sourceRecords: importCounts.sourceRecords, liveProfiles: importCounts.liveProfiles }, { created: count, rejected: 0, updated: 0, unchanged: 0, sourceRecords: count, liveProfiles: count });

    await emptyStore(bench.database);
    const posConfig = { folder: exportFolder, encoding: 'auto', checkpointRows: POS_CHECKPOINT_ROWS };
    const posConnection = await worker.services.connections.create({ name: POS_CONNECTION, connector: 'pos-file', config: posConfig });
    const pos = await measurePhase(bench, () => worker.syncToEnd(posConnection.id));
    const posCounts = await storeCounts(bench.database, POS_CONNECTION);
    checkRun('pos-file sync', pos.result, { members: streamStats(count, count, 0) });
    expect('pos-file sync', { sourceRecords: posCounts.sourceRecords, liveProfiles: posCounts.liveProfiles }, { sourceRecords: count, liveProfiles: count });

    // Started only now: its customers and their orders stay out of the heap during the other two runs.
    emulator = await startEmulator({ customers: count, seed: settings.seed });
    emulator.bucket.configure(GENEROUS_BUCKET);
    const shop = shopExpectations(emulator);
    await emptyStore(bench.database);
    const shopConnection = await worker.services.connections.create({ name: SHOPIFY_CONNECTION, connector: 'shopify', config: emulator.config });
    const shopify = await measurePhase(bench, () => worker.syncToEnd(shopConnection.id));
    const shopCounts = await storeCounts(bench.database, SHOPIFY_CONNECTION);
    checkRun('shopify sync', shopify.result, { customers: streamStats(count, count, 0), orders: streamStats(shop.orders, shop.linkedOrders, shop.orders - shop.linkedOrders) });
    expect('shopify sync', { sourceRecords: shopCounts.sourceRecords, throttled: emulator.stats.throttled }, { sourceRecords: count + shop.linkedOrders, throttled: 0 });
    expect("shopify sync's resolution (each order joins its customer's profile; a guest e-mail no customer has is a person of its own)", { liveProfiles: shopCounts.liveProfiles }, { liveProfiles: shop.profiles });

    // After the timed runs, so these reads do not warm up code the timed syncs would otherwise run cold.
    const posRead = await readSourceOnly(posFileConnector, posConfig);
    const shopifyRead = await readSourceOnly(shopifyConnector, emulator.config);

    const caveats = await plannerCaveats(bench, 'the three runs');
    return syncResult({ count, pageSize: Number(emulator.config.pageSize), imported, importCounts, pos, posCounts, shopify, shopCounts, shop, posRead, shopifyRead, caveats, csvBytes: files.canonicalCsv.bytes });
  } finally {
    await worker.close();
    await emulator?.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

interface ShopExpectations {
  orders: number;
  /** Orders with an e-mail or phone; the rest (walk-ins) are rejected: nothing links them to a person. */
  linkedOrders: number;
  /** One per customer, plus one per guest e-mail that no customer has: those guests are people of their own. */
  profiles: number;
}

function shopExpectations(emulator: ShopifyEmulator): ShopExpectations {
  const { customers, orders } = emulator.shop;
  const customerEmails = new Set(customers.map((customer) => customer.email).filter(Boolean));
  const guestOnlyEmails = new Set(orders.filter((order) => !order.customer && order.guestEmail && !customerEmails.has(order.guestEmail)).map((order) => order.guestEmail));
  const linkedOrders = orders.filter((order) => order.customer?.email || order.customer?.phone || order.guestEmail).length;
  return { orders: orders.length, linkedOrders, profiles: customers.length + guestOnlyEmails.size };
}

function streamStats(read: number, created: number, rejected: number): StreamStats {
  return { read, created, updated: 0, unchanged: 0, rejected };
}

/** A run that retried, failed or stored other than what the source holds gives no valid figure. */
function checkRun(label: string, run: CompletedSync, stats: Record<string, StreamStats>): void {
  if (run.status !== 'succeeded' || run.attempts !== 1) throw new Error(`sync benchmark is invalid: ${label} ended ${run.status} after ${run.attempts} attempt(s): ${run.lastError}`);
  expect(label, run.streamStats, stats);
}

function expect(label: string, actual: object, expected: object): void {
  if (!isDeepStrictEqual(actual, expected)) throw new Error(`sync benchmark is invalid: ${label} expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

interface SyncFigures {
  count: number;
  pageSize: number;
  imported: MeasuredPhase<unknown>;
  importCounts: StoreCounts;
  pos: MeasuredPhase<CompletedSync>;
  posCounts: StoreCounts;
  shopify: MeasuredPhase<CompletedSync>;
  shopCounts: StoreCounts;
  shop: ShopExpectations;
  posRead: { seconds: number; records: number };
  shopifyRead: { seconds: number; records: number; rejections: number };
  caveats: string[];
  csvBytes: number;
}

function syncResult(figures: SyncFigures): BenchResult {
  const { count, imported, pos, shopify, shop, posRead, shopifyRead } = figures;
  const rate = (records: number, seconds: number) => records / seconds;
  const importRate = rate(figures.importCounts.sourceRecords, imported.seconds);
  const posRate = rate(figures.posCounts.sourceRecords, pos.seconds);
  const shopifyRate = rate(figures.shopCounts.sourceRecords, shopify.seconds);
  const customersSeconds = shopify.result.streamSeconds.customers;
  const ordersSeconds = shopify.result.streamSeconds.orders;
  const customersRate = rate(count, customersSeconds);
  const row = (records: number, phase: MeasuredPhase<unknown>) => ({ 'records/s': rate(records, phase.seconds), seconds: phase.seconds, records, 'SQL statements': phase.sqlStatements });
  const share = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;
  const n = count.toLocaleString('en-US');
  return {
    name: 'sync',
    title: `end-to-end sync of ${n} customers into an empty store, each run through SyncJobs and an in-process worker, vs importCsvFile of the same POS members (Shopify emulator in-process, its cost bucket raised so it never throttles)`,
    rows: [
      { label: `shopify sync: customers + their orders (pages of ${figures.pageSize})`, figures: row(figures.shopCounts.sourceRecords, shopify) },
      { label: `pos-file sync: UTF-8 member export (checkpoint every ${POS_CHECKPOINT_ROWS} rows)`, figures: row(figures.posCounts.sourceRecords, pos) },
      { label: `hub importCsvFile: same members (batches of ${IMPORT_BATCH})`, figures: row(figures.importCounts.sourceRecords, imported) },
    ],
    ratio: { description: 'pos-file sync/import records/s', value: posRate / importRate },
    goals: [],
    notes: [
      `shopify vs import records/s: ${(shopifyRate / importRate).toFixed(2)} overall; customers stream alone ${n} in ${customersSeconds.toFixed(1)} s = ${Math.round(customersRate)} records/s (${(customersRate / importRate).toFixed(2)}x import); orders stream ${shop.linkedOrders.toLocaleString('en-US')} in ${ordersSeconds.toFixed(1)} s = ${Math.round(rate(shop.linkedOrders, ordersSeconds))} records/s, each joining an existing profile (${(shop.orders - shop.linkedOrders).toLocaleString('en-US')} walk-in orders rejected: no e-mail or phone)`,
      `records per transaction: shopify ${figures.pageSize} (a page), pos-file ${POS_CHECKPOINT_ROWS} (a checkpoint), import ${IMPORT_BATCH} (a batch): each path's default`,
      `the source side alone (connector read of every stream, nothing stored): shopify ${shopifyRead.seconds.toFixed(1)} s (${share(shopifyRead.seconds, shopify.seconds)} of its sync; emulator, HTTP, JSON, mapping), pos-file ${posRead.seconds.toFixed(1)} s (${share(posRead.seconds, pos.seconds)}; file decoding, CSV parsing, phone normalization)`,
      `at Shopify's standard bucket (restoring ${STANDARD_RESTORE_RATE} points/s, ${figures.pageSize + 2} points a page) the read alone is capped at ${Math.round((STANDARD_RESTORE_RATE * figures.pageSize) / (figures.pageSize + 2))} records/s: ${Math.round((shop.orders + count) / ((STANDARD_RESTORE_RATE * figures.pageSize) / (figures.pageSize + 2)) / 60)} min for these ${(shop.orders + count).toLocaleString('en-US')} records (computed, not measured)`,
      ...phaseNotes('shopify sync', shopify),
      ...phaseNotes('pos-file sync', pos),
      ...phaseNotes('hub import', imported),
      ...figures.caveats,
    ],
    details: {
      customers: count,
      importRecordsPerSecond: importRate,
      posRecordsPerSecond: posRate,
      shopifyRecordsPerSecond: shopifyRate,
      shopifyCustomersRecordsPerSecond: customersRate,
      ratioPosToImport: posRate / importRate,
      ratioShopifyToImport: shopifyRate / importRate,
      ratioShopifyCustomersToImport: customersRate / importRate,
      canonicalCsvBytes: figures.csvBytes,
      shopifyOrders: shop,
      shopifyStreamSeconds: shopify.result.streamSeconds,
      sourceReadSeconds: { shopify: shopifyRead.seconds, posFile: posRead.seconds },
      stored: { import: figures.importCounts, posFile: figures.posCounts, shopify: figures.shopCounts },
      phases: Object.fromEntries(
        Object.entries({ shopify, posFile: pos, import: imported }).map(([name, phase]) => [
          name,
          { seconds: phase.seconds, sqlStatements: phase.sqlStatements, sqlSeconds: phase.sqlSeconds, sqlTimeByStatement: phase.sqlTimeByStatement, cpuSeconds: phase.cpu },
        ]),
      ),
      runs: { posFile: pos.result, shopify: shopify.result },
    },
  };
}

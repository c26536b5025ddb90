import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/platform/logger';
import { createServices, type HubServices } from '../src/app/services';
import { runAbuseBenchmark } from './abuse.bench';
import { runGraphqlReadBenchmark } from './graphql-read.bench';
import { runIdentityQualityBenchmark } from './identity-quality.bench';
import { runIdentitySpeedBenchmark } from './identity-speed';
import { runImportBenchmark } from './import.bench';
import { runIngestionBenchmark } from './ingestion.bench';
import { runResolutionParityBenchmark } from './resolution-parity.bench';
import { runSegmentsBenchmark } from './segments.bench';
import { runSyncBenchmark } from './sync.bench';
import { runWebhooksBenchmark } from './webhooks.bench';
import { adminQuery, createBenchDatabase, type BenchDatabase } from './support/bench-database';
import { printResult, type BenchResult } from './support/bench-result';
import { readBenchSettings, type BenchSettings } from './support/bench-settings';
import { customerRecords } from './support/customer-rows';
import { killServerProcesses } from './support/server-process';

/**
 * `npm run bench`: every benchmark against one fresh database on the local PostgreSQL, each figure next to
 * its baseline from the same run. Prints a table and writes bench/results/latest.json. Judges goals, never fails on them.
 *
 * BENCH_DATABASE_URL (admin URL; default postgresql://postgres@127.0.0.1:5432/postgres), BENCH_PROFILES (100000),
 * BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (10), BENCH_ROUNDS (2), BENCH_ONLY (import,graphql-read,ingestion,ingestion-parity,sync,identity-quality,identity-speed,segments,webhooks,abuse),
 * BENCH_CPU_PROF=1 (server children write .cpuprofile files to bench/results/cpu), BENCH_KEEP_DATABASE=1, BENCH_SEED,
 * BENCH_SEGMENT_PROFILES (1000000), BENCH_WEBHOOK_EVENTS (20000), BENCH_HISTORICAL_RECORDS (50000).
 * `segments` generates its own store of BENCH_SEGMENT_PROFILES profiles with traits and events in a database of its
 * own: a three-condition segment counted through the DSL next to hand-written SQL, and the membership upkeep of ten
 * saved segments per profile change next to an empty transaction.
 * `webhooks` has a database of its own too: BENCH_WEBHOOK_EVENTS profile.created deliveries drained by the dispatcher
 * to a receiver process that verifies signatures, next to bare signed POSTs at the same concurrency; the latency from
 * a committed change to the receiver, next to a bare POST; ingestion with and without the outbox.
 * `ingestion` empties the store and ingests a seeded population of BENCH_PROFILES records from four sources with
 * duplicates and known truth, page by page: records/s and the store's F1, next to the offline engine on the same records.
 * `ingestion-parity` ingests up to 20,000 of those records, then BENCH_REALISTIC_RECORDS realistic multi-source ones,
 * page by page into an empty store, and measures the store's profiles against `hub resolve` of the same records
 * with the model the store used (pairwise F1 between the two), next to each against the truth.
 * `sync` runs last, because it empties the store before each of its runs: BENCH_PROFILES customers synced from the
 * Shopify emulator and from a POS export, next to `hub import` of the same members.
 * `identity-quality` needs no database: `hub resolve`'s precision/recall/F1 on ../shared/datasets and on a synthetic
 * population of BENCH_PROFILES records, next to exact-identifier linking; and on BENCH_HISTORICAL_RECORDS noisy records
 * of historical people (names, birth dates and places, no identifiers), next to exact name + birth date linking.
 * `identity-speed` needs no database either: the engine behind `hub resolve` on 100k and 1M synthetic records, each
 * size in a fresh process (peak memory is its own), next to exact-identifier linking of the same records.
 * `abuse` (after graphql-read, on the same store; 5,000 profiles of its own when the store has fewer): one normal
 * client's profile(id) p99 unloaded and while six clients send the 200-alias profiles × events attack of issue 20
 * for BENCH_SECONDS, with the attackers' refusal latency; the goal is a p99 within 2x of the unloaded one.
 * Quick smoke run: BENCH_PROFILES=5000 BENCH_SECONDS=2 npm run bench
 */
async function main(): Promise<void> {
  const settings = readBenchSettings();
  const startedAt = new Date();
  const bench = await createBenchDatabase(settings.adminUrl);
  const interrupted = () => {
    killServerProcesses();
    bench.drop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  process.stdout.write(
    `bench: ${settings.profiles.toLocaleString('en-US')} profiles, ${settings.seconds} s load runs, database ${bench.name}, node ${process.version}, ${os.cpus().length} cpus, ${loadNote()}\n`,
  );

  const results: BenchResult[] = [];
  try {
    // The sync benchmark reaches the Shopify emulator on 127.0.0.1 and writes its POS export under the temporary folder.
    const config = loadConfig({ DATABASE_URL: bench.url, HUB_SECRET_KEY: 'ab'.repeat(32), LOG_LEVEL: 'silent', HUB_CONNECTOR_ALLOW_PRIVATE: 'true', HUB_IMPORT_ROOT: os.tmpdir() });
    const services = createServices(config, bench.database, createLogger(config.logLevel));
    if (settings.only.has('import')) {
      results.push(withLoadBefore(os.loadavg(), await runImportBenchmark(settings, bench, services)));
      printResult(results.at(-1)!);
    } else if (settings.only.has('graphql-read')) {
      await seedStore(settings, services);
    }
    if (settings.only.has('graphql-read')) {
      process.stdout.write(`\n(${loadNote()} before graphql-read)\n`);
      results.push(withLoadBefore(os.loadavg(), await runGraphqlReadBenchmark(settings, bench, services)));
      printResult(results.at(-1)!);
    }
    if (settings.only.has('abuse')) {
      process.stdout.write(`\n(${loadNote()} before abuse)\n`);
      results.push(withLoadBefore(os.loadavg(), await runAbuseBenchmark(settings, bench, services)));
      printResult(results.at(-1)!);
    }
    if (settings.only.has('ingestion')) {
      process.stdout.write(`\n(${loadNote()} before ingestion)\n`);
      results.push(withLoadBefore(os.loadavg(), await runIngestionBenchmark(settings, bench, services)));
      printResult(results.at(-1)!);
    }
    if (settings.only.has('ingestion-parity')) {
      process.stdout.write(`\n(${loadNote()} before ingestion-parity)\n`);
      const loadBefore = os.loadavg();
      for (const result of await runResolutionParityBenchmark(settings, bench, services)) {
        results.push(withLoadBefore(loadBefore, result));
        printResult(result);
      }
    }
    if (settings.only.has('sync')) {
      process.stdout.write(`\n(${loadNote()} before sync)\n`);
      results.push(withLoadBefore(os.loadavg(), await runSyncBenchmark(settings, bench, services)));
      printResult(results.at(-1)!);
    }
    if (settings.only.has('identity-quality')) {
      process.stdout.write(`\n(${loadNote()} before identity-quality)\n`);
      const loadBefore = os.loadavg();
      for (const result of await runIdentityQualityBenchmark(settings)) {
        results.push(withLoadBefore(loadBefore, result));
        printResult(result);
      }
    }
    if (settings.only.has('segments')) {
      process.stdout.write(`\n(${loadNote()} before segments)\n`);
      results.push(withLoadBefore(os.loadavg(), await runSegmentsBenchmark(settings)));
      printResult(results.at(-1)!);
    }
    if (settings.only.has('webhooks')) {
      process.stdout.write(`\n(${loadNote()} before webhooks)\n`);
      results.push(withLoadBefore(os.loadavg(), await runWebhooksBenchmark(settings)));
      printResult(results.at(-1)!);
    }
    if (settings.only.has('identity-speed')) {
      process.stdout.write(`\n(${loadNote()} before identity-speed)\n`);
      results.push(withLoadBefore(os.loadavg(), await runIdentitySpeedBenchmark(settings)));
      printResult(results.at(-1)!);
    }
    const file = await writeResults(settings, bench, startedAt, results);
    const missed = results.flatMap((result) => result.goals.filter((goal) => !goal.pass).map((goal) => `${result.name}: ${goal.description}`));
    process.stdout.write(`\n${missed.length === 0 ? 'all goals met' : `goals missed: ${missed.join('; ')}`}\nfigures written to ${path.relative(process.cwd(), file)}\n`);
  } finally {
    if (settings.keepDatabase) {
      await bench.database.close();
      process.stdout.write(`kept database ${bench.name} (BENCH_KEEP_DATABASE=1); drop it with: drop database ${bench.name}\n`);
    } else {
      await bench.drop();
    }
  }
}

/** The machine is shared: a load average well above 0 before a benchmark means its figures are noisy. */
function loadNote(): string {
  return `load average ${os.loadavg().map((value) => value.toFixed(2)).join(' ')}`;
}

function withLoadBefore(loadAverage: number[], result: BenchResult): BenchResult {
  return { ...result, details: { ...result.details, loadAverageBefore: loadAverage } };
}

/** Without the import benchmark, the read benchmark still needs its store: ingested in batches of 1000. */
async function seedStore(settings: BenchSettings, services: HubServices): Promise<void> {
  let batch: Record<string, string>[] = [];
  for (const record of customerRecords(settings.profiles, settings.seed)) {
    batch.push(record);
    if (batch.length === 1000) {
      await services.ingestion.ingest('bench', batch);
      batch = [];
    }
  }
  if (batch.length > 0) await services.ingestion.ingest('bench', batch);
}

async function writeResults(settings: BenchSettings, bench: BenchDatabase, startedAt: Date, results: BenchResult[]): Promise<string> {
  const [{ server_version: postgres }] = await adminQuery<{ server_version: string }>(bench.url, 'show server_version');
  const file = path.resolve(__dirname, 'results', 'latest.json');
  await mkdir(path.dirname(file), { recursive: true });
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, postgres, loadAverageAtEnd: os.loadavg() },
    settings: { ...settings, adminUrl: undefined, only: [...settings.only] },
    benchmarks: results.map((result) => ({
      name: result.name,
      title: result.title,
      ratio: result.ratio,
      goals: result.goals,
      figures: result.details,
    })),
  };
  await writeFile(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}

main().catch((error: unknown) => {
  killServerProcesses();
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

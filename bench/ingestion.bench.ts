import { DEFAULT_RESOLUTION_CONFIG, resolveRecords, type ResolutionRecord } from '../src/modules/identity';
import type { HubServices } from '../src/app/services';
import { emptyStore, type BenchDatabase } from './support/bench-database';
import { goal, type BenchResult } from './support/bench-result';
import type { BenchSettings } from './support/bench-settings';
import { othersShare, startCpuProbe } from './support/cpu-usage';
import { clusterQuality, qualityFigures } from './support/identity-scores';
import { syntheticPopulation } from './support/identity-synthetic';
import { splitUpkeep, statementNotes, timeStatements, upkeepNotes } from './support/sql-timing';
import { canonicalRecord, ingestPages, PAGE_SIZE, pagesBySourceInTurn, storeQuality } from './support/ingestion-pages';

// Issue 5: incremental ingestion with resolution into PostgreSQL, sustained.
const GOAL_RECORDS_PER_SECOND = 2000;

/**
 * Incremental resolution as connectors feed it: a seeded population of people seen in up to four sources
 * (bench/support/identity-synthetic.ts: Chinese and Western names, typos, hanzi in one source and pinyin in
 * another, masked phones, blanks; the truth known by construction), ingested into an empty store in pages of
 * 1000 with the sources taking turns (shop, pos, wechat, crm, shop, …), each page resolved against everything
 * stored before it. Figures: records/s over the whole run and its last tenth, and the store's pairwise
 * precision/recall/F1 against the truth. Baseline, same run, same records: the engine resolving them all at
 * once offline (what `hub resolve` does), its time and its F1.
 *
 * Unlike the import benchmark (every row a different person, namesakes by the thousand) this one links:
 * about half of its records are another sighting of someone already stored.
 */
export async function runIngestionBenchmark(settings: BenchSettings, bench: BenchDatabase, services: HubServices): Promise<BenchResult> {
  const population = syntheticPopulation(settings.profiles, settings.seed);
  const pages = pagesBySourceInTurn(population.records);
  const dropped = { dates: 0 };
  const canonical = pages.map((page) => ({ source: page.source, records: page.records.map((record) => canonicalRecord(record, dropped)) }));

  await emptyStore(bench.database);
  const sqlTiming = timeStatements(bench.database);
  const cpuProbe = await startCpuProbe(undefined, { url: bench.url, name: bench.name });
  const started = performance.now();
  const pageEnds: number[] = [];
  const rejected = new Map<string, string>();
  const totals = await ingestPages(services.ingestion, canonical, (page, rejections) => {
    pageEnds.push(performance.now());
    for (const { index, reason } of rejections) rejected.set(pages[page].records[index].id, reason);
  });
  const seconds = (performance.now() - started) / 1000;
  const { upkeep, batchStatements } = splitUpkeep(sqlTiming.stop());
  const cpu = await cpuProbe.stop();
  const others = othersShare(cpu);
  // A phone no region can hold (a US number written without its +1, read in the default region CN) is refused
  // with its reason, as the API refuses it; such records are left out of both scores.
  if (totals.created + totals.rejected !== population.records.length || rejected.size > population.records.length / 1000) {
    throw new Error(`ingestion benchmark is invalid: ${population.records.length} records sent, ${JSON.stringify(totals)}`);
  }
  const accepted = population.records.filter((record) => !rejected.has(record.id));
  const truth = new Map(accepted.map((record) => [record.id, population.truth.get(record.id)!]));
  const stored = await storeQuality(bench, accepted, truth);

  const offlineStarted = performance.now();
  const offline = resolveRecords(accepted, DEFAULT_RESOLUTION_CONFIG);
  const offlineSeconds = (performance.now() - offlineStarted) / 1000;
  const offlineQuality = clusterQuality(offline.profiles, truth);

  const rate = population.records.length / seconds;
  const last = lastTenthRate(pageEnds, canonical.map((page) => page.records.length));
  const [{ reviews }] = await bench.database.query<{ reviews: number }>("select count(*)::int as reviews from match_reviews where status = 'open'");
  const n = population.records.length.toLocaleString('en-US');
  const people = new Set(population.truth.values()).size.toLocaleString('en-US');
  return {
    name: 'ingestion',
    title: `ingestion with resolution of ${n} records of ${people} people from 4 sources, pages of ${PAGE_SIZE} taking turns, into an empty store, vs the offline engine on the same records`,
    rows: [
      { label: `IngestionService, pages of ${PAGE_SIZE}`, figures: { 'records/s': rate, seconds, ...qualityFigures(stored.quality), profiles: stored.profiles, reviews } },
      { label: 'offline engine (hub resolve), all at once', figures: { 'records/s': population.records.length / offlineSeconds, seconds: offlineSeconds, ...qualityFigures(offlineQuality), profiles: offline.profiles.length, reviews: offline.reviews.length } },
    ],
    ratio: { description: 'ingestion F1 / offline F1', value: stored.quality.f1 / offlineQuality.f1 },
    goals: [
      goal('ingestion with resolution, records/s', rate, '>=', GOAL_RECORDS_PER_SECOND),
      ...(last === undefined ? [] : [goal('ingestion with resolution, last tenth, records/s', last, '>=', GOAL_RECORDS_PER_SECOND)]),
    ],
    notes: [
      ...(last === undefined ? [] : [`pace over the last tenth of the pages: ${Math.round(last)} records/s (the store holding nine tenths of the records)`]),
      `${totals.merges} merges while ingesting; ${rejected.size} records refused (${[...new Set([...rejected.values()].map((reason) => reason.replace(/'[^']*'/, '…')))].join('; ') || 'none'}); ${dropped.dates} dates of birth the sources wrote in no YYYY-MM-DD form were left out, as a connector's mapping leaves out what the API refuses`,
      ...statementNotes(batchStatements, seconds),
      ...upkeepNotes(upkeep),
      `CPU during the ingestion: this process ${cpu.client.toFixed(1)} s, PostgreSQL ${cpu.postgres.toFixed(1)} s; machine busy ${Math.round((cpu.machine / cpu.available) * 100)}% (others ${Math.round(others * 100)}%)`,
      ...(others > 0.1 ? [`WARNING: other processes used ${Math.round(others * 100)}% of the machine during the ingestion; run again for a clean figure.`] : []),
    ],
    details: { records: population.records.length, rejected: Object.fromEntries(rejected), sqlTimeByStatement: batchStatements, pages: canonical.length, seconds, rate, lastTenthRate: last, totals, stored: { quality: stored.quality, profiles: stored.profiles }, reviews, offlineSeconds, offlineQuality, offlineProfiles: offline.profiles.length, cpuSeconds: cpu },
  };
}

function lastTenthRate(pageEnds: number[], pageSizes: number[]): number | undefined {
  const tenth = Math.floor(pageEnds.length / 10);
  if (tenth < 1) return undefined;
  const records = pageSizes.slice(-tenth).reduce((sum, size) => sum + size, 0);
  return records / ((pageEnds.at(-1)! - pageEnds.at(-1 - tenth)!) / 1000);
}

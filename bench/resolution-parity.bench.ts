import type { HubServices } from '../src/app/services';
import { resolveRecords, type ResolutionRecord } from '../src/modules/identity';
import { emptyStore, type BenchDatabase } from './support/bench-database';
import { goal, type BenchResult } from './support/bench-result';
import type { BenchSettings } from './support/bench-settings';
import { clusterQuality, qualityFigures } from './support/identity-scores';
import { syntheticPopulation } from './support/identity-synthetic';
import { canonicalRecord, ingestPages, PAGE_SIZE, pagesBySourceInTurn, storeQuality } from './support/ingestion-pages';
import { realisticCustomers } from './support/realistic-customers';

// Issue 19: the same records, ingested page by page or resolved whole, make the same profiles.
const GOAL_AGREEMENT_F1 = 0.995;
// The synthetic population is cut to this many records: the point is agreement, not speed (`ingestion` measures that).
const MAX_SYNTHETIC_RECORDS = 20_000;

/**
 * Ingestion against `hub resolve` on the same records with the same match model: a seeded population is
 * ingested into an empty store in pages of 1000, the sources taking turns (as the ingestion benchmark does),
 * and resolved whole by the offline engine scored with the model the store used. Figure: the pairwise F1 of
 * the store's profiles measured against the offline profiles (1 when they are the same), for the synthetic
 * population and the realistic multi-source set (households, front-desk phones, namesakes: the values that
 * turn generic as pages arrive). Baseline, same run: each against the truth.
 */
export async function runResolutionParityBenchmark(settings: BenchSettings, bench: BenchDatabase, services: HubServices): Promise<BenchResult[]> {
  const synthetic = syntheticPopulation(Math.min(settings.profiles, MAX_SYNTHETIC_RECORDS), settings.seed);
  const realistic = realisticCustomers(settings.realisticRecords, settings.seed);
  return [await parityOn(synthetic.name, synthetic.records, synthetic.truth, bench, services), await parityOn(realistic.name, realistic.records, realistic.truth, bench, services)];
}

async function parityOn(name: string, records: readonly ResolutionRecord[], truth: ReadonlyMap<string, string>, bench: BenchDatabase, services: HubServices): Promise<BenchResult> {
  await emptyStore(bench.database);
  const dropped = { dates: 0 };
  const pages = pagesBySourceInTurn(records).map((page) => ({ source: page.source, records: page.records.map((record) => canonicalRecord(record, dropped)), originals: page.records }));
  const rejected = new Set<string>();
  const started = performance.now();
  await ingestPages(services.ingestion, pages, (page, rejections) => rejections.forEach(({ index }) => rejected.add(pages[page].originals[index].id)));
  const ingestSeconds = (performance.now() - started) / 1000;
  const accepted = records.filter((record) => !rejected.has(record.id));
  const acceptedTruth = new Map(accepted.map((record) => [record.id, truth.get(record.id)!]));
  const stored = await storeQuality(bench, accepted, acceptedTruth);

  // The engine as the store ran it: its settings, and the model it scored with (the start model in a new store).
  const { resolver } = services.identity;
  const model = await resolver.model(bench.database);
  const offlineStarted = performance.now();
  const offline = resolveRecords(
    accepted.map(withoutDroppedDate),
    { ...resolver.config, model: { kind: 'configured', parameters: model } },
  );
  const offlineSeconds = (performance.now() - offlineStarted) / 1000;
  const offlineProfileOf = new Map(offline.profiles.flatMap((profile, index) => profile.map((id) => [id, String(index)] as const)));
  const agreement = clusterQuality(stored.groups, offlineProfileOf);
  const n = accepted.length.toLocaleString('en-US');
  return {
    name: `ingestion-parity:${name}`,
    title: `ingestion in pages of ${PAGE_SIZE} vs hub resolve on the same ${n} records (${name}), same match model`,
    rows: [
      { label: 'store vs hub resolve (agreement)', figures: { ...qualityFigures(agreement), 'profiles (store)': stored.profiles, 'profiles (hub resolve)': offline.profiles.length } },
      { label: 'store vs truth', figures: { ...qualityFigures(stored.quality), seconds: ingestSeconds } },
      { label: 'hub resolve vs truth', figures: { ...qualityFigures(clusterQuality(offline.profiles, acceptedTruth)), seconds: offlineSeconds } },
    ],
    ratio: { description: 'store F1 / hub resolve F1, against the truth', value: stored.quality.f1 / clusterQuality(offline.profiles, acceptedTruth).f1 },
    goals: [goal('pairwise F1 between the store and hub resolve', agreement.f1, '>=', GOAL_AGREEMENT_F1)],
    notes: [`${rejected.size} records refused by ingestion, left out of both; ${dropped.dates} dates of birth in no YYYY-MM-DD form left out of both`],
    details: { records: accepted.length, agreement, stored: stored.quality, ingestSeconds, offlineSeconds },
  };
}

/** The record as ingestion stored it: a date of birth canonicalRecord left out is left out here too. */
function withoutDroppedDate(record: ResolutionRecord): ResolutionRecord {
  const date = record.fields.date_of_birth;
  if (date === undefined) return record;
  const iso = /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}` : date;
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return { ...record, fields: { ...record.fields, date_of_birth: iso } };
  const { date_of_birth: _left, ...fields } = record.fields;
  return { ...record, fields };
}

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_RESOLUTION_CONFIG, RESOLUTION_FIELDS, RESOLVE_FIELD_SET, resolveCsvFile, type OfflineResolution } from '../src/modules/identity';
import { parseColumnMap } from '../src/platform/csv-rows';
import { goal, type BenchResult } from './support/bench-result';
import type { BenchSettings } from './support/bench-settings';
import { connectableTruth } from './support/connectable-truth';
import { exactIdentifierProfiles } from './support/identity-baseline';
import { groupsOf, readRecordGroups, sharedDatasets, type LabelledDataset } from './support/identity-datasets';
import { clusterQuality, qualityFigures } from './support/identity-scores';
import { exactNameAndBirthDateProfiles, historicalPeopleStream } from './support/historical-people';
import { syntheticPopulation, writeLabelledDataset, writeSyntheticDataset } from './support/identity-synthetic';
import { realisticCustomerStream } from './support/realistic-customers';

const GOAL_F1 = 0.95;
// The realistic set's goals (the user's report): what evidence can connect, connected; few records left to a person.
const GOAL_CONNECTABLE_F1 = 0.98;
const GOAL_REVIEW_PERCENT = 2;
const BASELINE_LABEL = 'exact e-mail / phone / national id / unionid';
// The historical set's goals (a user's report on a public benchmark like it): a useful F1, and no profile
// that mixes more than a handful of people, the failure that made the engine unusable there.
const GOAL_HISTORICAL_F1 = 0.8;
const MAX_PEOPLE_IN_A_PROFILE = 5;

/**
 * Identity-resolution quality: `resolveCsvFile` (what `hub resolve` runs) on every ground-truth data set in
 * ../shared/datasets with its --map flags and the default configuration, scored from the file it writes,
 * next to the exact-identifier baseline (equal e-mail, phone, national id or WeChat unionid) on the same records.
 * Then a seeded synthetic population of BENCH_PROFILES records (Chinese and Western people across four
 * sources) as a check at scale, without a goal: the issue's goal is about the shared data sets. Last, the
 * realistic customer set (BENCH_REALISTIC_RECORDS records with the traps a user's data showed), judged
 * against the truth its own evidence can connect. And the historical-people set (BENCH_HISTORICAL_RECORDS
 * records: names, birth dates and places only, many namesakes), next to exact name + birth date linking.
 */
export async function runIdentityQualityBenchmark(settings: BenchSettings): Promise<BenchResult[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'identity-quality-'));
  try {
    const results: BenchResult[] = [];
    for (const dataset of sharedDatasets()) results.push(await measureDataset(dataset, dir, true));
    const synthetic = await writeSyntheticDataset(syntheticPopulation(settings.profiles, settings.seed), dir);
    results.push(await measureDataset(synthetic, dir, false));
    results.push(await measureRealisticCustomers(settings, dir));
    results.push(await measureHistoricalPeople(settings, dir));
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function measureDataset(dataset: LabelledDataset, dir: string, judged: boolean): Promise<BenchResult> {
  const { run, seconds, profiles, baselineProfiles, baselineSeconds } = await resolveDataset(dataset, dir);
  const truth = readRecordGroups(dataset.truthFile, 'entity_id');
  const engine = clusterQuality(profiles, truth);
  const baseline = clusterQuality(baselineProfiles, truth);
  return {
    name: `identity-quality:${dataset.name}`,
    title: `hub resolve on ${dataset.name} (${run.records.length.toLocaleString('en-US')} records, ${engine.truePairs.toLocaleString('en-US')} true pairs), default configuration${dataset.columnMap.length ? `, --map ${dataset.columnMap.join(' --map ')}` : ''}`,
    rows: [
      { label: 'hub resolve (default configuration)', figures: { ...qualityFigures(engine), seconds } },
      { label: BASELINE_LABEL, figures: { ...qualityFigures(baseline), seconds: baselineSeconds } },
    ],
    ratio: { description: 'pairwise F1 hub resolve / exact identifiers', value: engine.f1 / baseline.f1 },
    goals: judged ? [goal('pairwise F1', engine.f1, '>=', GOAL_F1)] : [],
    notes: engineNotes(run),
    details: { records: run.records.length, seconds, baselineSeconds, summary: run.summary, engine, baseline, stats: run.resolution.stats, prior: run.resolution.model.prior },
  };
}

/**
 * The realistic customer set, scored twice: against the full truth (who is who), and against the connectable
 * truth (who is who as far as the records' own evidence shows), which is the one judged. The share of records
 * left in a review pair is the other goal: a data team cannot look at thousands.
 */
async function measureRealisticCustomers(settings: BenchSettings, dir: string): Promise<BenchResult> {
  const name = `realistic-${settings.realisticRecords}`;
  // The nickname column is written as a WeChat export has it; the engine reads past it.
  const columns = [...new Set([...RESOLUTION_FIELDS, 'nickname'])];
  const dataset = await writeLabelledDataset(name, realisticCustomerStream(settings.realisticRecords, settings.seed), dir, columns);
  const { run, seconds, profiles, baselineProfiles, baselineSeconds } = await resolveDataset(dataset, dir);
  const truth = readRecordGroups(dataset.truthFile, 'entity_id');
  const connectable = connectableTruth(run.records, truth, DEFAULT_RESOLUTION_CONFIG.defaultRegion);
  const scores = {
    engine: clusterQuality(profiles, truth),
    baseline: clusterQuality(baselineProfiles, truth),
    engineConnectable: clusterQuality(profiles, connectable),
    baselineConnectable: clusterQuality(baselineProfiles, connectable),
  };
  const inReview = new Set(run.resolution.reviews.flatMap((review) => [review.left, review.right])).size;
  const reviewPercent = (100 * inReview) / run.records.length;
  const entities = new Set(truth.values()).size;
  const connectableEntities = new Set(connectable.values()).size;
  return {
    name: `identity-quality:${name}`,
    title: `hub resolve on ${run.records.length.toLocaleString('en-US')} realistic multi-source customer records (shop, pos, wechat, crm; seed ${settings.seed}), default configuration`,
    rows: [
      { label: 'hub resolve, connectable truth', figures: { ...qualityFigures(scores.engineConnectable), 'records in review': `${reviewPercent.toFixed(2)}%`, seconds } },
      { label: `${BASELINE_LABEL}, connectable truth`, figures: { ...qualityFigures(scores.baselineConnectable), seconds: baselineSeconds } },
      { label: 'hub resolve, full truth', figures: qualityFigures(scores.engine) },
      { label: `${BASELINE_LABEL}, full truth`, figures: qualityFigures(scores.baseline) },
    ],
    ratio: { description: 'pairwise F1 on the connectable truth, hub resolve / exact identifiers', value: scores.engineConnectable.f1 / scores.baselineConnectable.f1 },
    goals: [
      goal('pairwise F1 on the connectable truth', scores.engineConnectable.f1, '>=', GOAL_CONNECTABLE_F1),
      // goal() knows < but not <=: the two differ only when exactly 2.00% of the records wait for review.
      goal('records in a review pair', reviewPercent, '<', GOAL_REVIEW_PERCENT, '%'),
    ],
    notes: [
      `${entities} people, ${connectableEntities} connectable entities: ${scores.engineConnectable.truePairs} of ${scores.engine.truePairs} true pairs are connectable from the records' own evidence`,
      `${run.summary.reviews} review pairs over ${inReview} records`,
      ...engineNotes(run),
    ],
    details: { records: run.records.length, seconds, baselineSeconds, reviewPercent, recordsInReview: inReview, entities, connectableEntities, summary: run.summary, ...scores, stats: run.resolution.stats, prior: run.resolution.model.prior },
  };
}

/**
 * The historical-people set: one source, no identifiers, only names, birth dates, birth places and their
 * postcodes, about ten noisy records a person and many namesakes. Next to the engine, the two unions a user
 * would try first: exact first name + surname + birth date, and the exact-identifier union (which finds
 * nothing to join here). A profile mixing many people is what chaining looks like, so it is counted too.
 */
async function measureHistoricalPeople(settings: BenchSettings, dir: string): Promise<BenchResult> {
  const name = `historical-${settings.historicalRecords}`;
  const dataset = await writeLabelledDataset(name, historicalPeopleStream(settings.historicalRecords, settings.seed), dir);
  const { run, seconds, profiles, baselineProfiles, baselineSeconds } = await resolveDataset(dataset, dir);
  const truth = readRecordGroups(dataset.truthFile, 'entity_id');
  const namesStarted = performance.now();
  const nameProfiles = exactNameAndBirthDateProfiles(run.records);
  const namesSeconds = (performance.now() - namesStarted) / 1000;
  const scores = { engine: clusterQuality(profiles, truth), names: clusterQuality(nameProfiles, truth), baseline: clusterQuality(baselineProfiles, truth) };
  const mixing = { engine: peopleMixed(profiles, truth), names: peopleMixed(nameProfiles, truth) };
  const mixingFigures = ({ most, overLimit }: PeopleMixed) => ({ 'most people in a profile': most, [`profiles of > ${MAX_PEOPLE_IN_A_PROFILE} people`]: overLimit });
  const people = new Set(truth.values()).size;
  return {
    name: `identity-quality:${name}`,
    title: `hub resolve on ${run.records.length.toLocaleString('en-US')} noisy records of ${people.toLocaleString('en-US')} historical people (names, birth dates and places, postcodes; no identifiers; seed ${settings.seed}), default configuration`,
    rows: [
      { label: 'hub resolve (default configuration)', figures: { ...qualityFigures(scores.engine), ...mixingFigures(mixing.engine), seconds } },
      { label: 'exact first name + surname + birth date', figures: { ...qualityFigures(scores.names), ...mixingFigures(mixing.names), seconds: namesSeconds } },
      { label: BASELINE_LABEL, figures: { ...qualityFigures(scores.baseline), seconds: baselineSeconds } },
    ],
    ratio: { description: 'pairwise F1 hub resolve / exact first name + surname + birth date', value: scores.engine.f1 / scores.names.f1 },
    goals: [
      goal('pairwise F1', scores.engine.f1, '>=', GOAL_HISTORICAL_F1),
      goal(`most true people in one profile (no profile may hold records of more than ${MAX_PEOPLE_IN_A_PROFILE} people)`, mixing.engine.most, '<', MAX_PEOPLE_IN_A_PROFILE + 1),
    ],
    notes: [`${people} people, ${scores.engine.truePairs} true pairs; largest profile ${mixing.engine.largest} records`, ...engineNotes(run)],
    details: { records: run.records.length, people, seconds, namesSeconds, baselineSeconds, summary: run.summary, ...scores, mixing, stats: run.resolution.stats, prior: run.resolution.model.prior },
  };
}

interface PeopleMixed {
  /** The most different true people whose records one profile holds. */
  most: number;
  /** Profiles holding records of more than MAX_PEOPLE_IN_A_PROFILE people. */
  overLimit: number;
  /** Records in the largest profile. */
  largest: number;
}

function peopleMixed(profiles: readonly (readonly string[])[], truth: ReadonlyMap<string, string>): PeopleMixed {
  const mixed = { most: 0, overLimit: 0, largest: 0 };
  for (const profile of profiles) {
    const people = new Set(profile.map((id) => truth.get(id))).size;
    mixed.most = Math.max(mixed.most, people);
    mixed.largest = Math.max(mixed.largest, profile.length);
    if (people > MAX_PEOPLE_IN_A_PROFILE) mixed.overLimit++;
  }
  return mixed;
}

/** `hub resolve` on the data set, checked to have read every row, and the exact-identifier baseline on the records it read. */
async function resolveDataset(dataset: LabelledDataset, dir: string) {
  const output = path.join(dir, `${dataset.name}-profiles.csv`);
  const started = performance.now();
  const run = await resolveCsvFile({ input: dataset.recordsFile, output }, { columnMap: parseColumnMap(dataset.columnMap, RESOLVE_FIELD_SET) });
  const seconds = (performance.now() - started) / 1000;
  const profileOfRecord = readRecordGroups(output, 'profile_id');
  if (profileOfRecord.size !== run.records.length || run.summary.skipped > 0) {
    throw new Error(`identity-quality ${dataset.name} is invalid: ${run.records.length} records resolved, ${profileOfRecord.size} rows written, ${run.summary.skipped} skipped`);
  }
  const baselineStarted = performance.now();
  const baselineProfiles = exactIdentifierProfiles(run.records, DEFAULT_RESOLUTION_CONFIG.defaultRegion);
  const baselineSeconds = (performance.now() - baselineStarted) / 1000;
  return { run, seconds, profiles: groupsOf(profileOfRecord), baselineProfiles, baselineSeconds };
}

function engineNotes({ summary, resolution }: OfflineResolution): string[] {
  const { stats } = resolution;
  const estimation = stats.estimation ? `EM ${stats.estimation.iterations} iterations${stats.estimation.converged ? '' : ' (not converged)'}, ` : '';
  return [
    `${summary.profiles} profiles (${summary.merged} merged), ${summary.links} links, ${summary.reviews} review pairs, ${resolution.dropped.length} dropped links`,
    `${stats.candidatePairs} candidate pairs, ${stats.patterns} patterns, ${estimation}prior ${resolution.model.prior.toFixed(4)}, ms ${JSON.stringify(stats.millis)}`,
    ...(stats.oversizedBlocks.length ? [`oversized blocks skipped: ${JSON.stringify(stats.oversizedBlocks)}`] : []),
    ...(stats.estimation?.keptAtStart.length ? [`kept at their start values: ${stats.estimation.keptAtStart.join(', ')}`] : []),
  ];
}

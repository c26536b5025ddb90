import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_RESOLUTION_CONFIG, RESOLVE_FIELD_SET, resolveCsvFile, type OfflineResolution } from '../src/modules/identity';
import { parseColumnMap } from '../src/platform/csv-rows';
import { goal, type BenchResult } from './support/bench-result';
import type { BenchSettings } from './support/bench-settings';
import { exactIdentifierProfiles } from './support/identity-baseline';
import { groupsOf, readRecordGroups, sharedDatasets, type LabelledDataset } from './support/identity-datasets';
import { clusterQuality, qualityFigures } from './support/identity-scores';
import { syntheticPopulation, writeSyntheticDataset } from './support/identity-synthetic';

const GOAL_F1 = 0.95;

/**
 * Identity-resolution quality: `resolveCsvFile` (what `hub resolve` runs) on every ground-truth data set in
 * ../shared/datasets with its --map flags and the default configuration, scored from the file it writes,
 * next to the exact-identifier baseline (equal e-mail, phone or national id) on the same records.
 * Then a seeded synthetic population of BENCH_PROFILES records (Chinese and Western people across four
 * sources) as a check at scale, without a goal: the issue's goal is about the shared data sets.
 */
export async function runIdentityQualityBenchmark(settings: BenchSettings): Promise<BenchResult[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'identity-quality-'));
  try {
    const results: BenchResult[] = [];
    for (const dataset of sharedDatasets()) results.push(await measureDataset(dataset, dir, true));
    const synthetic = await writeSyntheticDataset(syntheticPopulation(settings.profiles, settings.seed), dir);
    results.push(await measureDataset(synthetic, dir, false));
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function measureDataset(dataset: LabelledDataset, dir: string, judged: boolean): Promise<BenchResult> {
  const output = path.join(dir, `${dataset.name}-profiles.csv`);
  const started = performance.now();
  const run = await resolveCsvFile({ input: dataset.recordsFile, output }, { columnMap: parseColumnMap(dataset.columnMap, RESOLVE_FIELD_SET) });
  const seconds = (performance.now() - started) / 1000;

  const profileOfRecord = readRecordGroups(output, 'profile_id');
  if (profileOfRecord.size !== run.records.length || run.summary.skipped > 0) {
    throw new Error(`identity-quality ${dataset.name} is invalid: ${run.records.length} records resolved, ${profileOfRecord.size} rows written, ${run.summary.skipped} skipped`);
  }
  const truth = readRecordGroups(dataset.truthFile, 'entity_id');
  const engine = clusterQuality(groupsOf(profileOfRecord), truth);
  const baselineStarted = performance.now();
  const baseline = clusterQuality(exactIdentifierProfiles(run.records, DEFAULT_RESOLUTION_CONFIG.defaultRegion), truth);
  const baselineSeconds = (performance.now() - baselineStarted) / 1000;

  return {
    name: `identity-quality:${dataset.name}`,
    title: `hub resolve on ${dataset.name} (${run.records.length.toLocaleString('en-US')} records, ${engine.truePairs.toLocaleString('en-US')} true pairs), default configuration${dataset.columnMap.length ? `, --map ${dataset.columnMap.join(' --map ')}` : ''}`,
    rows: [
      { label: 'hub resolve (default configuration)', figures: { ...qualityFigures(engine), seconds } },
      { label: 'exact e-mail / phone / national id', figures: { ...qualityFigures(baseline), seconds: baselineSeconds } },
    ],
    ratio: { description: 'pairwise F1 hub resolve / exact identifiers', value: engine.f1 / baseline.f1 },
    goals: judged ? [goal('pairwise F1', engine.f1, '>=', GOAL_F1)] : [],
    notes: engineNotes(run),
    details: { records: run.records.length, seconds, baselineSeconds, summary: run.summary, engine, baseline, stats: run.resolution.stats, prior: run.resolution.model.prior },
  };
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

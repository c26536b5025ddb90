import type { Database } from '../../platform/database/database';
import { countRecordsAndSources, sampleStoredRecords } from '../profiles';
import { resolveRecords } from './engine';
import type { MatchModelStore } from './match-model.store';
import type { ResolutionConfig } from './resolution-config';
import { resolutionRecordOf } from './resolution-input';
import { fitsComparisons } from './start-match-model';

export type EstimationOutcome =
  | { estimated: true; modelId: string; records: number; pairs: number; prior: number; iterations: number }
  | { estimated: false; reason: string };

/** Below this, EM finds patterns in noise: the start model is the better guess. */
export const MIN_RECORDS_FOR_ESTIMATE = 1000;
const SAMPLE_SIZE = 20_000;

/**
 * Estimates the match model from a sample of the store by EM (the engine's own estimation over the sample's
 * candidate pairs) and stores it; incremental resolution scores with it from then on (each process within
 * half a minute). Duplicates across sources are what EM learns from: a store of one source (or too few
 * records) keeps the start model, and so does an estimate that did not converge.
 */
export async function estimateMatchModel(database: Database, config: ResolutionConfig, models: MatchModelStore): Promise<EstimationOutcome> {
  const { records, sources } = await countRecordsAndSources(database);
  if (records < MIN_RECORDS_FOR_ESTIMATE) return { estimated: false, reason: `the store holds ${records} records; estimating needs ${MIN_RECORDS_FOR_ESTIMATE}` };
  if (sources < 2) return { estimated: false, reason: 'the store holds records of one source only: there are no duplicates across sources to learn from' };
  const rows = await sampleStoredRecords(database, records, SAMPLE_SIZE);
  const sample = rows.map((row) => resolutionRecordOf(row.sourceRecordId, row.source, row.externalId, row.payload));
  const resolution = resolveRecords(sample, { ...config, model: { kind: 'estimate', maxIterations: 500, randomPairs: 20_000 } });
  const estimation = resolution.stats.estimation;
  if (!estimation?.converged) return { estimated: false, reason: `EM did not converge in ${estimation?.iterations ?? 0} iterations; the start model stays` };
  if (!fitsComparisons(resolution.model)) return { estimated: false, reason: 'the estimated model does not cover every field comparison' };
  const modelId = await models.save(database, 'estimated', resolution.model, {
    records: sample.length,
    pairs: resolution.stats.candidatePairs,
    details: { iterations: estimation.iterations, keptAtStart: estimation.keptAtStart },
  });
  return { estimated: true, modelId, records: sample.length, pairs: resolution.stats.candidatePairs, prior: resolution.model.prior, iterations: estimation.iterations };
}

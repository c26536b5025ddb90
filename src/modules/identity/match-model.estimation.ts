import type { SqlExecutor } from '../../platform/database/database';
import { countRecordsAndSources, sampleStoredRecords } from '../profiles';
import { resolveRecords } from './engine';
import type { ModelParameters } from './fellegi-sunter';
import type { ResolutionConfig } from './resolution-config';
import { resolutionRecordOf } from './resolution-input';
import { fitsComparisons } from './start-match-model';

/** What an estimate was made from. */
export interface EstimationBasis {
  /** Records of the sample EM ran on. */
  records: number;
  /** Their candidate pairs (pairs sharing a blocking key): what EM learnt from. */
  pairs: number;
  iterations: number;
  /** Fields whose estimate came out inverted (agreement likelier among non-matches): kept at their start values. */
  keptAtStart: string[];
}

export interface EstimatedMatchModel {
  parameters: ModelParameters;
  basis: EstimationBasis;
}

export type EstimationOutcome = ({ estimated: true } & EstimatedMatchModel) | { estimated: false; reason: string };

/** Below this, EM finds patterns in noise: the start model is the better guess. */
export const MIN_RECORDS_FOR_ESTIMATE = 1000;
/** Records EM runs on at most: enough candidate pairs for every level, in seconds. */
export const ESTIMATION_SAMPLE_SIZE = 20_000;

/**
 * Estimates the match model from a sample of the store by EM (the engine's own estimation over the sample's
 * candidate pairs); nothing is written, saving is the caller's decision. Duplicates across sources are what EM
 * learns from: a store of one source (or too few records) gets no estimate, and neither does an estimate that
 * did not converge or that the engine judged not to be about people.
 */
export async function estimateMatchModel(executor: SqlExecutor, config: ResolutionConfig): Promise<EstimationOutcome> {
  const { records, sources } = await countRecordsAndSources(executor);
  if (records < MIN_RECORDS_FOR_ESTIMATE) return { estimated: false, reason: `the store holds ${records} records; estimating needs ${MIN_RECORDS_FOR_ESTIMATE}` };
  if (sources < 2) return { estimated: false, reason: 'the store holds records of one source only: there are no duplicates across sources to learn from' };
  const rows = await sampleStoredRecords(executor, records, ESTIMATION_SAMPLE_SIZE);
  const sample = rows.map((row) => resolutionRecordOf(row.sourceRecordId, row.source, row.externalId, row.payload, row.phoneRegion));
  const resolution = resolveRecords(sample, { ...config, model: { kind: 'estimate', maxIterations: 500, randomPairs: 20_000 } });
  const estimation = resolution.stats.estimation;
  if (!estimation?.converged) return { estimated: false, reason: `EM did not converge in ${estimation?.iterations ?? 0} iterations; the start model stays` };
  // The engine then resolved with its hand-set model instead: that is no estimate of this store.
  if (estimation.rejected) return { estimated: false, reason: `the estimate is not plausible: ${estimation.rejected}` };
  if (!fitsComparisons(resolution.model)) return { estimated: false, reason: 'the estimated model does not cover every field comparison' };
  return {
    estimated: true,
    parameters: resolution.model,
    basis: { records: sample.length, pairs: resolution.stats.candidatePairs, iterations: estimation.iterations, keptAtStart: estimation.keptAtStart },
  };
}

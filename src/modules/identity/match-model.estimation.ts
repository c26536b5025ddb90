import type { Database } from '../../platform/database/database';
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
  const [{ records, sources }] = await database.query<{ records: number; sources: number }>(
    'select count(*)::int as records, count(distinct source)::int as sources from source_records',
  );
  if (records < MIN_RECORDS_FOR_ESTIMATE) return { estimated: false, reason: `the store holds ${records} records; estimating needs ${MIN_RECORDS_FOR_ESTIMATE}` };
  if (sources < 2) return { estimated: false, reason: 'the store holds records of one source only: there are no duplicates across sources to learn from' };
  // A sample spread over the whole store (ids are time-ordered, so the modulus spreads it over time too).
  const rows = await database.query<{ id: string; source: string; external_id: string; payload: Record<string, unknown> }>(
    `select id, source, external_id, payload from source_records
      where ($1::int <= $2::int) or abs(hashtextextended(id, 0)) % ($1::int / $2::int + 1) = 0
      limit $2`,
    [records, SAMPLE_SIZE],
  );
  const sample = rows.map((row) => resolutionRecordOf(row.id, row.source, row.external_id, row.payload));
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

import type { SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import type { ModelParameters } from './fellegi-sunter';
import { fitsComparisons } from './start-match-model';

/** When a stored model was made, and from how much of the store. */
export interface MatchModelBasis {
  createdAt: Date;
  records: number;
  pairs: number;
}

export interface MatchModel {
  /** `start`: the configured start model (nothing stored yet); otherwise the stored row's id and origin. */
  id: string | null;
  origin: 'start' | 'estimated' | 'configured';
  parameters: ModelParameters;
  /** Absent for the start model: it was not made from the store. */
  made?: MatchModelBasis;
}

interface ModelRow {
  id: string;
  origin: 'estimated' | 'configured';
  parameters: ModelParameters;
  createdAt: Date | string;
  records: number;
  pairs: number;
}

// Another process may estimate a new model; each process picks it up within this long.
export const MODEL_CACHE_MS = 30_000;

/**
 * The match model incremental resolution scores with: the newest row of identity_models, or the start
 * model while there is none (or the stored one no longer fits the engine's comparisons).
 */
export class MatchModelStore {
  private cached: { model: MatchModel; until: number } | undefined;

  constructor(private readonly startModel: ModelParameters) {}

  async current(executor: SqlExecutor): Promise<MatchModel> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.model;
    const [row] = await executor.query<ModelRow>(
      'select id, origin, parameters, created_at as "createdAt", records, pairs from identity_models order by created_at desc, id desc limit 1',
    );
    const model: MatchModel = row && fitsComparisons(row.parameters) ? storedModel(row) : { id: null, origin: 'start', parameters: this.startModel };
    this.cached = { model, until: Date.now() + MODEL_CACHE_MS };
    return model;
  }

  async save(executor: SqlExecutor, origin: 'estimated' | 'configured', parameters: ModelParameters, basis: { records: number; pairs: number; details: Record<string, unknown> }): Promise<string> {
    const id = newId('identityModel');
    await executor.query('insert into identity_models (id, origin, parameters, records, pairs, details) values ($1, $2, $3, $4, $5, $6)', [
      id,
      origin,
      JSON.stringify(parameters),
      basis.records,
      basis.pairs,
      JSON.stringify(basis.details),
    ]);
    this.cached = undefined;
    return id;
  }
}

function storedModel({ id, origin, parameters, createdAt, records, pairs }: ModelRow): MatchModel {
  return { id, origin, parameters, made: { createdAt: new Date(createdAt), records, pairs } };
}

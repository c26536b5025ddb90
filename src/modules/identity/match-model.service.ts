import type { Database } from '../../platform/database/database';
import { levelWeights, type ModelParameters } from './fellegi-sunter';
import { FIELD_COMPARISONS } from './field-comparisons';
import { estimateMatchModel, type EstimatedMatchModel } from './match-model.estimation';
import type { MatchModel, MatchModelBasis } from './match-model.store';
import type { ProbabilisticResolver } from './probabilistic.resolver';

/** One agreement level of a field: m = P(level | same person), u = P(level | different people), weight = log2(m/u). */
export interface LevelParameters {
  level: string;
  m: number;
  u: number;
  weight: number;
}

export interface FieldLevels {
  field: string;
  /** Strongest agreement first, as the engine compares. */
  levels: LevelParameters[];
}

/** A model as people read it: its prior and, per field comparison in the engine's order, its levels. */
export interface ModelLevels {
  prior: number;
  fields: FieldLevels[];
}

export interface MatchModelInUse extends ModelLevels {
  origin: MatchModel['origin'];
  /** null for the start model: it is not stored. */
  id: string | null;
  /** null for the start model: it was not made from the store. */
  made: MatchModelBasis | null;
}

export type MatchModelEstimate = ({ estimated: true } & EstimatedMatchModel & ModelLevels) | { estimated: false; reason: string };

/**
 * The match model as a data team handles it: see the one in use, estimate one from the store's records, and
 * apply an estimate only when they decide to. Estimating writes nothing, so it can be looked at first.
 */
export class MatchModelService {
  constructor(
    private readonly database: Database,
    private readonly resolver: ProbabilisticResolver,
  ) {}

  /** The model this process scores with (one applied by another process shows within MODEL_CACHE_MS). */
  async current(): Promise<MatchModelInUse> {
    const model = await this.resolver.models.current(this.database);
    return { origin: model.origin, id: model.id, made: model.made ?? null, ...modelLevels(model.parameters) };
  }

  /** An estimate from a sample of the store, or why there is none; nothing is written. */
  async estimate(): Promise<MatchModelEstimate> {
    const outcome = await estimateMatchModel(this.database, this.resolver.config);
    return outcome.estimated ? { ...outcome, ...modelLevels(outcome.parameters) } : outcome;
  }

  /** Stores the estimate as the model in use and returns its id: this process scores with it at once, others within MODEL_CACHE_MS. */
  apply(estimate: EstimatedMatchModel): Promise<string> {
    const { records, pairs, iterations, keptAtStart } = estimate.basis;
    return this.resolver.models.save(this.database, 'estimated', estimate.parameters, { records, pairs, details: { iterations, keptAtStart } });
  }
}

function modelLevels(parameters: ModelParameters): ModelLevels {
  const weights = levelWeights(parameters, FIELD_COMPARISONS.map((comparison) => comparison.field));
  const fields = FIELD_COMPARISONS.map(({ field, levels }, f) => {
    const { m, u } = parameters.fields[field];
    return { field, levels: levels.map((level, l) => ({ level, m: m[l], u: u[l], weight: weights[f][l] })) };
  });
  return { prior: parameters.prior, fields };
}
